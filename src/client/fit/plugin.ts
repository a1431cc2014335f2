import type { RevealApi, RevealPlugin } from 'reveal.js';
import { fitSlides } from './fit.ts';
import { REFIT_EVENT } from './later.ts';

/**
 * Live deck: once the deck font has loaded (sizes depend on it), fits the slide on screen and its
 * neighbours at once, the others in short slices after it (the first slide must not wait for
 * them). A slide shown before its turn is fitted on the spot, and hot update's new sections
 * (without `data-fit`) are fitted again. The print view
 * fits in print-layout.ts instead, after it has restored the theme's padding.
 */
export function Fit(): RevealPlugin {
  return {
    id: 'fit',
    init(reveal: RevealApi) {
      if (reveal.isPrintView()) return;
      const pending = (): HTMLElement[] => (reveal.getSlides() as HTMLElement[]).filter((s) => s.dataset.fit === undefined);
      const near = (): void => {
        const { h } = reveal.getIndices();
        const slides = reveal.getSlides() as HTMLElement[];
        const todo = [slides[h], slides[h + 1], slides[h - 1]].filter((s): s is HTMLElement => s !== undefined && s.dataset.fit === undefined);
        if (todo.length) {
          fitSlides(todo);
          reveal.layout();
        }
      };
      // The rest in slices of ~8 ms between tasks (the whole default deck is ~100 ms of layout), so
      // input and the first paint are never held up. Not requestIdleCallback: a page that is never
      // idle (a video, an animation) would wait on its timeout for every slice.
      const idle = (work: () => void): void => void setTimeout(work, 0);
      const rest = (): void => {
        const start = performance.now();
        for (const s of pending()) {
          fitSlides([s]);
          if (performance.now() - start > 8) break;
        }
        if (pending().length) idle(rest);
        else performance.mark('deck:fit-done');
      };
      reveal.on('ready', () => {
        // Every face, also the small supplement files (unicode-range) of characters on slides not
        // yet shown: measured with a fallback font's metrics, a slide would be fitted wrong.
        void Promise.all([...document.fonts].map((f) => f.load().catch(() => undefined))).then(() => {
          const t = performance.now();
          near();
          // Read by tests and the benchmark: what fitting costs before the first slide is final.
          performance.measure('deck:fit', { start: t });
          idle(rest);
        });
      });
      // The quiz controller adds its UI after the slide was fitted: fit it again with the UI in.
      reveal.getSlidesElement()?.addEventListener(REFIT_EVENT, (e) => {
        const s = e.target as HTMLElement;
        if (!(reveal.getSlides() as HTMLElement[]).includes(s)) return;
        fitSlides([s]);
        reveal.layout();
      });
      reveal.on('slidechanged', near);
      reveal.on('deckupdate', () => {
        near();
        idle(rest);
      });
    },
  };
}
