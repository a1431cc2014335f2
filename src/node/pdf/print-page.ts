// Over 250 lines: one PrintPage interface and its two implementations (Playwright for the tests and a given browser, raw CDP for the CLI), kept side by side so that they stay alike.
import type { Browser, Page } from 'playwright-core';
import type { CdpConnection } from './cdp.ts';

/**
 * The page the exporter prints from, as export.ts and batches.ts use it: one interface, set up from
 * one PageSetup, over a playwright-core Page (a browser the caller gives, as the tests and the
 * benchmark do: openPlaywrightPage) and over a bare DevTools protocol session (`npm run pdf`'s own
 * Chromium, cdp.ts: openCdpPage), so both print the same way.
 */
export interface PrintPage {
  /** Loads `url`; resolves once its document exists (its scripts may still be loading). */
  goto(url: string): Promise<void>;
  /** `fn(arg)` (or an expression) evaluated in the page, a promise awaited; the result by value. */
  evaluate<R, A = undefined>(fn: string | ((arg: A) => R | Promise<R>), arg?: A): Promise<R>;
  pdf(options: PdfOptions): Promise<Uint8Array>;
  /** Sets the viewport (CSS px) as PageSetup's `viewport` does at the start. */
  resize(viewport: { width: number; height: number }): Promise<void>;
  /** Rejects with the page's first uncaught error. */
  failed: Promise<never>;
}

/** The subset of page.pdf's options the exporter uses (no margins, scale 1, no header/footer). */
export interface PdfOptions {
  /** CSS pixels, e.g. '1280px' (or `format`). */
  width?: string;
  height?: string;
  format?: 'A4';
  printBackground: boolean;
  tagged: boolean;
  outline: boolean;
}

/** How the page's route answers a request: the body to serve, or let it through, or refuse it. */
export type RouteAnswer = { status: number; contentType: string; body: string | Buffer } | 'continue' | 'abort';

export interface PageSetup {
  viewport: { width: number; height: number };
  /** A script run in every document before its own. */
  init: string;
  /** Answers every request of the page. */
  route: (url: string) => RouteAnswer;
  /** Called by the page as `window.deckPrintProgress(done, total)`. */
  progress?: (done: number, total: number) => void;
}

/**
 * A page in a new context of a playwright-core `browser` (the tests' and the benchmark's), set up
 * as `setup` says, as a PrintPage; `close` ends its context.
 */
