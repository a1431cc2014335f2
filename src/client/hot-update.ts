import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { DeckUpdate } from '../vite/deck-plugin.ts';

/**
 * Dev only: applies a `deck:update` from the vite plugin in place: new slide HTML and model,
 * same slide on screen, no reload. Other plugins listen for the `deckupdate` event to re-read the model.
 */
export function HotUpdate(): RevealPlugin {
  return {
    id: 'hot-update',
    init(reveal: RevealApi) {
      if (!import.meta.hot) return;
      import.meta.hot.on('deck:update', (update: DeckUpdate) => {
        const { h, f } = reveal.getIndices();
        reveal.getSlidesElement()!.innerHTML = update.slides;
        const data = document.querySelector('script#deck-data');
        if (data) data.textContent = update.data;
        reveal.sync();
        reveal.slide(Math.min(h, reveal.getTotalSlides() - 1), 0, f);
        reveal.dispatchEvent({ type: 'deckupdate', data: {} });
      });
    },
  };
}
