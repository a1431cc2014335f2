/**
 * The deck's keys, in one place: the help dialog lists them and the speaker console acts on them,
 * so the two cannot drift apart. reveal.js itself handles these keys in the deck window; this
 * table describes them (and drives the speaker window, which has no reveal.js).
 */
import type { Command } from '../shared/speaker.ts';
import { isShortcutEvent } from './shortcuts.ts';

export interface KeyBinding {
  /** As shown in the help (a `<kbd>`). */
  label: string;
  /** `KeyboardEvent.key` values that press it. */
  keys: string[];
  /** When set, Shift must be down (true) or up (false); otherwise either. */
  shift?: boolean;
}

const key = (label: string, keys: string[] = [label], shift?: boolean): KeyBinding => ({ label, keys, shift });

/** Key groups in the order the help lists them. */
export const KEYMAP = {
  next: [key('→', ['ArrowRight']), key('↓', ['ArrowDown']), key('Space', [' '], false), key('N', ['n', 'N']), key('PageDown')],
  prev: [key('←', ['ArrowLeft']), key('↑', ['ArrowUp']), key('Shift+Space', [' '], true), key('P', ['p', 'P']), key('PageUp')],
  first: [key('Home')],
  last: [key('End')],
  pause: [key('B', ['b', 'B']), key('.')],
  overview: [key('O', ['o', 'O']), key('Esc', ['Escape'])],
  fullscreen: [key('F', ['f', 'F'])],
  jump: [key('G', ['g', 'G'])],
  speaker: [key('S', ['s', 'S'])],
  reading: [key('R', ['r', 'R'])],
  furigana: [key('Y', ['y', 'Y'])],
  help: [key('?'), key('F1')],
  // Quiz and activity slides (quiz.ts): only on such a slide.
  quizChoose: [key('1…9', ['1', '2', '3', '4', '5', '6', '7', '8', '9'])],
  quizCheck: [key('Enter')],
  activityTimer: [key('T', ['t', 'T'])],
  // Live classroom (classroom/live.ts): only on a page the classroom server served.
  classroomJoin: [key('J', ['j', 'J'])],
  classroomLive: [key('L', ['l', 'L'])],
} satisfies Record<string, KeyBinding[]>;

export type KeyAction = keyof typeof KEYMAP;

/** Whether `e` presses one of `action`'s keys. */
export function pressed(e: KeyboardEvent, action: KeyAction): boolean {
  return KEYMAP[action].some((b) => b.keys.includes(e.key) && (b.shift === undefined || b.shift === e.shiftKey));
}

/**
 * The speaker-window command a key press asks for, if any. Same filter as the deck's own
 * shortcuts: not while composing with an IME, in a form field, or with Ctrl/Alt/Meta.
 */
export function commandFor(e: KeyboardEvent): Command | undefined {
  if (!isShortcutEvent(e)) return undefined;
  const commands: Command[] = ['next', 'prev', 'first', 'last', 'pause'];
  return commands.find((c) => pressed(e, c));
}
