// Over 250 lines: the export is one sequence (connect, load, print, hand over to the handout, write) whose steps share the page and its timings; its types and page scripts sit with it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { Report } from '../pipeline/check.ts';
import { UserError } from '../user-error.ts';
import type { HandoutFit, HandoutPerPage, PrintLayout } from '../../shared/print.ts';
import type { Deck } from '../../deck/model.ts';
import { INSTALL_HINT } from '../chromium.ts';
import { printChromium, spawnChromium, takeEarlyChromium, type EarlyChromium } from './early-chromium.ts';
import { siteReader, type SiteParts, type SiteReader } from '../pipeline/site-reader.ts';
import { folderReader, siteResponse } from './site-route.ts';
import { writeAll } from './write-all.ts';
import { finishPdf, type FinishedPdf } from './finish.ts';
import { measurePrintedOverflow } from './overflow.ts';
import { printPdf } from './batches.ts';
import { ConnectionClosed } from './cdp.ts';
import { openCdpPage, openPlaywrightPage, type PageSetup, type PrintPage, type RouteAnswer } from './print-page.ts';
import type { Progress } from './progress.ts';

import { PDF_OUTPUTS, type PdfOutput } from './outputs.ts';

export { PDF_OUTPUTS, type PdfOutput } from './outputs.ts';

export interface ExportOptions {
  /** Deck folder (holds deck.yaml). */
  deckDir: string;
  /** Writes OUT/pdf/slides.pdf, OUT/pdf/handout.pdf and OUT/standalone.html. */
  outDir: string;
  /** A site already built from deckDir (by buildSite): its files are served as they are, no build. */
  reuseBuild?: string;
  /**
   * The site of deckDir, being built elsewhere (the CLI's worker thread, site-worker.ts): used
   * instead of building it here; its diagnostics are the builder's to report.
   */
  site?: Promise<SiteParts>;
  /** Also build standalone.html (default true). */
  standalone?: boolean;
  /** A running Chromium to use (kept open); by default one is started and closed. */
  browser?: Browser;
  progress?: Progress;
  /** Slides per page of handout.pdf (default 2). */
  handout?: HandoutPerPage;
  /** 'inline': the correct choices and explanations under each quiz (teacher's copy), no answer key. */
  answers?: 'key' | 'inline';
  /** Where the deck's diagnostics go (default: stderr). */
  report?: Report;
  /**
   * Only these outputs (`--only`); others are neither made nor touched. `html` alone needs no
   * site build and no browser; `slides` alone skips the handout's layout and print.
   */
  only?: readonly PdfOutput[];
  /**
   * Pages per part when printing in parts (batches.ts): a longer PDF is printed this many pages at
   * a time and joined, and the slides fitted so (`?print-part=N`). Default: one piece up to
   * PRINT_WHOLE (300) pages, else parts of PRINT_PART (100).
   */
  printBatch?: number;
}

/** Milliseconds per stage. Stages that overlap (build, launch) are each timed on their own. */
export interface ExportTimings {
  /** The site built in memory (0 with reuseBuild). */
  build: number;
  /** Chromium start-up, or connecting to the one the CLI started (0 with a given browser); runs while the site builds. */
  launch: number;
  /** Page load until the print layout, fonts and images are ready. */
  load: number;
  /** page.pdf + bookmarks/metadata for slides.pdf. */
  slidesPrint: number;
  /** load + slidesPrint: the page's URL to a finished slides.pdf in memory. */
  slides: number;
  /** Handout restyle, notes fit, page.pdf and bookmarks (overlaps slides.pdf's bookmarks and the standalone build). */
  handout: number;
  /** vite single-file build of standalone.html (runs while the handout prints). */
  standalone: number;
  /** Everything, start to files renamed into place. */
  total: number;
}

export interface ExportResult {
  deck: Deck;
  files: { slides: string; handout: string; standalone?: string };
  pages: { slides: number; handout: number };
  /** Bookmarks in each PDF (phases + slides). */
  bookmarks: number;
  bytes: { slides: number; handout: number; standalone?: number };
  handoutFit: HandoutFit;
  timings: ExportTimings;
  /** Requests the page tried to send off this machine (all refused): must be empty for an offline deck. */
  offMachine: string[];
  /** Model indices of slides whose content reaches outside the slide in slides.pdf (cut off there). */
  slideOverflow: number[];
}

