import type { ClientDeck } from '../deck/model.ts';

/**
 * Pacing for the speaker view, from the model only: each slide's `timing` (seconds, derived by
 * the compiler from its phase's minutes) gives the planned time window of every slide, and each
 * phase's `minutes` is its budget. Activity slides (`data-activity`) are planned with their own
 * minutes and the phase's other slides share the rest (src/deck/activity.ts's planTimings), so a
 * slide's window here already holds its activity time. Pure functions and a stopwatch with an injected clock, so
 * they are tested without waiting.
 */

/** Planned start and end of a slide, in seconds from the start of the lecture. */
export interface SlideWindow {
  start: number;
  end: number;
}

export function slideWindows(deck: ClientDeck): SlideWindow[] {
  let t = 0;
  return deck.slides.map((s) => {
    const w = { start: t, end: t + s.timing };
    t += s.timing;
    return w;
  });
}

export type PaceStatus = 'ahead' | 'on-time' | 'behind';

export interface Pace extends SlideWindow {
  status: PaceStatus;
  /** Seconds ahead of the slide's planned start, or behind its planned end; 0 when on time. */
  delta: number;
}

/** Ahead when the slide is reached before its planned start, behind when still on it after its planned end. */
export function pace(windows: SlideWindow[], index: number, elapsedSeconds: number): Pace {
  const w = windows[index] ?? { start: 0, end: 0 };
  if (elapsedSeconds < w.start) return { ...w, status: 'ahead', delta: w.start - elapsedSeconds };
  if (elapsedSeconds > w.end) return { ...w, status: 'behind', delta: elapsedSeconds - w.end };
  return { ...w, status: 'on-time', delta: 0 };
}

export interface PhaseTime {
  /** Seconds the phase is planned to take (its `minutes`). */
  budget: number;
  /** Seconds spent on the phase's slides so far. */
  used: number;
  /** budget − used: negative when over. */
  left: number;
}

export function phaseTime(minutes: number, usedSeconds: number): PhaseTime {
  const budget = Math.round(minutes * 60);
  return { budget, used: usedSeconds, left: budget - usedSeconds };
}

/** 75 → "1:15", 3725 → "1:02:05", −30 → "-0:30" (whole seconds, rounded down). */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let s = Math.floor(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const ss = String(s).padStart(2, '0');
  return h ? `${sign}${h}:${String(m).padStart(2, '0')}:${ss}` : `${sign}${m}:${ss}`;
}

/** The stopwatch's state: plain JSON, kept in sessionStorage so a speaker-window reload keeps it. */
export interface TimerState {
  running: boolean;
  /** ms (clock time) since which the running time has not yet been booked. */
  since: number;
  /** ms booked in total. */
  total: number;
  /** ms booked per phase id. */
  phases: Record<string, number>;
  /** The phase on screen: running time is booked to it. */
  phase?: string;
}

export function newTimerState(): TimerState {
  return { running: false, since: 0, total: 0, phases: {} };
}

/** A lecture stopwatch that also books the running time to the phase on screen. */
export class LectureTimer {
  constructor(public state: TimerState = newTimerState()) {}

  /** Books the running time up to `now`. */
  private book(now: number): void {
    const s = this.state;
    if (!s.running) return;
    const d = Math.max(0, now - s.since);
    s.total += d;
    // Phase ids are the author's ("constructor" is a valid one): read own properties only.
    if (s.phase) s.phases[s.phase] = (Object.hasOwn(s.phases, s.phase) ? s.phases[s.phase]! : 0) + d;
    s.since = now;
  }

  get running(): boolean {
    return this.state.running;
  }

  /** True before the first start (or after a reset). */
  get pristine(): boolean {
    return !this.state.running && this.state.total === 0;
  }

  start(now: number): void {
    if (this.state.running) return;
    this.state.running = true;
    this.state.since = now;
  }

  pause(now: number): void {
    this.book(now);
    this.state.running = false;
  }

  reset(): void {
    this.state = { ...newTimerState(), phase: this.state.phase };
  }

  /** The slide on screen moved to phase `id` at `now`. */
  setPhase(id: string, now: number): void {
    if (this.state.phase === id) return;
    this.book(now);
    this.state.phase = id;
  }

  /** Seconds on the clock. */
  elapsed(now: number): number {
    const s = this.state;
    return (s.total + (s.running ? Math.max(0, now - s.since) : 0)) / 1000;
  }

  /** Seconds spent on phase `id`. */
  usedIn(id: string, now: number): number {
    const s = this.state;
    const running = s.running && s.phase === id ? Math.max(0, now - s.since) : 0;
    return ((Object.hasOwn(s.phases, id) ? s.phases[id]! : 0) + running) / 1000;
  }
}
