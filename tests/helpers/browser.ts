import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { suiteBrowser } from './suite-browser.ts';

let shared: Promise<Browser> | undefined;

/** The worker's one Chromium (suiteBrowser(): started on first use, kept for the worker's files). */
export function browser(): Promise<Browser> {
  shared ??= suiteBrowser().then((s) => s.browser);
  return shared;
}

export interface WatchedPage {
  page: Page;
  /** Requests to anything but loopback, file: or data: (must stay empty: the deck is offline). */
  external: string[];
  /** console.error messages and uncaught page errors. */
  errors: string[];
  close(): Promise<void>;
}

const LOCAL = /^(data:|blob:|file:|about:|https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/)/;

/**
 * Blocks anything external so a leak fails fast instead of waiting on the network: every request
 * but loopback goes to a proxy on the discard port, where nothing listens (refused at once).
 * Chromium does this itself; `context.route` did it by pausing every request, the site's own too,
 * for a round trip to the test (and turned off the HTTP cache): ~0.15 s of the browser process's
 * CPU per page load. Playwright proxies loopback too unless bypassed, hence the list.
 */
const OFFLINE_PROXY = { server: 'http://127.0.0.1:9', bypass: '127.0.0.1,localhost,[::1]' };

const timerPolled = new WeakSet<Page>();

/**
 * `page.waitForFunction` checks its condition every 20 ms by timer instead of every animation
 * frame (Playwright's default): a requestAnimationFrame loop makes Chromium produce a frame 60
 * times a second for as long as the wait lasts, even on a page at rest (measured on the built deck:
 * ~0.55 CPU-s per 10 s of waiting against ~0.2–0.4 by timer). 20 ms: about a frame's delay at most.
 * Playwright keeps the page's own timers for its polling, so page.clock does not stop it.
 * A wait that passes `polling` itself keeps it. Every page of an openPage() context (popups too).
 */
function pollByTimer(page: Page): Page {
  if (timerPolled.has(page)) return page;
  timerPolled.add(page);
  const wait = page.waitForFunction.bind(page);
  page.waitForFunction = ((fn: Parameters<Page['waitForFunction']>[0], arg?: unknown, options?: Parameters<Page['waitForFunction']>[2]) =>
    wait(fn, arg, { polling: 20, ...options })) as Page['waitForFunction'];
  return page;
}

/**
 * A fresh context + page that records every request leaving the machine and every error.
 * The built site's offline service worker is blocked unless a test asks for it
 * (`serviceWorkers: 'allow'`: offline, security and request-counting tests): registering it
 * precaches the whole site, fonts included, on every page load: a third of a load's CPU.
 * Reduced motion unless a test asks for motion (`reducedMotion: 'no-preference'`, as the theme's
 * transition test does): an animated slide change draws frames for a second, CPU no test looks at.
 */
export async function openPage(url: string, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await (await browser()).newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block', reducedMotion: 'reduce', proxy: OFFLINE_PROXY, ...options });
  context.on('page', pollByTimer);
  const page = pollByTimer(await context.newPage());
  const external: string[] = [];
  const errors: string[] = [];
  context.on('request', (req) => {
    if (!LOCAL.test(req.url())) external.push(req.url());
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(url);
  return { page, external, errors, close: () => context.close() };
}

/** Waits until reveal.js is ready on the page. */
export async function revealReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.Reveal?.isReady() === true);
}

/** The built default deck, settled for measuring: no transitions (reduced motion), fonts loaded, slides fitted. */
export async function openDeckAtRest(url: string, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const w = await openPage(url, { reducedMotion: 'reduce', ...options });
  await deckAtRest(w.page);
  return w;
}

/** Waits until the deck on `page` is settled for measuring (openDeckAtRest): reveal.js ready, fonts loaded, slides fitted. */
export async function deckAtRest(page: Page): Promise<void> {
  await revealReady(page);
  await page.evaluate(() => document.fonts.ready);
  // Short slides grow once measured (src/client/fit): wait until every slide has its size.
  await page.waitForFunction(() => performance.getEntriesByName('deck:fit-done').length > 0);
}

