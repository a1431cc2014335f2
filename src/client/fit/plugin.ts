import type { RevealApi, RevealPlugin } from 'reveal.js';
import { fitSlides } from './fit.ts';
import { fontsIn, loadFonts } from './fonts.ts';
import { FIT_ALL_EVENT, REFIT_EVENT } from './later.ts';

/**
 * Live deck: once reveal.js is ready and the faces of the deck font they need have loaded (sizes
 * depend on them, fonts.ts), fits the slide on screen and its neighbours; each slide change fits
 * the new neighbours before they can be shown (slidechanged runs before the next frame is painted)
 * and starts loading the faces of the slide after them, so that its fit is synchronous too. Slides
 * far away are fitted only when something shows them all: the overview, the reading view
 * (FIT_ALL_EVENT), a hot update while one of those is open. Why lazily: fitting is layout work (a
 * few layouts a slide); fitting a 58-slide deck in the background cost a phone ~3 s of main thread
 * after load (Lighthouse's blocking time) and every opened page the same CPU, for slides most
 * visits never reach.
 * A slide whose faces are not in when it must be fitted at once (the overview) is fitted with the
 * fallback metrics, then again when they arrive. While the deck is not rendered (the reading view
 * hides it), nothing is measured: a hidden slide measures 0 and would keep the theme's sizes.
 * Hot update's new sections (without `data-fit`) are fitted again. The print view fits in
 * print-layout.ts instead, after it has restored the theme's padding.
 */
export function Fit(): RevealPlugin {
  let destroy = (): void => undefined;
  return {
    id: 'fit',
    init(reveal: RevealApi) {
      if (reveal.isPrintView()) return;
      let started = false;
      let destroyed = false;
      let allWanted = false;
      let lastH = -1;
      const deckEl = reveal.getRevealElement() as HTMLElement | null;
      // Fitted before their faces were in: fitted again when they are.
      const provisional = new Set<HTMLElement>();
      const slides = (): HTMLElement[] => reveal.getSlides() as HTMLElement[];
      const unfitted = (list: Array<HTMLElement | undefined>): HTMLElement[] =>
        list.filter((s): s is HTMLElement => s !== undefined && (s.dataset.fit === undefined || provisional.has(s)));
      const rendered = (): boolean => !deckEl || deckEl.getClientRects().length > 0;
      let hiddenWanted = false;
      const fitNow = (list: HTMLElement[]): void => {
        if (list.length === 0) return;
        for (const s of list) provisional.delete(s);
        fitSlides(list);
        reveal.layout();
      };
      /** Fits `list` now where its faces are in; the rest when they are (`now`: at once, and again then). */
      const fit = (list: HTMLElement[], now = false): void => {
        if (!started || destroyed || list.length === 0) return;
        if (!rendered()) {
          hiddenWanted = true;
          return;
        }
        if (now || fontsIn(list)) {
          const missing = now ? list.filter((s) => !fontsIn([s])) : [];
          fitNow(list);
          for (const s of missing) provisional.add(s);
          if (missing.length) void loadFonts(missing).then(() => !destroyed && rendered() && fitNow(unfitted(missing)));
          return;
        }
        const ready = list.filter((s) => fontsIn([s]));
        fitNow(ready);
        const waiting = list.filter((s) => !ready.includes(s));
        void loadFonts(waiting).then(() => !destroyed && fit(unfitted(waiting)));
      };
      const near = (): void => {
        const { h } = reveal.getIndices();
        const all = slides();
        fit(unfitted([all[h], all[h + 1], all[h - 1]]));
        // The slide after next: its faces load now, so that its fit is synchronous when it is next.
        const ahead = all[h + (h >= lastH ? 2 : -2)];
        lastH = h;
        if (ahead && ahead.dataset.fit === undefined && !fontsIn([ahead])) void loadFonts([ahead]);
      };
      // Every slide: for the overview while it is open, and from the first FIT_ALL_EVENT on (the
      // reading view keeps showing them all).
      const showsAll = (): boolean => allWanted || reveal.isOverview();
      const fitRest = (): void => fit(unfitted(slides()), reveal.isOverview());
      const fitAll = (): void => {
        allWanted = true;
        fitRest();
      };
      reveal.on('ready', () => {
        const { h } = reveal.getIndices();
        const all = slides();
        const first = [all[h], all[h + 1], all[h - 1]].filter((s): s is HTMLElement => s !== undefined);
        // The faces the slides on screen need; every other slide waits for its own.
        void loadFonts(first).then(() => {
          if (destroyed) return;
          started = true;
          const t = performance.now();
          near();
          // Read by tests and the benchmark: what fitting costs before the first slide is final.
          performance.measure('deck:fit', { start: t });
          if (showsAll()) fitRest();
          // The slides on screen (and their neighbours) have their final size.
          performance.mark('deck:fit-done');
        });
      });
      // The quiz controller adds its UI after the slide was fitted: fit it again with the UI in.
      const refit = (e: Event): void => {
        const s = e.target as HTMLElement;
        if (!slides().includes(s)) return;
        fit([s], true);
      };
      // Shown again (the reading view closed): fit what was asked for while it was hidden.
      const shown = new ResizeObserver(() => {
        if (!hiddenWanted || !rendered()) return;
        hiddenWanted = false;
        update();
      });
      if (deckEl) shown.observe(deckEl);
      const slidesEl = reveal.getSlidesElement();
      slidesEl?.addEventListener(REFIT_EVENT, refit);
      document.addEventListener(FIT_ALL_EVENT, fitAll);
      reveal.on('slidechanged', near);
      reveal.on('overviewshown', fitRest);
      const update = (): void => {
        near();
        if (showsAll()) fitRest();
      };
      reveal.on('deckupdate', update);
      destroy = () => {
        destroyed = true;
        shown.disconnect();
        slidesEl?.removeEventListener(REFIT_EVENT, refit);
        document.removeEventListener(FIT_ALL_EVENT, fitAll);
        reveal.off('slidechanged', near);
        reveal.off('overviewshown', fitRest);
        reveal.off('deckupdate', update);
      };
    },
    destroy: () => destroy(),
  };
}
