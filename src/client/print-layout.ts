import type { RevealApi } from 'reveal.js';
import type { ClientDeck } from '../deck/model.ts';
import { readDeckData } from './deck-data.ts';
import { el } from './dom.ts';
import { fitSlides } from './fit/fit.ts';
import { glossaryAppendix } from './glossary/handout.ts';
import { registerHandoutAppendix } from './handout/appendix.ts';
import { strings } from './i18n.ts';
import { addPrintBars } from './phase-bar/print-bar.ts';
import { printQuizHandout, printQuizSlides } from './quiz/print.ts';
import { printParts, type HandoutPerPage, type PrintLayout } from '../shared/print.ts';
import './styles/print.css';

/**
 * The print view's per-page layout, loaded only by `?print-pdf` (see print.ts). After reveal.js has
 * put each slide on its own `.pdf-page`, every page gets, from the Deck model (never the DOM):
 *   - the slide, scaled a little to leave room for
 *   - the phase bar in that slide's state (phase-bar.ts's static bar: phase color and label, the
 *     lecture's phases filled up to this slide, "n / total", which is also the page number);
 *   - hidden parts that only the A4 handout shows (header, the slide's notes, footer).
 * The exporter (src/node/pdf/export.ts) drives it through `window.deckPrint`.
 */

function layout(deck: ClientDeck, padding: ReadonlyMap<Element, string[]>): PrintLayout {
  // Idempotent: adds the bars the phase-bar plugin has not added (e.g. when it is not registered).
  addPrintBars(deck);
  const pageEls = [...document.querySelectorAll<HTMLElement>('.reveal .slides > .pdf-page')];
  const bySource = new Map(deck.slides.map((s) => [s.source, s.index]));
  const pages: number[] = [];
  const sections: HTMLElement[] = [];
  pageEls.forEach((pageEl, i) => {
    const section = pageEl.querySelector<HTMLElement>(':scope > section');
    if (!section) throw new Error(`print page ${i + 1} has no slide`);
    const index = bySource.get(section.dataset.source ?? '') ?? i;
    const slide = deck.slides[index];
    if (!slide) throw new Error(`print page ${i + 1} shows a slide that is not in the deck model`);
    pages.push(index);
    sections.push(section);
    const phase = deck.phases.find((p) => p.id === slide.phase);
    pageEl.dataset.phase = slide.phase;

    const bar = pageEl.querySelector<HTMLElement>(':scope > .phase-bar-static');
    if (!bar) throw new Error(`print page ${i + 1} has no phase bar`);
    const frame = el('div', 'print-frame');
    // A second `.slides` right around the section, as on screen: theme rules written for the live
    // deck (`.reveal .slides > section…`) then style the printed slide too.
    const slideBox = el('div', 'slides print-slide');
    bar.remove();
    slideBox.append(...pageEl.childNodes);
    frame.append(slideBox, bar);

    const head = el('div', 'handout-head');
    head.append(el('span', 'handout-deck', deck.meta.title), el('span', 'handout-phase', phase?.label ?? slide.phase));
    const notes = el('div', 'handout-notes');
    const aside = section.querySelector('aside.notes');
    if (aside && aside.textContent?.trim()) for (const n of aside.childNodes) notes.append(n.cloneNode(true));
    else notes.classList.add('is-empty');
    pageEl.append(frame, head, notes, el('div', 'handout-foot', `${i + 1} / ${pageEls.length}`));
    window.deckPrintProgress?.(i + 1, pageEls.length);
  });
  if (pages.length === 0) throw new Error('the print layout has no pages');
  printQuizSlides(deck, sections, pages);
  restoreThemePadding(sections, padding);
  // reveal.js leaves aria-hidden on every slide but one; Chromium's tagged PDF follows the
  // accessibility tree, so without this only one slide's text would be tagged.
  for (const s of document.querySelectorAll('.reveal .slides section[aria-hidden]')) s.removeAttribute('aria-hidden');
  return { pages };
}

/** Puts back each slide's padding as the theme sets it for the screen (read by print.ts). */
function restoreThemePadding(sections: HTMLElement[], padding: ReadonlyMap<Element, string[]>): void {
  const sides = ['top', 'right', 'bottom', 'left'] as const;
  for (const s of sections) {
    const pads = padding.get(s);
    if (!pads) throw new Error('a printed slide has no theme padding (it was not in the deck when the print view started)');
    sides.forEach((side, j) => s.style.setProperty(`padding-${side}`, pads[j]!, 'important'));
  }
}

/** Fonts load lazily when text is laid out: force layout, then wait for fonts and images. */
async function assetsLoaded(): Promise<void> {
  // Slides' images are loading="lazy": far down the print layout they would never start loading.
  for (const img of document.images) img.loading = 'eager';
  void document.body.offsetHeight;
  performance.mark('print:reflow');
  await document.fonts.ready;
  performance.mark('print:fonts');
  // decode() waits for the image to load; a broken image prints as its alt text, not a hang.
  await Promise.all([...document.images].map((img) => img.decode().catch(() => undefined)));
}

/**
 * Fit (fit.ts) of every printed slide. A long deck is fitted PRINT_PART pages at a time with the
 * other pages out of the document: each of Fit's rounds of measurement lays out the document, and
 * Chromium's layout of a long one costs more per page (5,000 slides at once: ~4 minutes here).
 * Pages do not affect one another's layout, so each slide gets the sizes it gets in one piece.
 */
