/**
 * The speaker windows' transport (postMessage, BroadcastChannel fallback). The messages themselves
 * are a contract with other windows: src/shared/speaker.ts.
 */
import { CHANNEL, type Message } from '../../shared/speaker.ts';

export { CHANNEL, COMMANDS, isMessage, type Command, type Message } from '../../shared/speaker.ts';

/** file:// pages have an opaque origin that no target origin string matches: '*' is the only way there. */
export function targetOrigin(): string {
  return /^https?:$/.test(location.protocol) ? location.origin : '*';
}

/** Only our own pages: same origin, or (file://) another local file. */
export function trusted(e: MessageEvent): boolean {
  return e.origin === location.origin || (location.protocol === 'file:' && (e.origin === 'null' || e.origin === 'file://'));
}

export function post(target: Window | null | undefined, message: Message): void {
  try {
    target?.postMessage(message, targetOrigin());
  } catch {
    // The other window went away between the check and the call.
  }
}

/**
 * Same-origin fallback for a speaker console opened by hand (a blocked pop-up, a second tab or
 * screen): no window reference links the two, so both sides also talk on a BroadcastChannel
 * named after the deck's page. Unavailable on some file:// pages: then undefined.
 */
export function deckChannel(): BroadcastChannel | undefined {
  try {
    return new BroadcastChannel(`${CHANNEL}:${location.pathname}`);
  } catch {
    return undefined;
  }
}
