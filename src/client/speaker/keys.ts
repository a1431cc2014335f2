import { commandFor } from '../keymap.ts';
import type { Command } from './protocol.ts';

/**
 * Keys pressed in the console: the shared key map's commands (keymap.ts, the help dialog's too),
 * except Space/Enter on the console's own buttons, which press them.
 */
export function onSpeakerKey(run: (command: Command) => void): void {
  addEventListener('keydown', (e) => {
    if ((e.target as HTMLElement | null)?.closest?.('button') && (e.key === ' ' || e.key === 'Enter')) return;
    const command = commandFor(e);
    if (!command) return;
    e.preventDefault();
    run(command);
  });
}

/** Where a command moves a console that drives no deck window (opened directly, or its deck closed). */
export function moveAlone(command: Command, h: number, last: number, paused: boolean): { h: number; paused: boolean } {
  if (command === 'next') return { h: Math.min(h + 1, last), paused };
  if (command === 'prev') return { h: Math.max(h - 1, 0), paused };
  if (command === 'first') return { h: 0, paused };
  if (command === 'last') return { h: last, paused };
  return { h, paused: !paused };
}
