import type { RevealApi, RevealPlugin } from 'reveal.js';
import { fitSlides } from './fit.ts';
import { fontsIn, loadFonts } from './fonts.ts';
import { FIT_ALL_EVENT, REFIT_EVENT } from './later.ts';
import { nextTask } from '../start-up.ts';

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
      // Not one before the first: the slides shown at load are not a step forward.
      let lastH = -2;
      // Every slide's faces asked for (see near()).
      let walking = false;
      const deckEl = reveal.getRevealElement() as HTMLElement | null;
      // Fitted before their faces were in: fitted again when they are.
      const provisional = new Set<HTMLElement>();
      const slides = (): HTMLElement[] => reveal.getSlides() as HTMLElement[];
      const unfitted = (list: Array<HTMLElement | undefined>): HTMLElement[] =>
        list.filter((s): s is HTMLElement => s !== undefined && (s.dataset.fit === undefined || provisional.has(s)));
      // Whether the deck is rendered, from a ResizeObserver, not measured here: in the reading view
      // a measurement would lay out its whole long page on each slide change. (A slide measured
      // hidden stays unfitted, fit.ts.)
      let visible = true;
      const fitNow = (list: HTMLElement[]): void => {
        if (list.length === 0) return;
        for (const s of list) provisional.delete(s);
        fitSlides(list);
        // reveal.js places centred slides and sizes stretched elements by their content's size:
        // only those need its layout again (a forced layout of the deck each fit otherwise).
        if (reveal.getConfig().center || list.some((s) => s.classList.contains('center') || s.querySelector('.stretch, .r-stretch'))) reveal.layout();
      };
      /** Fits `list` now where its faces are in; the rest when they are (`now`: at once, and again then). */
      const fit = (list: HTMLElement[], now = false): void => {
        // Hidden: fitted when shown again (the observer below).
        if (!started || destroyed || list.length === 0 || !visible) return;
        const waiting = list.filter((s) => !fontsIn([s]));
        fitNow(now ? list : list.filter((s) => !waiting.includes(s)));
        if (waiting.length === 0) return;
        if (now) for (const s of waiting) provisional.add(s);
        void loadFonts(waiting).then(() => {
          if (destroyed) return;
          // Fitted already with the fallback metrics: again, with the faces in.
          if (now) {
            if (visible) fitNow(unfitted(waiting));
            return;
          }
          // A face that failed to load never counts as in: `now` fits those with the fallback.
          fit(unfitted(waiting), true);
        });
      };
      /** Starts loading the faces of those of `list` still to be fitted whose faces are not in. */
      const prefetch = (list: Array<HTMLElement | undefined>): void => {
        // One check of all their text, not one a slide (every slide's, once the page is idle): the
        // faces loaded for the text of all are exactly those the slides lacking some need.
        const due = unfitted(list);
        if (due.length && !fontsIn(due)) void loadFonts(due);
      };
      const near = (): void => {
        const { h } = reveal.getIndices();
        const all = slides();
        const forward = h >= lastH;
        const stepped = h === lastH + 1;
        lastH = h;
        fit(unfitted([all[h], all[h + 1], all[h - 1]]));
        // The faces of the slide after the next (or before the previous) load now, so that its fit
        // is synchronous when it becomes a neighbour; from the first step forward on (or once the
        // page is idle after load), every slide's: someone walking through the deck needs them
        // all, and faces arriving one by one would each lay the deck out again. Fitting the slides
        // ahead together with the next one was tried: it made the first step ~100 ms slower (a
        // dropped frame) for no saving overall.
        if (walking) return;
        if (stepped) return loadAll();
        prefetch([forward ? all[h + 2] : all[h - 2]]);
      };
      const loadAll = (): void => {
        if (walking || destroyed) return;
        walking = true;
        prefetch(slides());
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
        void loadFonts(first).then(async () => {
          if (destroyed) return;
          started = true;
          // What near() does, one slide a task (a few forced layouts each: together, a long task on
          // a phone); a step taken meanwhile fits its own neighbours at once (near()).
          lastH = h;
          for (const s of first) {
            fit(unfitted([s]));
            await nextTask();
            if (destroyed) return;
          }
          if (reveal.getIndices().h === h) prefetch([all[h + 2]]);
          if (showsAll()) fitRest();
          // The slides on screen (and their neighbours) have their final size.
          performance.mark('deck:fit-done');
          // Every other slide's faces, once the page is idle: a student reads the first slide for
          // a while, and the steps that follow then fit at once without loading anything.
          const idle = window.requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 1000));
          idle(() => loadAll(), { timeout: 3000 });
        });
      });
      // The quiz controller adds its UI after the slide was fitted: fit it again with the UI in.
      // It adds the UI to every quiz slide at once: those fitted already are fitted again together
      // (in a microtask: still before the next frame); the others get their fit, UI in, when due.
      const refits = new Set<HTMLElement>();
      const refit = (e: Event): void => {
        const s = e.target as HTMLElement;
        if (!slides().includes(s) || unfitted([s]).length) return;
        if (refits.size === 0)
          queueMicrotask(() => {
            const list = [...refits].filter((x) => x.dataset.fit !== undefined);
            refits.clear();
            // Hidden (the reading view): unfitted again, so fitted with the UI in when due.
            if (!visible) for (const x of list) delete x.dataset.fit;
            else fit(list, true);
          });
        refits.add(s);
      };
      // Shown again (the reading view closed): fit what is due now, as after a slide change.
      const shown = new ResizeObserver((entries) => {
        const was = visible;
        visible = entries.at(-1)!.contentRect.height > 0;
        if (visible && !was) update();
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
