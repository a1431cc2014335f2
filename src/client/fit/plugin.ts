import type { RevealApi, RevealPlugin } from 'reveal.js';
import { fitSlides } from './fit.ts';

/**
 * Live deck: fits every slide once the deck font has loaded (sizes depend on it), and a slide
 * again when hot update replaces it (a new section has no `data-fit`). The print view fits in
 * print-layout.ts instead, after it has restored the theme's padding.
 */
export function Fit(): RevealPlugin {
  return {
    id: 'fit',
    init(reveal: RevealApi) {
      if (reveal.isPrintView()) return;
      const all = (): HTMLElement[] => reveal.getSlides() as HTMLElement[];
      reveal.on('ready', () => {
        void document.fonts.ready.then(() => {
          fitSlides(all());
          reveal.layout();
        });
      });
      const refit = (): void => fitSlides(all().filter((s) => s.dataset.fit === undefined));
      reveal.on('deckupdate', refit);
      reveal.on('slidechanged', refit);
    },
  };
}
