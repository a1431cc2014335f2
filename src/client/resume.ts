import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { ClientDeck } from '../deck/model.ts';
import { readDeckData } from './deck-data.ts';
import { strings } from './i18n.ts';
import { showNotice } from './notice.ts';

/** What the browser remembers about a learner's way through one deck (localStorage only). */
export interface Progress {
  /** 0-based index of the last slide seen. */
  slide?: number;
  /** Ids of the phases seen at least once (marked on the progress bar). */
  visited?: string[];
  /** Quiz answers by slide index (src/client/quiz/controller.ts). */
  quiz?: Record<string, QuizRecord>;
}

/** One quiz slide's answer: the 0-based choices picked and, once checked, the result. */
export interface QuizRecord {
  selected: number[];
  result?: 'correct' | 'wrong';
  /** Shown by the teacher (`quiz:reveal`); not stored. */
  revealed?: boolean;
}

export interface ProgressStore {
  read(): Progress;
  write(patch: Progress): void;
}

/** One entry per deck: its title and the page's path (the same deck may be published twice). */
export function progressKey(deck: ClientDeck, loc: Location = location): string {
  return `lecture-deck:progress:${deck.meta.title}:${loc.pathname.replace(/index\.html$/, '')}`;
}

export function progressStore(deck: ClientDeck): ProgressStore {
  const key = progressKey(deck);
  const read = (): Progress => {
    try {
      const v: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
      return v && typeof v === 'object' ? (v as Progress) : {};
    } catch {
      // Storage disabled (private mode, some file:// set-ups) or a corrupt entry: start fresh.
      return {};
    }
  };
  return {
    read,
    write(patch) {
      try {
        localStorage.setItem(key, JSON.stringify({ ...read(), ...patch }));
      } catch {
        // Quota or disabled storage: resuming is a convenience, never an error.
      }
    },
  };
}

/** True when the URL names no slide (`#/N`): only then may we resume. */
function urlNamesSlide(): boolean {
  return /^#\/./.test(location.hash);
}

/**
 * Resume: a learner who comes back to the bare URL lands on the last slide they saw, with a small
 * dismissible notice and a way back to the start. A URL with `#/N` always wins.
 */
export function Resume(): RevealPlugin {
  return {
    id: 'resume',
    init(reveal: RevealApi) {
      // A printout shows every slide; it neither resumes nor moves the learner's place.
      if (reveal.isPrintView()) return;
      const deck = readDeckData();
      const store = progressStore(deck);
      const saved = store.read().slide;
      let resumed: number | undefined;
      if (!urlNamesSlide() && typeof saved === 'number' && saved > 0 && saved < deck.slides.length) {
        // Plugins initialise before reveal.js reads the URL, so setting the hash here opens the
        // slide directly (no flash of slide 1, no transition).
        history.replaceState(history.state, '', `${location.pathname}${location.search}#/${saved}`);
        resumed = saved;
      }
      let notice: HTMLElement | undefined;
      reveal.on('ready', () => {
        if (resumed !== undefined) notice = resumeNotice(reveal, deck, resumed);
      });
      reveal.on('slidechanged', (e) => {
        const h = (e as Event & { indexh: number }).indexh;
        store.write({ slide: h });
        // Moving on answers the notice: it only needs to be seen on arrival.
        if (notice && h !== resumed) {
          notice.remove();
          notice = undefined;
        }
      });
    },
  };
}

function resumeNotice(reveal: RevealApi, deck: ClientDeck, index: number): HTMLElement {
  const t = strings(deck.meta.lang);
  return showNotice({ text: t.resumed(index + 1), action: { label: t.startOver, run: () => reveal.slide(0) }, closeLabel: t.close });
}