/** What an export with `only` made: the fields of outputs not asked for are absent. */
export interface PartialExportResult extends Omit<ExportResult, 'files' | 'pages' | 'bytes' | 'handoutFit'> {
  files: { slides?: string; handout?: string; standalone?: string };
  pages: { slides?: number; handout?: number };
  bytes: { slides?: number; handout?: number; standalone?: number };
  handoutFit?: HandoutFit;
}

/** Loopback, data:, blob: and about: stay on the machine; nothing else is let through while printing. */
const ON_MACHINE = /^(data:|blob:|about:|https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/)/;

const READY_TIMEOUT = 30_000;
/** …and this much more per slide: a 5,000-slide deck's layout and fonts take over 30 s on a busy machine. */
const READY_TIMEOUT_PER_SLIDE = 50;

/**
 * Where the page loads the site from: no server listens there, the exporter's route answers every
 * request to it (a request that escaped the route would find the port closed: 9 is "discard").
 */
const SITE_ORIGIN = 'http://127.0.0.1:9/';

/**
 * Runs before the page's own scripts, when the document may not have its <html> element yet: the
 * class (see where it is added), and, as soon as the stylesheets are in, every face of the deck's
 * fonts starts loading (print.ts does the same, later, for a print from the browser). "In" is the
 * end of parsing for the page's stylesheet, inline in its head (src/vite: under a CSP hash), and a
 * linked stylesheet's load event (a site built before that, reused with reuseBuild): its scripts
 * did not wait for a linked stylesheet, so DOMContentLoaded came before its @font-face rules were
 * there. (Fonts load well before main.js has run, which the print view waits for, so starting
 * them earlier in the parse would gain nothing: measured, faces asked for at ~0.1 s.)
 * Nothing of the page is styled, laid out or painted before reveal.js starts its print view (its
 * class reveal-print): a constructed stylesheet (which the site's CSP allows, unlike a <style>)
 * hides the body until then, so each slide is styled once, for print, not first as the live deck
 * and again when the class comes (the same PDFs: what prints is the print view's layout either way).
 */
const PRINT_INIT = `(() => {
  const hidden = new CSSStyleSheet();
  hidden.replaceSync('html:not(.reveal-print) body { display: none !important; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, hidden];
  const mark = () => { const html = document.documentElement; if (html) html.classList.add('print-pdf'); return html !== null; };
  if (!mark()) new MutationObserver((_, o) => { if (mark()) o.disconnect(); }).observe(document, { childList: true });
  const faces = () => { for (const face of document.fonts) face.load().catch(() => undefined); };
  document.addEventListener('DOMContentLoaded', faces);
  document.addEventListener('load', (e) => { if (e.target instanceof HTMLLinkElement && e.target.rel === 'stylesheet') faces(); }, true);
  let api, got;
  const set = new Promise((resolve) => { got = resolve; });
  Object.defineProperty(window, 'deckPrint', { configurable: true, enumerable: true, get: () => api, set: (v) => { api = v; got(v); } });
  Object.defineProperty(window, '__deckPrintSet', { value: set });
})();`;

/**
 * Evaluated once the page has committed: waits for print-layout.ts to set window.deckPrint (the
 * init script's setter says when), then for the print layout, then measures which pages overflow;
 * one round trip instead of polling for deckPrint and two more calls.
 */
const READY = `(async () => {
  const api = await window.__deckPrintSet;
  const layout = await api.ready;
  return { layout, overflow: (${measurePrintedOverflow.toString()})() };
})()`;

/**
 * The handout is laid out and printed in an A4-sized viewport (CSS px, as Chromium sizes A4 paper:
 * 8.27 × 11.7 in), not the slides' 1280 × 720. Chromium prints a document in a viewport of another
 * size than its paper by laying it all out again for the paper (its fonts marked changed), and
 * back after: two layouts of every element of the handout, ~⅓ of its print. Its sheets have fixed
 * sizes, so they lay out the same in either (the same PDF); only the layout work moves. The page is
 * hidden while the viewport changes (handoutInA4; handout() shows it as it restyles, print-layout.ts),
 * so that no frame lays the slide pages out at the new size first: one layout, at the paper's size.
 */
const A4_VIEWPORT = { width: 794, height: 1123 };

/**
 * In the page: hides it, waits for the viewport's new width, then lays out the handout. No named
 * inner function: tsx (npm run bench) wraps those in a helper that a playwright page lacks.
 */
function handoutInA4({ perPage, width }: { perPage: HandoutPerPage; width: number }): Promise<HandoutFit> {
  document.documentElement.classList.add('print-hidden');
  return new Promise<void>((resolve) => {
    if (innerWidth === width) return resolve();
    const done = new AbortController();
    addEventListener(
      'resize',
      () => {
        if (innerWidth !== width) return;
        done.abort();
        resolve();
      },
      { signal: done.signal },
    );
  }).then(() => window.deckPrint!.handout(perPage));
}