export interface SecurityWatchedPage extends WatchedPage {
  /** alert/confirm/prompt dialogs the page opened (each dismissed, never silently). */
  dialogs: string[];
}

/**
 * openPage() with the site's service worker allowed (what it fetches and registers is held to the
 * same rules) and listeners in place before the first byte: dialogs are collected and dismissed,
 * CSP violations collected in the page (`window.__violations`, as "directive blocked-URI").
 */
export async function openWatched(url: string, options: BrowserContextOptions = {}): Promise<SecurityWatchedPage> {
  const w = await openPage('about:blank', { serviceWorkers: 'allow', ...options });
  const dialogs: string[] = [];
  w.page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await w.page.addInitScript(() => {
    const violations: string[] = (window.__violations = []);
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await w.page.goto(url);
  return { ...w, dialogs };
}

/** Shows every slide, then the overview (which lays out all slides and backgrounds at once); returns the slide count. */
export async function visitEverySlide(page: Page): Promise<number> {
  const total = await page.evaluate(() => window.Reveal.getTotalSlides());
  // In the page, one animation frame per slide (onEachSlide), not a round trip per slide.
  const present = await onEachSlide(page, Array.from({ length: total }, (_, i) => i), () => document.querySelector('.reveal .slides > section.present') !== null);
  if (present.some((p) => !p)) throw new Error(`no present slide at #/${present.indexOf(false)}`);
  await showOverview(page);
  return total;
}

/** Opens reveal.js's overview (all slides and backgrounds laid out at once) and closes it again. */
export async function showOverview(page: Page): Promise<void> {
  await page.evaluate(() => window.Reveal.toggleOverview(true));
  await page.waitForSelector('.reveal.overview');
  await page.evaluate(() => window.Reveal.toggleOverview(false));
}

/** Waits for reveal.js to show slide `h` (not the URL: reveal.js drops `#/0` and debounces hash writes). */
export async function waitForSlide(page: Page, h: number): Promise<void> {
  await page.waitForFunction((i) => window.Reveal.getIndices().h === i, h);
}

/** Shows slide `index` (0-based) and waits until reveal.js reports it. */
export async function goToSlide(page: Page, index: number): Promise<void> {
  await page.evaluate((i) => window.Reveal.slide(i), index);
  await waitForSlide(page, index);
}

/** Text with all white space removed: line wrapping must not decide a comparison. */
export function squash(s: string | null | undefined): string {
  return (s ?? '').replace(/\s+/g, '');
}

/**
 * Shows each slide of `indices` in turn and runs `measure` on it, all in the page: one round trip
 * for a whole deck instead of two or three per slide (a walk over 58 slides cost seconds of
 * waiting on a busy machine). Each slide gets one animation frame before it is measured, as it
 * did between the round trips. `measure` runs in the page, so it may use only its argument and
 * the page's globals (like any function given to page.evaluate).
 */
export async function onEachSlide<T, A = undefined>(page: Page, indices: readonly number[], measure: (arg: A) => T | Promise<T>, arg?: A): Promise<T[]> {
  // A string is evaluated by the DevTools protocol, outside the page's CSP (no eval needed in the page).
  const expr = `(async (measure, indices, arg) => {
    const out = [];
    for (const i of indices) {
      window.Reveal.slide(i);
      if (window.Reveal.getIndices().h !== i) throw new Error('slide ' + i + ' did not show');
      await new Promise((r) => requestAnimationFrame(() => r()));
      out.push(await measure(arg));
    }
    return out;
  })(${measure.toString()}, ${JSON.stringify(indices)}, ${JSON.stringify(arg ?? null)})`;
  return (await page.evaluate(expr)) as T[];
}
