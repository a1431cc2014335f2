/**
 * Messages between the deck window, its speaker window and the speaker window's slide previews
 * (postMessage: works on http(s) and on file://, where BroadcastChannel and storage events are
 * not reliable across windows). The transport is src/client/speaker/protocol.ts.
 */

export const CHANNEL = 'lecture-deck';

/** What the speaker window may ask the deck window to do (nothing else is executed). */
export type Command = 'next' | 'prev' | 'first' | 'last' | 'pause';
export const COMMANDS: readonly Command[] = ['next', 'prev', 'first', 'last', 'pause'];

export type Message =
  /** speaker → deck, on load and every few seconds: "send me your state" (survives a deck reload). */
  | { channel: typeof CHANNEL; kind: 'hello' }
  /** deck → speaker: where the deck is. */
  | { channel: typeof CHANNEL; kind: 'state'; h: number; f: number; paused: boolean }
  /** speaker → deck: keys pressed in the speaker window. */
  | { channel: typeof CHANNEL; kind: 'command'; command: Command }
  /** speaker → preview iframe: show this slide and fragment step. */
  | { channel: typeof CHANNEL; kind: 'show'; h: number; f: number }
  /** preview iframe → speaker: ready to be told what to show. */
  | { channel: typeof CHANNEL; kind: 'receiver-ready' };

export function isMessage(data: unknown): data is Message {
  return typeof data === 'object' && data !== null && (data as { channel?: unknown }).channel === CHANNEL;
}