function chromiumPath(): { executable: string; args: string[] } {
  try {
    return printChromium();
  } catch (e) {
    throw new UserError(`pdf: ${(e as Error).message}`);
  }
}

/** Chromium did not start (or never opened its page): what it said, and how to install one. */
function notStarted(executable: string, e: unknown): UserError {
  return new UserError(`pdf: could not start Chromium at ${executable}: ${(e as Error).message.split('\n')[0]}\n    hint: ${INSTALL_HINT}`);
}

/**
 * Builds the deck, prints slides.pdf (16:9, one page per slide, all fragments shown) and
 * handout.pdf (A4, one slide per page with its notes) from the built site with one Chromium page,
 * and builds standalone.html. Files are replaced only when everything succeeded.
 *
 *   const r = await exportPdfs({ deckDir: 'slides', outDir: 'dist' });
 *   r.timings.slides  // ms from page load to a finished slides.pdf
 */
export function exportPdfs(opts: ExportOptions & { only?: undefined }): Promise<ExportResult>;
export function exportPdfs(opts: ExportOptions): Promise<PartialExportResult>;
export async function exportPdfs(opts: ExportOptions): Promise<PartialExportResult> {
  const want = new Set<PdfOutput>(opts.only?.length ? opts.only : PDF_OUTPUTS);
  if (opts.standalone === false) want.delete('html');
  if (!want.has('slides') && !want.has('handout')) return exportHtmlOnly(opts);
  const started = performance.now();
  const progress: Progress = opts.progress ?? (() => undefined);
  const since = (t: number): number => Math.round(performance.now() - t);
  const timings: ExportTimings = { build: 0, launch: 0, load: 0, slidesPrint: 0, slides: 0, handout: 0, standalone: 0, total: 0 };
  const deckDir = path.resolve(opts.deckDir);
  const outDir = path.resolve(opts.outDir);

  // Fail before building when there is no browser. Chromium starts (unless the CLI already has
  // started it), and opens the page that prints both PDFs, while the site builds.
  const chromium = opts.browser ? undefined : chromiumPath();
  const executable = chromium?.executable;
  // The CLI's own Chromium (started first thing, early-chromium.ts), or one started here, both
  // driven over the DevTools protocol; playwright-core only for a browser the caller gives.
  const early = opts.browser ? undefined : takeEarlyChromium();
  let own: EarlyChromium | undefined;
  if (!opts.browser && !early) {
    try {
      own = spawnChromium(executable!, chromium!.args);
    } catch (e) {
      throw notStarted(executable!, e);
    }
  }
  const raw = early ?? own;
  const offMachine: string[] = [];
  // The site, once built: answered from memory (or the reused build's folder) by the route below.
  let site: SiteReader | undefined;
  // Every request comes to this process: the site's own are answered here (no server, no copy of
  // the site on disk); the export must never depend on the network: refuse, and report, anything
  // that would leave.
  const route = (url: string): RouteAnswer => {
    if (url.startsWith(SITE_ORIGIN)) return siteResponse(site, new URL(url).pathname);
    if (ON_MACHINE.test(url)) return 'continue';
    offMachine.push(url);
    return 'abort';
  };
  const setup: PageSetup = {
    viewport: { width: 1280, height: 720 },
    // Under print media, reveal.css lays every slide out in a flow of its own (`@media print`
    // rules for `html:not(.print-pdf)`, a browser's print of the live deck) until reveal.js
    // starts its print view and adds the class: a whole layout of the deck for nothing (~¼ s for
    // 32 slides). With the class from the start, the page waits for the print view unlaid.
    // A string, not a function: tsx (npm run bench) would wrap a serialised function's inner
    // functions in a helper that does not exist in the page.
    init: PRINT_INIT,
    route,
    ...(opts.progress ? { progress: (done: number, total: number) => progress('laying out slide', done, total) } : {}),
  };
  const t = performance.now();
  const pageReady: Promise<{ page: PrintPage; close: () => Promise<void> }> = (async () => {
    if (raw) {
      // The blank page Chromium opened at start is printed from, in its (fresh, temporary) default
      // profile. The CLI's is left to the process's end (see early-chromium.ts).
      const close = async (): Promise<void> => own?.close();
      const page = await Promise.race([raw.exited, openCdpPage(raw.connection, setup)]).catch((e: unknown) => {
        own?.close();
        throw notStarted(executable!, e);
      });
      timings.launch = since(t);
      // Chromium ending mid-export fails the export at once, with what it said.
      const failed = Promise.race([page.failed, raw.exited]);
      // Handled where the page loads; when the build fails first, Chromium's end at close() is no failure.
      failed.catch(() => undefined);
      return { page: { ...page, failed }, close };
    }
    return openPlaywrightPage(opts.browser!, setup);
  })();
  // Awaited below; this only keeps an early failure from being reported as unhandled.
  pageReady.catch(() => undefined);

  try {
    let deck: Deck;
    if (opts.reuseBuild) {
      // Loaded only here and for --only html: the main thread of `npm run pdf` never needs the compiler.
      const { checkDeck } = await import('../pipeline/check.ts');
      deck = checkDeck(deckDir, {}, opts.report);
      const siteDir = path.resolve(opts.reuseBuild);
      if (!existsSync(path.join(siteDir, 'index.html'))) throw new UserError(`pdf: ${siteDir} has no index.html (build the deck first)`);
      site = folderReader(siteDir);
    } else {
      progress('building the site');
      const t = performance.now();
      if (opts.site) {
        const parts = await opts.site;
        ({ deck } = parts);
        site = siteReader(parts);
      } else {
        const { buildSiteInMemory } = await import('../pipeline/build.ts');
        ({ deck, read: site } = await buildSiteInMemory(deckDir, opts.report));
      }
      timings.build = since(t);
    }
    const n = deck.slides.length;
    progress('starting Chromium');
    const { page } = await pageReady;
    const failed = page.failed.catch((err: unknown) => {
      throw new UserError(`pdf: the print view failed: ${(err as Error).message}`);
    });
    failed.catch(() => undefined);

    // Slides: reveal.js's print view, plus the page decorations of src/client/print-layout.ts.
    progress(`loading the deck (${n} slides)`);
    const tLoad = performance.now();
    await page.goto(`${SITE_ORIGIN}index.html?print-pdf${opts.answers === 'inline' ? '&answers=inline' : ''}${opts.printBatch ? `&print-part=${opts.printBatch}` : ''}`);
    let timer: NodeJS.Timeout | undefined;
    const { layout, overflow } = await Promise.race([
      failed,
      page.evaluate<{ layout: PrintLayout; overflow: number[] }>(READY),
      new Promise<never>((_resolve, reject) => {
        const limit = READY_TIMEOUT + n * READY_TIMEOUT_PER_SLIDE;
        timer = setTimeout(() => reject(new Error(`no print layout after ${limit / 1000} s`)), limit);
      }),
    ])
      .catch((e: unknown) => {
        if (e instanceof UserError) throw e;
        throw new UserError(`pdf: the print view did not get ready: ${(e as Error).message.split('\n')[0]}`);
      })
      .finally(() => clearTimeout(timer));
    timings.load = since(tLoad);
    const slideOverflow = overflow.map((i) => layout.pages[i] ?? i);

    // Chromium lays out the handout while this process adds bookmarks to slides.pdf.
    let slides: FinishedPdf | undefined;
    let handoutRaw: Promise<{ fit: HandoutFit; raw: Uint8Array }> | undefined;
    let tHandout = performance.now();
    const printHandout = (): Promise<{ fit: HandoutFit; raw: Uint8Array }> => {
      tHandout = performance.now();
      // Laid out in the viewport it prints in (see A4_VIEWPORT). Both sent at once: a round trip
      // between them could wait for this thread, busy building standalone.html meanwhile.
      const fitted = page.evaluate(handoutInA4, { perPage: opts.handout ?? 2, width: A4_VIEWPORT.width });
      const p = Promise.all([fitted, page.resize(A4_VIEWPORT)])
        .then(([fit]) => fit)
        .then(async (fit) => ({
          fit,
          // The handout's pages: its sheets (or the A4-restyled slide pages) and appendix pages.
          raw: await printPdf(page, { format: 'A4', printBackground: true, tagged: true, outline: false }, { selector: '.reveal > .slides > *', batch: opts.printBatch }),
        }));
      p.catch(() => undefined);
      return p;
    };
    if (want.has('slides')) {
      progress(`printing slides.pdf (${layout.pages.length} pages)`);
      const tPrint = performance.now();
      const slidesRaw = await printPdf(page, { width: '1280px', height: '720px', printBackground: true, tagged: true, outline: false }, {
        selector: '.reveal > .slides > .pdf-page',
        batch: opts.printBatch,
        onPart: (done, total) => progress('printing slides.pdf', done, total),
      });
      if (want.has('handout')) handoutRaw = printHandout();
      slides = finishPdf(slidesRaw, deck, layout.pages);
      timings.slidesPrint = since(tPrint);
      timings.slides = since(tLoad);
    } else handoutRaw = printHandout();

    // standalone.html builds (vite, in this process) while Chromium prints the handout.
    const tStandalone = performance.now();
    const standaloneBuilt = !want.has('html')
      ? Promise.resolve(undefined)
      : // The deck buildSite compiled (for the site's asset URLs) saves standalone.html a compile.
        import('../standalone.ts').then(({ buildStandalone }) => buildStandalone(deckDir, opts.reuseBuild ? undefined : deck)).then((html) => {
          timings.standalone = since(tStandalone);
          return html;
        });
    standaloneBuilt.catch(() => undefined);

    let handout: FinishedPdf | undefined;
    let handoutFit: HandoutFit | undefined;
    if (handoutRaw) {
      progress(`printing handout.pdf (${layout.pages.length} pages)`);
      const got = await handoutRaw;
      handoutFit = got.fit;
      handout = finishPdf(got.raw, deck, got.fit.pages, got.fit.appendix);
      timings.handout = since(tHandout);
    }

    if (want.has('html')) progress('building standalone.html');
    const standalone = await standaloneBuilt;

    const files = {
      ...(slides ? { slides: path.join(outDir, 'pdf', 'slides.pdf') } : {}),
      ...(handout ? { handout: path.join(outDir, 'pdf', 'handout.pdf') } : {}),
      ...(standalone !== undefined ? { standalone: path.join(outDir, 'standalone.html') } : {}),
    };
    writeAll([
      ...(slides && files.slides ? [[files.slides, slides.bytes] as [string, Uint8Array]] : []),
      ...(handout && files.handout ? [[files.handout, handout.bytes] as [string, Uint8Array]] : []),
      ...(standalone !== undefined && files.standalone ? [[files.standalone, standalone] as [string, string]] : []),
    ]);
    timings.total = since(started);
    return {
      deck,
      files,
      pages: { ...(slides ? { slides: slides.pages } : {}), ...(handout ? { handout: handout.pages } : {}) },
      bookmarks: (slides ?? handout)?.bookmarks ?? 0,
      bytes: {
        ...(slides ? { slides: slides.bytes.length } : {}),
        ...(handout ? { handout: handout.bytes.length } : {}),
        ...(standalone !== undefined ? { standalone: Buffer.byteLength(standalone) } : {}),
      },
      ...(handoutFit ? { handoutFit } : {}),
      timings,
      offMachine,
      slideOverflow,
    };
  } catch (e) {
    // Chromium gone mid-export (crashed, killed): said so, with what it said, not as a bug of ours.
    if (raw && e instanceof ConnectionClosed) {
      const why = await Promise.race([raw.exited.catch((x: unknown) => x as Error), new Promise<Error>((resolve) => setTimeout(() => resolve(e), 1000))]);
      throw new UserError(`pdf: ${why.message.split('\n')[0]}; no file was written\n    hint: run the command again; if it happens again, check that Chromium runs (${executable} --version)`);
    }
    throw e;
  } finally {
    // The CLI's early Chromium is left to the process's end (see early-chromium.ts), and so is its page.
    await pageReady.then(({ close }) => close()).catch(() => undefined);
    // A Chromium started here whose page never got ready.
    own?.close();
  }
}

/** `--only html`: standalone.html alone needs neither the site build nor a browser. */
async function exportHtmlOnly(opts: ExportOptions): Promise<PartialExportResult> {
  const started = performance.now();
  const deckDir = path.resolve(opts.deckDir);
  const { checkDeck } = await import('../pipeline/check.ts');
  const deck = checkDeck(deckDir, {}, opts.report);
  (opts.progress ?? (() => undefined))('building standalone.html');
  const { buildStandalone } = await import('../standalone.ts');
  const html = await buildStandalone(deckDir);
  const standalone = path.join(path.resolve(opts.outDir), 'standalone.html');
  writeAll([[standalone, html]]);
  const total = Math.round(performance.now() - started);
  return {
    deck,
    files: { standalone },
    pages: {},
    bookmarks: 0,
    bytes: { standalone: Buffer.byteLength(html) },
    timings: { build: 0, launch: 0, load: 0, slidesPrint: 0, slides: 0, handout: 0, standalone: total, total },
    offMachine: [],
    slideOverflow: [],
  };
}
