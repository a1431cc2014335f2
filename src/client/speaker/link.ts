import type { RevealApi } from 'reveal.js';
import { pressed } from '../keymap.ts';
import { onShortcut, overlayOpen, type TogglePlugin } from '../shortcuts.ts';
import { CHANNEL, COMMANDS, deckChannel, isMessage, post, trusted, type Command } from './protocol.ts';

/**
 * The deck window's side of the speaker view: `S` opens `?view=speaker` (the same page, which lays
 * out the speaker console instead of the deck), and the two windows talk by postMessage: the deck
 * reports where it is, the speaker window sends the keys pressed in it.
 */
export function SpeakerLink(): TogglePlugin {
  let reveal: RevealApi;
  let opened: Window | null = null;
  const speakers = new Set<Window>();
  const channel = deckChannel();
  let unbind = (): void => {};

  const state = () => {
    const { h, f } = reveal.getIndices();
    return { channel: CHANNEL, kind: 'state', h, f: f ?? -1, paused: reveal.isPaused() } as const;
  };
  const broadcast = (): void => {
    for (const w of speakers) {
      if (w.closed) speakers.delete(w);
      else post(w, state());
    }
    channel?.postMessage(state());
  };
  const run = (command: Command): void => {
    if (command === 'next') reveal.next();
    else if (command === 'prev') reveal.prev();
    else if (command === 'first') reveal.slide(0);
    else if (command === 'last') reveal.slide(reveal.getTotalSlides() - 1);
    else if (command === 'pause') reveal.togglePause();
  };
  const open = (): void => {
    if (opened && !opened.closed) {
      opened.focus();
      return;
    }
    opened = window.open(`${location.pathname}?view=speaker${location.hash}`, 'lecture-deck-speaker', 'popup,width=1280,height=800');
    if (opened) speakers.add(opened);
  };

  return {
    id: 'speaker-link',
    toggle: open,
    init(r: RevealApi) {
      reveal = r;
      const offKey = onShortcut((e) => pressed(e, 'speaker') && !overlayOpen(), open);
      const onMessage = (e: MessageEvent): void => {
        // e.source is another window's proxy (instanceof Window fails across windows).
        if (!e.source || !trusted(e) || !isMessage(e.data)) return;
        const source = e.source as Window;
        if (e.data.kind === 'hello') {
          speakers.add(source);
          post(source, state());
        } else if (e.data.kind === 'command' && speakers.has(source) && COMMANDS.includes(e.data.command)) {
          run(e.data.command);
        }
      };
      addEventListener('message', onMessage);
      // Consoles opened by hand: the same hello/command messages over the deck's BroadcastChannel.
      channel?.addEventListener('message', (e: MessageEvent) => {
        if (!isMessage(e.data)) return;
        if (e.data.kind === 'hello') channel.postMessage(state());
        else if (e.data.kind === 'command' && COMMANDS.includes(e.data.command)) run(e.data.command);
      });
      const events = ['slidechanged', 'fragmentshown', 'fragmenthidden', 'paused', 'resumed'];
      for (const type of events) r.on(type, broadcast);
      unbind = () => {
        offKey();
        removeEventListener('message', onMessage);
        for (const type of events) r.off(type, broadcast);
      };
    },
    destroy() {
      unbind();
      channel?.close();
    },
  };
}
