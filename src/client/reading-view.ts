import type { RevealApi } from 'reveal.js';
import { pressed } from './keymap.ts';
import { onShortcut, overlayOpen, type TogglePlugin } from './shortcuts.ts';
import type { ReadingLayout } from './reading/layout.ts';
import { FIT_ALL_EVENT } from './fit/later.ts';
import { loadFonts } from './fit/fonts.ts';

export const READING_CLASS = 'reading-view';
/** Where reading.css reflows the slide copies instead of scaling the 1280 × 720 canvas (keep equal). */
const REFLOW_MEDIA = '(max-width: 640px)';

/** Sets or removes `?view=…` without reloading, keeping the slide hash. */
export function setViewParam(view: string | null): void {
  const u = new URL(location.href);
  if (view) u.searchParams.set('view', view);
  else u.searchParams.delete('view');
  history.replaceState(history.state, '', u);
}

/**
 * Reading view (`R`, `?view=reading`): the deck as one page to read alone, each slide followed by
 * its notes as narration (reading/layout.ts, loaded on first use). A plain scrolling layout of
 * copies of the pre-rendered slides: reveal.js's scroll view gives every page a fixed height, which
 * notes of any length do not fit. reveal.js stays underneath, hidden, and follows the scroll
 * position, so the URL (`#/N`), the phase bar and the resume point keep working unchanged.
 */
export function ReadingView(): TogglePlugin {
  let reveal: RevealApi;
  let layout: ReadingLayout | undefined;
  // Enter and leave in order even when keys come faster than the first load.
  let queue: Promise<void> = Promise.resolve();
  let unbind = (): void => {};
  let atLoad = false;

  const enter = async (): Promise<void> => {
    if (layout) return;
    // The layout copies every slide: they must have their final size first (Fit fits lazily, each
    // slide once its faces of the deck font are in: load them all, then Fit fits at once). Not on
    // a phone: there the copies are reflowed at the theme's minimum sizes (reading.css), no fit.
    // Opened by `?view=reading` as the page loads: shown at once, the copies at the theme's sizes
    // (as before fitting was lazy; fitting all first would wait for every face and cost a desktop
    // ~0.6 s of main thread before the first copy shows).
    const fitFirst = !matchMedia(REFLOW_MEDIA).matches && !atLoad;
    atLoad = false;
    // The page shows every slide: all their faces are needed, asked for now (each face arriving
    // after the long page is laid out would lay it all out again).
    const fonts = loadFonts(reveal.getSlides() as HTMLElement[]);
    const [{ mountReadingLayout }] = await Promise.all([import('./reading/layout.ts'), fitFirst ? fonts : undefined]);
    const start = reveal.getIndices().h;
    if (fitFirst) document.dispatchEvent(new Event(FIT_ALL_EVENT));
    document.documentElement.classList.add(READING_CLASS);
    layout = mountReadingLayout(
      reveal,
      () => toggle(false),
      (i) => reveal.slide(i, 0, -1),
    );
    setViewParam('reading');
    layout.scrollToSlide(start);
  };

  const exit = (): void => {
    if (!layout) return;
    layout.remove();
    layout = undefined;
    document.documentElement.classList.remove(READING_CLASS);
    setViewParam(null);
    scrollTo(0, 0);
    // reveal.js measured a hidden element while we were reading: lay the slides out again.
    reveal.layout();
  };

  const toggle = (on?: boolean): void => {
    queue = queue.then(() => ((on ?? !layout) ? enter() : exit()));
  };

  return {
    id: 'reading-view',
    toggle,
    init(r: RevealApi) {
      reveal = r;
      unbind = onShortcut(
        (e) => !overlayOpen() && (pressed(e, 'reading') || (!!layout && e.key === 'Escape')),
        (e) => toggle(e.key === 'Escape' ? false : undefined),
      );
      r.on('ready', () => {
        if (new URLSearchParams(location.search).get('view') !== 'reading') return;
        atLoad = true;
        toggle(true);
      });
      // A jump from elsewhere (a bar segment, an edited #/N): show that slide in the page too.
      r.on('slidechanged', () => {
        const h = r.getIndices().h;
        if (layout && h !== layout.current) layout.scrollToSlide(h);
      });
      r.on('deckupdate', () => {
        if (!layout) return;
        const y = scrollY;
        exit();
        toggle(true);
        queue = queue.then(() => scrollTo(0, y));
      });
    },
    destroy() {
      unbind();
      // Not exit(): reveal.js is being torn down and must not lay out again.
      layout?.remove();
      layout = undefined;
      document.documentElement.classList.remove(READING_CLASS);
    },
  };
}
