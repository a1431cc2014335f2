/**
 * The page's entry: the styles the first slide is painted with (render-blocking, so the
 * pre-rendered slide is laid out by CSS alone: styles/first.css, a small copy of what it needs),
 * then the deck's script (main.ts: reveal.js and the plugins, ~38 KiB gzip, and the complete
 * stylesheet: reveal.css, the theme, every plugin's styles) as a chunk of its own.
 *
 * main.ts is fetched once the first slide is painted with its font and the page is parsed: on a slow phone network it then
 * never shares bandwidth with the first font chunks the title waits for (font-display: block), and
 * its evaluation and reveal.js's layout of the next slides never delay that paint.
 *
 * The font faces and the phase colors are order-free (@font-face, custom properties on
 * [data-phase]): imported here, they stay in this entry's stylesheet only.
 */
import './styles/first.css';
import 'virtual:deck-fonts.css';
import 'virtual:deck-phases.css';
import { startFonts } from './fit/fonts.ts';

/** Resolves after the next frame is painted (rAF runs before paint; the timeout after it). */
const painted = (): Promise<void> => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));

// After a frame the first slide is laid out, so the faces it uses are loading: fonts.ready waits for
// them (only those: faces of hidden slides are not fetched). A hidden tab or an unrendered frame gets
// no frames: then at once, or after the 3 s a blocking font face hides text at most.
// The print view (`?print-pdf`) shows no first slide and loads every face at once (print.ts, the
// exporter's init script): waiting for all of them would hold main.ts back for nothing.
const printView = new URLSearchParams(location.search).has('print-pdf');
const firstSlideShown =
  document.visibilityState === 'visible' && !printView
    ? Promise.race([painted().then(() => document.fonts.ready), new Promise((done) => setTimeout(done, 3000))])
    : Promise.resolve();
// The script is async (src/vite/first-paint.ts): it may run, and a frame be painted, before the
// parser has reached the last slide and the deck data main.ts reads.
const parsed: Promise<unknown> =
  document.readyState === 'loading' ? new Promise((done) => document.addEventListener('DOMContentLoaded', done, { once: true })) : Promise.resolve();
/**
 * A built site ships this entry's stylesheet inside the page's inline style (src/node/pipeline/site.ts),
 * which names it in data-includes. vite's loader of lazy chunks, which list the entry's stylesheet
 * among their dependencies, fetches a stylesheet unless a link to it is in the page: a disabled
 * link (never fetched, never applied) tells it that one is in already.
 */
function markIncludedStylesheets(): void {
  for (const link of document.querySelectorAll<HTMLElement>('style[data-includes]')) {
    const included = document.createElement('link');
    included.disabled = true;
    included.rel = 'stylesheet';
    included.href = new URL(link.dataset.includes!, document.baseURI).href;
    link.after(included);
  }
}

void Promise.all([firstSlideShown, parsed]).then(() => {
  markIncludedStylesheets();
  // The faces of the slides reveal.js lays out when it starts (main.ts waits for them) load while
  // main.ts does, not after it.
  if (!printView) void startFonts([...document.querySelectorAll<HTMLElement>('.reveal .slides > section')], 3);
  return import('./main.ts');
});