export async function openPlaywrightPage(browser: Browser, setup: PageSetup): Promise<{ page: PrintPage; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: setup.viewport });
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
  };
  try {
    // A new page is made once the route is in place.
    await context.route(
      () => true,
      (r) => {
        const answer = setup.route(r.request().url());
        return answer === 'continue' ? r.continue() : answer === 'abort' ? r.abort('blockedbyclient') : r.fulfill(answer);
      },
    );
    const page = await context.newPage();
    // Independent of one another: sent together, not one round trip after the other.
    const settings: Array<Promise<unknown>> = [page.emulateMedia({ media: 'print' }), page.addInitScript(setup.init)];
    if (setup.progress) settings.push(page.exposeFunction('deckPrintProgress', setup.progress));
    await Promise.all(settings);
    return { page: playwrightPage(page), close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** A playwright-core page already set up (route, media, init script) as a PrintPage. */
function playwrightPage(page: Page): PrintPage {
  const failed = new Promise<never>((_resolve, reject) => {
    page.on('pageerror', (err) => reject(err));
  });
  failed.catch(() => undefined);
  return {
    async goto(url) {
      await page.goto(url, { waitUntil: 'commit' });
    },
    evaluate<R, A>(fn: string | ((arg: A) => R | Promise<R>), arg?: A): Promise<R> {
      if (typeof fn === 'string') return page.evaluate(fn) as Promise<R>;
      // playwright's overloads cannot see that `arg` matches `fn`'s parameter here.
      return page.evaluate(fn as (a: unknown) => R | Promise<R>, arg as unknown) as Promise<R>;
    },
    async pdf(options) {
      return page.pdf(options);
    },
    async resize(viewport) {
      await page.setViewportSize(viewport);
    },
    failed,
  };
}

/** A4 in inches, as playwright-core prints it. */
const A4 = { width: 8.27, height: 11.7 };

/**
 * The first page of a Chromium reached over `conn` (the blank page it opened at start), set up as
 * `setup` says, as a PrintPage: what playwright-core's connectOverCDP, route, emulateMedia,
 * setViewportSize, addInitScript and exposeFunction did for the exporter, in one round of commands.
 */
export async function openCdpPage(conn: CdpConnection, setup: PageSetup): Promise<PrintPage> {
  // Existing targets are reported at once when discovery starts; the blank page may also come later.
  const targetId = await new Promise<string>((resolve, reject) => {
    const off = conn.on((method, params) => {
      const info = params['targetInfo'] as { type: string; targetId: string } | undefined;
      if (method === 'Target.targetCreated' && info?.type === 'page') {
        off();
        resolve(info.targetId);
      }
    });
    conn.send('Target.setDiscoverTargets', { discover: true }).catch((e: unknown) => {
      off();
      reject(e as Error);
    });
  });
  const { sessionId } = await conn.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
  const send = <R = Record<string, unknown>>(method: string, params: object = {}): Promise<R> => conn.send<R>(method, params, sessionId);

  let fail!: (e: Error) => void;
  const failed = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  // The page's main world for the document goto() waits for (a page target's id is its main frame's).
  let contextId: number | undefined;
  let waiting: { origin: string; resolve: (id: number) => void } | undefined;
  conn.on((method, params, sid) => {
    if (sid !== sessionId) return;
    if (method === 'Fetch.requestPaused') {
      const requestId = params['requestId'] as string;
      const answer = setup.route((params['request'] as { url: string }).url);
      const sent =
        answer === 'continue'
          ? send('Fetch.continueRequest', { requestId })
          : answer === 'abort'
            ? send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' })
            : send('Fetch.fulfillRequest', {
                requestId,
                responseCode: answer.status,
                responseHeaders: [{ name: 'Content-Type', value: answer.contentType }],
                body: Buffer.from(answer.body).toString('base64'),
              });
      // The page may be gone (the export failed elsewhere): nothing left to answer.
      sent.catch(() => undefined);
    } else if (method === 'Runtime.exceptionThrown') {
      const d = params['exceptionDetails'] as { text: string; exception?: { description?: string } };
      fail(new Error((d.exception?.description ?? d.text).split('\n')[0]));
    } else if (method === 'Runtime.executionContextCreated') {
      const c = params['context'] as { id: number; origin: string; auxData?: { isDefault?: boolean; frameId?: string } };
      if (!c.auxData?.isDefault || c.auxData.frameId !== targetId) return;
      contextId = c.id;
      if (waiting && c.origin === waiting.origin) waiting.resolve(c.id);
    } else if (method === 'Runtime.bindingCalled' && params['name'] === PROGRESS_BINDING) {
      const [done, total] = String(params['payload']).split(' ').map(Number);
      setup.progress?.(done!, total!);
    }
  });

  const resize = ({ width, height }: { width: number; height: number }): Promise<unknown> =>
    send('Emulation.setDeviceMetricsOverride', {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
      screenWidth: width,
      screenHeight: height,
      screenOrientation: width > height ? { angle: 0, type: 'landscapePrimary' } : { angle: 0, type: 'portraitPrimary' },
    });
  const commands: Array<Promise<unknown>> = [
    send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] }),
    send('Runtime.enable'),
    // Scripts to evaluate on new documents run only with the Page domain on.
    send('Page.enable'),
    send('Page.addScriptToEvaluateOnNewDocument', { source: setup.init }),
    send('Emulation.setEmulatedMedia', { media: 'print', features: [] }),
    resize(setup.viewport),
    // As playwright does for a page: it behaves as focused though no window has the focus.
    send('Emulation.setFocusEmulationEnabled', { enabled: true }),
  ];
  if (setup.progress) {
    commands.push(send('Runtime.addBinding', { name: PROGRESS_BINDING }));
    commands.push(send('Page.addScriptToEvaluateOnNewDocument', { source: `window.deckPrintProgress = (done, total) => window.${PROGRESS_BINDING}(done + ' ' + total);` }));
  }
  await Promise.all(commands);

  return {
    async goto(url) {
      const context = new Promise<number>((resolve) => {
        waiting = { origin: new URL(url).origin, resolve };
      });
      const nav = await send<{ errorText?: string }>('Page.navigate', { url });
      if (nav.errorText) throw new Error(`could not load ${url}: ${nav.errorText}`);
      contextId = await context;
      waiting = undefined;
    },
    async evaluate<R, A>(fn: string | ((arg: A) => R | Promise<R>), arg?: A): Promise<R> {
      // `__name`: a function compiled by tsx or esbuild with keepNames calls it (playwright defines it too).
      const call = typeof fn === 'string' ? fn : `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`;
      const r = await send<{ result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', {
        expression: `(() => { const __name = (f) => f; return ${call}; })()`,
        ...(contextId !== undefined ? { contextId } : {}),
        awaitPromise: true,
        returnByValue: true,
      });
      if (r.exceptionDetails) throw new Error((r.exceptionDetails.exception?.description ?? r.exceptionDetails.text).split('\n')[0]);
      return r.result.value as R;
    },
    async pdf(o) {
      const paper = o.format === 'A4' ? A4 : { width: inches(o.width), height: inches(o.height) };
      const { stream } = await send<{ stream: string }>('Page.printToPDF', {
        transferMode: 'ReturnAsStream',
        landscape: false,
        displayHeaderFooter: false,
        printBackground: o.printBackground,
        scale: 1,
        paperWidth: paper.width,
        paperHeight: paper.height,
        marginTop: 0,
        marginBottom: 0,
        marginLeft: 0,
        marginRight: 0,
        pageRanges: '',
        preferCSSPageSize: false,
        generateTaggedPDF: o.tagged,
        generateDocumentOutline: o.outline,
      });
      const chunks: Buffer[] = [];
      for (;;) {
        const r = await send<{ data: string; base64Encoded?: boolean; eof: boolean }>('IO.read', { handle: stream, size: 16 << 20 });
        chunks.push(Buffer.from(r.data, r.base64Encoded ? 'base64' : 'utf8'));
        if (r.eof) break;
      }
      await send('IO.close', { handle: stream });
      return Buffer.concat(chunks);
    },
    async resize(viewport) {
      await resize(viewport);
    },
    failed,
  };
}

const PROGRESS_BINDING = '__deckPrintProgress';

/** '1280px' (the only unit the exporter uses) in inches, as playwright-core converts it. */
function inches(size: string | undefined): number {
  const px = size === undefined ? NaN : Number(size.replace(/px$/, ''));
  if (!Number.isFinite(px)) throw new Error(`pdf: page size "${size}" must be in px`);
  return px / 96;
}
