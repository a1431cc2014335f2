import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { ClientDeck } from '../deck/model.ts';
import { readDeckData } from './deck-data.ts';
import { strings } from './i18n.ts';
import { showNotice } from './notice.ts';
import { progressStore } from './resume/store.ts';

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
