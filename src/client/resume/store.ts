import type { ClientDeck } from '../../deck/model.ts';

// The learner's progress in localStorage: the resume plugin, the progress bar and quizzes share it.

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
