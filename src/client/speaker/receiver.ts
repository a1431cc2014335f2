import type { RevealApi, RevealPlugin } from 'reveal.js';
import { CHANNEL, isMessage, post, trusted } from './protocol.ts';

/**
 * `?view=receiver`: a slide preview inside the speaker window. The deck without its controls,
 * following what its parent (the speaker window) tells it to show.
 */
export function Receiver(): RevealPlugin {
  let onMessage: ((e: MessageEvent) => void) | undefined;
  return {
    id: 'receiver',
    init(reveal: RevealApi) {
      let ready = false;
      let pending: { h: number; f: number } | undefined;
      onMessage = (e) => {
        if (e.source !== parent || !trusted(e) || !isMessage(e.data) || e.data.kind !== 'show') return;
        const { h, f } = e.data;
        if (ready) reveal.slide(h, 0, f);
        else pending = { h, f };
      };
      addEventListener('message', onMessage);
      reveal.on('ready', () => {
        ready = true;
        if (pending) reveal.slide(pending.h, 0, pending.f);
        post(parent, { channel: CHANNEL, kind: 'receiver-ready' });
      });
    },
    destroy() {
      if (onMessage) removeEventListener('message', onMessage);
    },
  };
}