function fitInParts(): void {
  const pages = [...document.querySelectorAll<HTMLElement>('.reveal > .slides > .pdf-page')];
  const { part, whole } = printParts(Number(new URLSearchParams(location.search).get('print-part')) || undefined);
  const parent = pages[0]?.parentElement;
  if (pages.length <= whole || !parent || pages.some((p) => p.parentElement !== parent)) {
    fitSlides(document.querySelectorAll<HTMLElement>('.reveal .print-slide > section'));
    return;
  }
  const children = [...parent.childNodes];
  try {
    for (let i = 0; i < pages.length; i += part) {
      const some = pages.slice(i, i + part);
      parent.replaceChildren(...some);
      fitSlides(some.flatMap((p) => [...p.querySelectorAll<HTMLElement>('.print-slide > section')]));
    }
  } finally {
    parent.replaceChildren(...children);
  }
}

/** The A4 handout's layout, loaded once (see where the print layout is ready). */
let handoutLoad: Promise<typeof import('./handout/handout.ts')> | undefined;
const handoutModule = (): Promise<typeof import('./handout/handout.ts')> => (handoutLoad ??= import('./handout/handout.ts'));

// The glossary's pages close the handout (after the quiz's answer key).
registerHandoutAppendix(glossaryAppendix);

/**
 * Whether reveal.js's print view may start with the slides unrendered (print.css: `print-unmeasured`).
 * It reads every slide's height (a layout of the whole deck, ~⅛ of the export's layout work) before
 * it puts each on its page, only to centre a slide vertically or stretch an `.r-stretch` element;
 * the pages are laid out again anyway once layout() below has rebuilt them. Without centring and
 * stretching, a height of 0 gives the same pages (one page a slide, at its top).
 */
function heightsUnused(reveal: RevealApi): boolean {
  return !reveal.getConfig().center && !document.querySelector('.reveal .slides section.center, .reveal .slides section :is(.stretch, .r-stretch)');
}

export function setupPrint(reveal: RevealApi, padding: ReadonlyMap<Element, string[]>): void {
  const deck = readDeckData();
  const root = document.documentElement;
  if (heightsUnused(reveal)) root.classList.add('print-unmeasured');
  let settle!: (l: PrintLayout) => void;
  let fail!: (e: unknown) => void;
  const ready = new Promise<PrintLayout>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  window.deckPrint = {
    ready,
    async handout(perPage: HandoutPerPage = 2) {
      const { pages } = await ready;
      const { layoutHandout } = await handoutModule();
      // The exporter hides the page while it resizes the viewport to A4 (`print-hidden`, see
      // src/node/pdf/export.ts): shown again only now, with no await before the restyle's layout,
      // so that no frame lays out the slide pages in between.
      root.classList.remove('print-hidden');
      // Quiz answer boxes go into the notes before they are fitted; the answer key follows the pages.
      const appendix = printQuizHandout(deck, pages, perPage);
      const fit = await layoutHandout(deck, pages, perPage, assetsLoaded);
      return appendix ? { ...fit, appendix } : fit;
    },
  };
  // `ready` fires before the print layout exists; `pdf-ready` after it. The microtask runs after
  // every other pdf-ready listener (dispatch is synchronous), so the phase-bar plugin's bars exist.
  // Performance marks: the exporter and the benchmark read where the time goes.
  reveal.on('pdf-ready', () => {
    performance.mark('print:pdf-ready');
    queueMicrotask(() => {
      try {
        root.classList.remove('print-unmeasured');
        const l = layout(deck, padding);
        performance.mark('print:layout');
        assetsLoaded().then(() => {
          // Same growth of short slides as on screen, measured once the fonts are in.
          performance.mark('print:assets');
          fitInParts();
          performance.mark('print:ready');
          settle(l);
          // Loaded now, while the slides print, rather than when the handout is asked for: the
          // exporter's thread that answers the page's requests may then be busy building
          // standalone.html (a handout waited up to a second for this file on a busy machine).
          // Its stylesheet's rules all need the handout's classes: nothing printed changes.
          handoutModule().catch(() => undefined);
          const params = new URLSearchParams(location.search);
          if (params.has('print-ui')) void printUi(deck, params.has('handout') ? handoutParam(params.get('handout')) : undefined);
        }, fail);
      } catch (e) {
        fail(e);
      }
    });
  });
}

/**
 * Printing from the browser (`?print-pdf&print-ui[&handout]`, opened from the help dialog): the
 * handout restyle when asked for, and a screen-only bar saying how to print, with a Print button.
 */
async function printUi(deck: ClientDeck, perPage: HandoutPerPage | undefined): Promise<void> {
  const t = strings(deck.meta.lang);
  const handout = perPage !== undefined;
  if (handout) await window.deckPrint!.handout(perPage);
  const bar = document.createElement('div');
  bar.className = 'print-ui';
  bar.setAttribute('role', 'region');
  bar.setAttribute('aria-label', handout ? t.printHandout : t.printSlides);
  const text = document.createElement('p');
  text.textContent = t.printReady(handout ? t.printHandout : t.printSlides);
  const print = document.createElement('button');
  print.type = 'button';
  print.textContent = t.printNow;
  print.addEventListener('click', () => window.print());
  const back = document.createElement('a');
  back.href = location.pathname;
  back.textContent = t.backToSlides;
  bar.append(text, print, back);
  document.body.prepend(bar);
  print.focus();
}

/** `&handout` alone is the default of 2 per page; `&handout=1|2|3` picks the layout. */
function handoutParam(value: string | null): HandoutPerPage {
  return value === '1' || value === '3' ? (Number(value) as HandoutPerPage) : 2;
}
