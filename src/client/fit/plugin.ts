import type { RevealApi, RevealPlugin } from 'reveal.js';
import { fitSlides } from './fit.ts';

/**
 * Live deck: once the deck font has loaded (sizes depend on it), fits the slide on screen and its
 * neighbours at once, the others while the browser is idle (a whole deck takes a few hundred ms
 * of layout; the first slide must not wait for it). A slide shown before its turn is fitted on
 * the spot, and hot update's new sections (without `data-fit`) are fitted again. The print view
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
      const idle = (work: (deadline?: IdleDeadline) => void): void => {
        if ('requestIdleCallback' in window) requestIdleCallback(work, { timeout: 500 });
        else setTimeout(work, 16);
      };
      const rest = (deadline?: IdleDeadline): void => {
        const start = performance.now();
        const left = pending();
        // A few slides per idle period; at least one, so a busy page still finishes.
        for (const s of left) {
          fitSlides([s]);
          if ((deadline ? deadline.timeRemaining() < 4 : performance.now() - start > 12)) break;
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
      reveal.on('slidechanged', near);
      reveal.on('deckupdate', () => {
        near();
        idle(rest);
      });
    },
  };
}
