import { CHANNEL, deckChannel, isMessage, post, trusted, type Command, type Message } from './protocol.ts';

const HELLO_EVERY_MS = 2000;

export type StateMessage = Extract<Message, { kind: 'state' }>;

/** The speaker console's line to the deck window: its opener, or the deck's BroadcastChannel. */
export interface DeckLink {
  /** Whether a deck window is listening (the opener is open, or the channel answered lately). */
  linked(): boolean;
  /** Sends a key's command to the deck window; false when none listens (the console moves alone). */
  send(command: Command): boolean;
}

/**
 * Connects the console to the deck window: says hello (again every few seconds: a reloaded deck
 * window has forgotten us), passes on the deck's state reports and the previews' ready messages.
 */
export function connectToDeck(handlers: { state(m: StateMessage): void; receiverReady(from: MessageEventSource | null): void }): DeckLink {
  const opener = window.opener as Window | null;
  // Opened by hand (no opener): follow the deck over its BroadcastChannel instead.
  const channel = opener ? undefined : deckChannel();
  // The deck answers every hello: silence for a few of them means its tab was closed.
  let heardAt = -Infinity;
  const heardOnChannel = (): boolean => Date.now() - heardAt < 3 * HELLO_EVERY_MS;
  const openerOpen = (): boolean => !!opener && !opener.closed;

  channel?.addEventListener('message', (e: MessageEvent) => {
    if (!isMessage(e.data) || e.data.kind !== 'state') return;
    heardAt = Date.now();
    handlers.state(e.data);
  });
  addEventListener('message', (e) => {
    if (!trusted(e) || !isMessage(e.data)) return;
    const m = e.data;
    if (m.kind === 'state' && e.source === opener) handlers.state(m);
    else if (m.kind === 'receiver-ready') handlers.receiverReady(e.source);
  });

  const hello = (): void => {
    if (openerOpen()) post(opener, { channel: CHANNEL, kind: 'hello' });
    else channel?.postMessage({ channel: CHANNEL, kind: 'hello' });
  };
  hello();
  setInterval(hello, HELLO_EVERY_MS);

  return {
    linked: () => openerOpen() || heardOnChannel(),
    send(command) {
      if (openerOpen()) {
        post(opener, { channel: CHANNEL, kind: 'command', command });
        return true;
      }
      if (heardOnChannel() && channel) {
        channel.postMessage({ channel: CHANNEL, kind: 'command', command });
        return true;
      }
      return false;
    },
  };
}
