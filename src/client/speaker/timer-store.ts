import type { ClientDeck } from '../../deck/model.ts';
import { LectureTimer, type TimerState } from '../pacing.ts';

/**
 * The speaker's stopwatch survives a reload of the console (sessionStorage: this tab only), one
 * per deck and page.
 */
export function storedTimer(deck: ClientDeck): { timer: LectureTimer; save(): void } {
  const key = `lecture-deck:speaker-timer:${deck.meta.title}:${location.pathname}`;
  let state: TimerState | undefined;
  try {
    state = (JSON.parse(sessionStorage.getItem(key) ?? 'null') as TimerState | null) ?? undefined;
  } catch {
    state = undefined;
  }
  const timer = new LectureTimer(state);
  return {
    timer,
    save() {
      try {
        sessionStorage.setItem(key, JSON.stringify(timer.state));
      } catch {
        // Without storage a reload restarts the stopwatch; nothing else depends on it.
      }
    },
  };
}
