import type { ClientDeck } from '../../deck/model.ts';
import { formatDuration } from '../pacing.ts';
import { quizWords } from './words.ts';

/**
 * The activity countdown of a `data-activity` slide. One timer per deck, its state in
 * localStorage, so the deck window and the speaker window (same origin) show and drive the same
 * countdown: each renders from the stored state and hears the other's changes as `storage` events.
 */
export interface ActivityTimerState {
  /** Slide (0-based) whose activity is being timed. */
  index: number;
  running: boolean;
  /** Clock time (ms) the countdown reaches zero, while running. */
  endsAt: number;
  /** ms left, while paused. */
  left: number;
}

export function timerKey(deck: ClientDeck, loc: Location = location): string {
  return `lecture-deck:activity-timer:${deck.meta.title}:${loc.pathname.replace(/index\.html$/, '')}`;
}

export function readTimer(deck: ClientDeck): ActivityTimerState | undefined {
  try {
    const v = JSON.parse(localStorage.getItem(timerKey(deck)) ?? 'null') as ActivityTimerState | null;
    return v && typeof v.index === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}

function writeTimer(deck: ClientDeck, s: ActivityTimerState | undefined): void {
  try {
    if (s) localStorage.setItem(timerKey(deck), JSON.stringify(s));
    else localStorage.removeItem(timerKey(deck));
  } catch {
    // Without storage the timer still runs in this window (listeners get the state directly).
  }
  for (const l of listeners) l(s);
}

const listeners = new Set<(s: ActivityTimerState | undefined) => void>();

/** Calls `fn` on every change of the timer, from this window or another one; returns its remover. */
export function onTimerChange(deck: ClientDeck, fn: (s: ActivityTimerState | undefined) => void): () => void {
  const key = timerKey(deck);
  const onStorage = (e: StorageEvent): void => {
    if (e.key === key) fn(readTimer(deck));
  };
  listeners.add(fn);
  addEventListener('storage', onStorage);
  return () => {
    listeners.delete(fn);
    removeEventListener('storage', onStorage);
  };
}

/** ms left on slide `index`'s countdown at `now` (its full length when it is not the timed one). */
export function timeLeft(deck: ClientDeck, index: number, now: number, s = readTimer(deck)): number {
  const full = (deck.slides[index]?.activity?.minutes ?? 0) * 60_000;
  if (!s || s.index !== index) return full;
  return Math.max(0, s.running ? s.endsAt - now : s.left);
}

/** Start, pause or resume slide `index`'s countdown (`T` and the visible button); after zero, start again. */
export function toggleTimer(deck: ClientDeck, index: number, now = Date.now()): void {
  const s = readTimer(deck);
  const left = timeLeft(deck, index, now, s);
  const full = (deck.slides[index]?.activity?.minutes ?? 0) * 60_000;
  if (s && s.index === index && s.running && left > 0) writeTimer(deck, { index, running: false, endsAt: 0, left });
  else {
    const from = left > 0 ? left : full;
    writeTimer(deck, { index, running: true, endsAt: now + from, left: from });
  }
}

export function resetTimer(deck: ClientDeck, index: number): void {
  const s = readTimer(deck);
  if (!s || s.index === index) writeTimer(deck, undefined);
}

/**
 * The countdown as the class sees it: `role="timer"` with the time left, a start/pause button
 * (`T`) and a reset button. Plain markup with `data-quiz-action`: one delegated click listener
 * serves it and its copies (the reading view copies slides, without their listeners).
 */
export function timerBar(deck: ClientDeck, index: number): HTMLElement {
  const w = quizWords(deck.meta.lang);
  const minutes = deck.slides[index]?.activity?.minutes ?? 0;
  const el = document.createElement('div');
  el.className = 'activity-bar';
  el.dataset.activityIndex = String(index);
  const clock = document.createElement('span');
  clock.className = 'activity-timer';
  clock.setAttribute('role', 'timer');
  clock.setAttribute('aria-label', w.timerLabel(minutes));
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'activity-toggle';
  toggle.dataset.quizAction = 'timer';
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.className = 'activity-reset';
  reset.dataset.quizAction = 'timer-reset';
  reset.textContent = w.timerReset;
  el.append(clock, toggle, reset);
  renderTimerBar(deck, el);
  return el;
}

export type TimerPhase = 'idle' | 'running' | 'paused' | 'done';

/** Draws a timer bar from the stored state; returns its phase. */
export function renderTimerBar(deck: ClientDeck, el: HTMLElement, now = Date.now()): TimerPhase {
  const w = quizWords(deck.meta.lang);
  const index = Number(el.dataset.activityIndex);
  const full = (deck.slides[index]?.activity?.minutes ?? 0) * 60_000;
  const s = readTimer(deck);
  const left = timeLeft(deck, index, now, s);
  const mine = s?.index === index;
  const phase: TimerPhase = !mine ? 'idle' : s.running ? (left > 0 ? 'running' : 'done') : 'paused';
  const clock = el.querySelector('.activity-timer')!;
  const text = phase === 'done' ? `0:00 ${w.timerDone}` : formatDuration(Math.ceil(left / 1000));
  if (clock.textContent !== text) clock.textContent = text;
  const toggle = el.querySelector('.activity-toggle')!;
  toggle.textContent = `${phase === 'running' ? w.timerPause : phase === 'paused' && left < full ? w.timerResume : w.timerStart} (T)`;
  toggle.setAttribute('aria-pressed', String(phase === 'running'));
  el.dataset.state = phase;
  return phase;
}

/** A soft two-note chime (Web Audio, generated: nothing to download); silent when audio is blocked. */
export function chime(): void {
  try {
    const Ctx = window.AudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const t0 = ctx.currentTime;
    [660, 880].forEach((f, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = f;
      const t = t0 + i * 0.35;
      gain.gain.setValueAtTime(0, t);
      gain.gain.linearRampToValueAtTime(0.12, t + 0.05);
      gain.gain.exponentialRampToValueAtTime(0.001, t + 0.9);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 1);
    });
    setTimeout(() => void ctx.close(), 2000);
  } catch {
    // Autoplay policy or no audio device: the visual signal and the announcement remain.
  }
}
