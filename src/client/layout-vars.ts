/**
 * reveal.js writes its layout's custom properties on the page when it starts (layout(): on the
 * body --slide-width, --slide-height, --slide-scale, --viewport-width, --viewport-height; on a
 * phone --vh on the root). Custom properties are inherited: each new value restyles every rendered
 * element, inside reveal.js's start-up task (one more full style pass there, a tenth of that task).
 * Likewise the `no-transition` class reveal.js puts on the slides' container until it is ready:
 * reveal.css's `.reveal .no-transition *` restyles every element of the rendered slides.
 * Written beforehand, in an earlier task, with the values reveal.js computes, its own writes change
 * nothing. A value that came out different would only be written over by reveal.js; the class only
 * stops transitions, and nothing moves before reveal.js starts (it removes the class when ready).
 */

interface Canvas {
  width: number;
  height: number;
  margin: number;
}

/** reveal.js's defaults (the deck sets neither). */
const MIN_SCALE = 0.2;
const MAX_SCALE = 2;
/** reveal.js's phone test (utils/device.js), which decides whether it writes --vh. */
const isMobile = (): boolean =>
  /(iphone|ipod|ipad|android)/i.test(navigator.userAgent) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);

export function presetLayoutVars(canvas: Canvas): void {
  const viewport = document.body;
  const deck = document.querySelector<HTMLElement>('.reveal');
  if (!deck || !viewport.classList.contains('reveal-viewport')) return;
  deck.querySelector(':scope > .slides')?.classList.add('no-transition');
  if (isMobile()) document.documentElement.style.setProperty('--vh', `${innerHeight * 0.01}px`);
  const width = viewport.offsetWidth;
  const height = viewport.offsetHeight;
  // layout(): the deck's box less the margin, over the canvas, clamped, rounded to hundredths.
  const w = deck.offsetWidth * (1 - canvas.margin);
  const h = deck.offsetHeight * (1 - canvas.margin);
  const scale = Math.round(Math.min(Math.max(Math.min(w / canvas.width, h / canvas.height), MIN_SCALE), MAX_SCALE) * 100) / 100;
  const style = viewport.style;
  style.setProperty('--slide-width', `${canvas.width}px`);
  style.setProperty('--slide-height', `${canvas.height}px`);
  style.setProperty('--slide-scale', String(scale));
  style.setProperty('--viewport-width', `${width}px`);
  style.setProperty('--viewport-height', `${height}px`);
}
