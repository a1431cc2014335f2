import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { browser } from './helpers/browser.ts';

/*
 * The first slide by CSS alone (src/client/styles/first-paint.css, src/vite/first-paint.ts): with
 * every script refused it is laid out and shown in the deck font exactly where reveal.js puts it,
 * and reveal.js booting moves nothing (no layout shift), at a desktop and a phone size.
 * Over 250 lines: one subject (what the first screen shows and when), whose tests share the
 * helpers below (looks, the layout-shift recorder, the page without its inline faces).
 */

type Box = { x: number; y: number; width: number; height: number };
const box = (sel: string): Box => {
  const r = document.querySelector(sel)!.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
};
const H1 = '.reveal .slides > section:first-child h1';

/** A layout shift as the page saw it: when, its score, and what moved (LayoutShift.sources). */
type Shift = { at: number; value: number; sources: Array<{ node: string; from: number[]; to: number[] }> };

/** Init script: every layout shift of the page (with its sources) in window.__shifts, from the start. */
function recordLayoutShifts(): void {
  const list: Shift[] = [];
  (window as unknown as { __shifts: Shift[] }).__shifts = list;
  const rect = (r: DOMRectReadOnly): number[] => [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 10) / 10);
  const name = (n: Node | null): string => {
    if (!n) return '(gone)';
    if (!(n instanceof Element)) return `${n.nodeName} in ${name(n.parentElement)}`;
    return `${n.tagName.toLowerCase()}${n.id ? '#' + n.id : ''}${[...n.classList].map((c) => '.' + c).join('')}`;
  };
  type Entry = PerformanceEntry & { value: number; sources: Array<{ node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }> };
  new PerformanceObserver((l) => {
    for (const e of l.getEntries() as Entry[]) {
      list.push({ at: Math.round(e.startTime), value: e.value, sources: e.sources.map((s) => ({ node: name(s.node), from: rect(s.previousRect), to: rect(s.currentRect) })) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/**
 * The built page with its inline faces (the first slide's font chunks, data: URLs) pointing at a
 * file that does not exist, and the CSP's hash made to match the changed style.
 */
function withoutInlineFaces(html: string): string {
  const style = /(<style data-includes="[^"]*">)([\s\S]*?)<\/style>/.exec(html)!;
  const css = style[2]!.replace(/url\("data:font\/woff2;base64,[^"]+"\)/g, 'url("./assets/no-such-face.woff2")');
  const hash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');
  return html.replace(style[0], `${style[1]}${css}</style>`).replace(`'sha256-${hash(style[2]!)}'`, `'sha256-${hash(css)}'`);
}

/** A new page (no service worker; a desktop unless a size is given) that records uncaught errors. */
async function freshPage(width = 1280, height = 720): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await (await browser()).newContext({ viewport: { width, height }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/** What the page looked like in reveal.js's ready event: whether the first slides' faces were in, which slides were shown. */
type AtReady = { fontsIn: boolean[]; shown: number[] };

/** Init script: records AtReady in window.__atReady (main.ts assigns window.Reveal before it starts it). */
function recordAtReady(): void {
  type R = { on(e: string, f: () => void): void; getSlides(): HTMLElement[] };
  const w = window as unknown as { __atReady?: AtReady };
  let reveal: R | undefined;
  Object.defineProperty(window, 'Reveal', {
    configurable: true,
    get: () => reveal,
    set(r: R) {
      reveal = r;
      r.on('ready', () => {
        const slides = r.getSlides();
        const text = (s: HTMLElement): string =>
          [...s.children]
            .filter((c) => !c.matches('aside.notes'))
            .map((c) => c.textContent)
            .join('');
        w.__atReady = {
          fontsIn: slides.slice(0, 4).map((s) => ['400', '700'].every((wt) => document.fonts.check(`${wt} 16px "Noto Sans JP"`, text(s)))),
          shown: slides.flatMap((s, i) => (getComputedStyle(s).display === 'none' ? [] : [i])),
        };
      });
    },
  });
}

type Booted = { context: BrowserContext; page: Page; errors: string[] };
const booted = new Map<string, Promise<Booted>>();

/**
 * The deck as first loaded at a size (a fresh context: nothing cached), recording its layout
 * shifts and AtReady from the start: loaded once per size for the tests that only read it (the
 * boot's boxes and shifts; at 1280×720 also what Chromium counted as render-blocking and the
 * start-up's state), a deck load less each. None changes the page, so each runs alone (-t) or in
 * any order.
 */
function bootedAt(width: number, height: number): Promise<Booted> {
  const key = `${width}x${height}`;
  let p = booted.get(key);
  if (!p) {
    p = freshPage(width, height).then(async (f) => {
      await f.page.addInitScript(recordLayoutShifts);
      await f.page.addInitScript(recordAtReady);
      await f.page.goto(inject('deckUrl'));
      return f;
    });
    booted.set(key, p);
  }
  return p;
}
const bootedDesktop = (): Promise<Booted> => bootedAt(1280, 720);
afterAll(async () => {
  for (const p of booted.values()) await (await p).context.close();
});

/** Box and painted style of the first slide and of every element in it, in document order. */
type Look = Box & { tag: string; style: string };
const looks = (): Look[] => {
  const first = document.querySelector('.reveal .slides > section:first-child')!;
  return [first, ...first.querySelectorAll('*')].map((e) => {
    const r = e.getBoundingClientRect();
    const cs = getComputedStyle(e);
    const style = ['color', 'background-color', 'font-family', 'font-size', 'font-weight', 'line-height', 'visibility', 'opacity', 'display']
      .map((k) => cs.getPropertyValue(k))
      .join('|');
    return { tag: e.tagName, x: r.x, y: r.y, width: r.width, height: r.height, style };
  });
};

describe('first slide before reveal.js', () => {
  for (const [width, height] of [
    [1280, 720],
    [412, 823],
  ] as const) {
    it(`is laid out by CSS alone, in the deck font, and does not move when reveal.js starts (${width}×${height})`, async () => {
      const context = await (await browser()).newContext({ viewport: { width, height }, serviceWorkers: 'block' });
      try {
        const noScript = await context.newPage();
        await noScript.route(/\.js(\?|$)/, (r) => r.abort());
        await noScript.goto(inject('deckUrl'));
        await noScript.evaluate(() => document.fonts.ready);
        expect(await noScript.evaluate(() => 'Reveal' in window)).toBe(false);
        const before = await noScript.evaluate(box, H1);
        // Only the page's inline style is in (main.ts brings the rest): what it paints.
        const firstLooks = await noScript.evaluate(looks);
        expect(before.width).toBeGreaterThan(width / 4);
        expect(before.y + before.height).toBeLessThanOrEqual(height);
        const font = await noScript.evaluate((sel) => {
          const h = document.querySelector(sel)!;
          return { family: getComputedStyle(h).fontFamily, loaded: document.fonts.check(`700 16px "Noto Sans JP"`, h.textContent!) };
        }, H1);
        expect(font.family).toMatch(/Noto Sans JP/);
        expect(font.loaded).toBe(true);

        // Laid out before its faces are in, the first slide has the same boxes. Chromium lays the
        // first frame out while the inline data: faces are still loading (their load starts with that
        // layout; seen in nearly every load), in the fallback font's metrics, text invisible
        // (font-display: block; such text is never counted as a layout shift): no box may move when
        // they arrive. Here they fail, so the slide stays in the fallback font.
        const fallback = await context.newPage();
        await fallback.route(/\.js(\?|$)/, (r) => r.abort());
        const page0 = readFileSync(path.join(inject('deckDist'), 'index.html'), 'utf8');
        await fallback.route(inject('deckUrl'), (r) => r.fulfill({ contentType: 'text/html; charset=utf-8', body: withoutInlineFaces(page0) }));
        await fallback.goto(inject('deckUrl'));
        await fallback.evaluate(() => document.fonts.ready);
        expect(await fallback.evaluate(() => [...document.fonts].filter((f) => f.status === 'error').map((f) => f.weight))).toEqual(['400', '700']);
        expect(await fallback.evaluate(() => document.styleSheets[0]?.cssRules.length ?? 0)).toBeGreaterThan(50);
        const fallbackLooks = await fallback.evaluate(looks);
        expect(fallbackLooks.map((l) => l.tag)).toEqual(firstLooks.map((l) => l.tag));
        fallbackLooks.forEach((l, i) => {
          for (const k of ['x', 'y', 'width', 'height'] as const) expect(l[k], `${l.tag} #${i} ${k} in the fallback font`).toBeCloseTo(firstLooks[i]![k], 0);
        });

        // The deck booting at this size, in a context of its own (shared with the tests below).
        const { page } = await bootedAt(width, height);
        await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
        await page.evaluate(() => document.fonts.ready);
        await page.waitForTimeout(300);
        const after = await page.evaluate(box, H1);
        for (const k of ['x', 'y', 'width', 'height'] as const) expect(after[k], k).toBeCloseTo(before[k], 0);
        // With main.ts's complete stylesheet (reveal.css, the theme, the plugins' styles) in, every
        // element of the first slide keeps its box and its look.
        expect(await page.evaluate(() => document.styleSheets.length)).toBeGreaterThan(1);
        const bootLooks = await page.evaluate(looks);
        expect(bootLooks.map((l) => `${l.tag} ${l.style}`)).toEqual(firstLooks.map((l) => `${l.tag} ${l.style}`));
        bootLooks.forEach((l, i) => {
          for (const k of ['x', 'y', 'width', 'height'] as const) expect(l[k], `${l.tag} #${i} ${k}`).toBeCloseTo(firstLooks[i]![k], 0);
        });
        const shifts = await page.evaluate(() => (window as unknown as { __shifts: Shift[] }).__shifts);
        // Sum 0; a failure names what moved, from where to where (LayoutShift.sources).
        expect(shifts.reduce((sum, e) => sum + e.value, 0), JSON.stringify(shifts)).toBe(0);
      } finally {
        await context.close();
      }
    });
  }
});

describe('late fonts on a phone', () => {
  it('a font chunk arriving late moves nothing: the phone tip waits for its glyphs however long they take', async () => {
    // The tip's text is in the face every deck shares (`ui`, or the deck's `rest`: src/vite/font-chunks.ts): held here well past the 1.5 s
    // the tip once waited before showing in the fallback font, whose swap then moved its buttons
    // (a layout shift on a loaded machine).
    const context = await (await browser()).newContext({ viewport: { width: 412, height: 823 }, serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      let release!: () => void;
      const held = new Promise<void>((done) => {
        release = done;
      });
      let requested = false;
      await page.route(/-(rest|ui)-[\w-]+\.woff2$/, async (r) => {
        requested = true;
        await held;
        await r.continue();
      });
      await page.addInitScript(recordLayoutShifts);
      await page.goto(inject('deckUrl'));
      await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
      await page.waitForTimeout(2000);
      const shownBeforeItsFont = await page.locator('.phone-tip').count();
      expect(requested, 'the tip asked for its glyphs').toBe(true);
      release();
      await page.locator('.phone-tip').waitFor({ state: 'visible' });
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300);
      const shifts = await page.evaluate(() => (window as unknown as { __shifts: Shift[] }).__shifts);
      expect(shifts.reduce((sum, e) => sum + e.value, 0), JSON.stringify(shifts)).toBe(0);
      expect(shownBeforeItsFont).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('what the first paint waits for', () => {
  it('one inline style after the CSP, holding the first slide\'s fonts; no stylesheet linked, no font to preload; the entry script is async', () => {
    const html = readFileSync(path.join(inject('deckDist'), 'index.html'), 'utf8');
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).not.toMatch(/<link rel="stylesheet"/);
    // The page's one <style> (src/node/pipeline/site.ts); the CSP allows it by hash (tests/security.test.ts).
    expect(html.match(/<style[\s>]/g)).toHaveLength(1);
    const style = /<style data-includes="\.\/assets\/index-[\w-]{8}\.css">([\s\S]*?)<\/style>/.exec(head);
    expect(style).not.toBeNull();
    // The style after the CSP meta that governs it, the script after both. No font to preload: the
    // first slide's faces are in the style (src/node/pipeline/site.ts, deckParts).
    const at = (re: RegExp): number => head.search(re);
    expect(at(/http-equiv="Content-Security-Policy"/)).toBeGreaterThan(-1);
    expect(at(/http-equiv="Content-Security-Policy"/)).toBeLessThan(at(/<style[\s>]/));
    expect(at(/<style[\s>]/)).toBeLessThan(at(/<script type="module"/));
    expect(head).not.toMatch(/rel="preload"[^>]*as="font"/);
    expect(head).toMatch(/<script type="module" async fetchpriority="low"[^>]*\ssrc="\.\/assets\/index-[\w-]{8}\.js"/);
    // It holds the generic first-paint rules and the deck's own (its fonts, its phases): the first
    // slide's faces as data: URLs, the others named from the page: each other url() is a file of the site.
    const css = style![1]!;
    expect(css).toMatch(/\.reveal \.slides>section/);
    for (const w of [400, 700]) expect(css).toMatch(new RegExp(`@font-face\\{font-family:"Noto Sans JP";font-style:normal;font-weight:${w};font-display:block;src:url\\("data:font/woff2;base64,`));
    expect(css).toMatch(/@font-face\{font-family:"Noto Sans JP"[^}]*url\("\.\/assets\/noto-sans-jp-\d+-near-/);
    expect(css).toMatch(/\[data-phase=/);
    const urls = [...css.matchAll(/url\(("?)([^")]+)\1\)/g)].map((m) => m[2]!).filter((u) => !u.startsWith('data:'));
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(existsSync(path.join(inject('deckDist'), u)), u).toBe(true);
    expect(readdirSync(path.join(inject('deckDist'), 'assets')).filter((f) => f.startsWith('deck-style-'))).toEqual([]);
  });

  it('Chromium counts no request as render-blocking, and the first slide is styled by the inline style', async () => {
    const { page } = await bootedDesktop();
    await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
    const seen = await page.evaluate(() => ({
      blocking: performance
        .getEntriesByType('resource')
        .filter((r) => (r as PerformanceResourceTiming & { renderBlockingStatus: string }).renderBlockingStatus === 'blocking')
        .map((r) => new URL(r.name).pathname.split('/').pop()),
      // The inline style is the document's first sheet, and in force (a refused one has no rules).
      first: { owner: document.styleSheets[0]?.ownerNode?.nodeName, rules: document.styleSheets[0]?.cssRules.length ?? 0 },
    }));
    expect(seen.blocking).toEqual([]);
    expect(seen.first.owner).toBe('STYLE');
    expect(seen.first.rules).toBeGreaterThan(50);
  });

  // "never fetches the entry's stylesheet on its own" is in browser-print.test.ts, sharing its print view of the deck.

  it('boots reveal.js only once the page is parsed, though the async entry script runs and the first slide is painted before', async () => {
    // The site served with index.html cut after the first slide: the rest (later slides, deck data)
    // is held until the cut page has painted, or until main.ts is requested. main.ts must not be requested while the
    // page is cut, and the deck boots whole once it is in.
    const dist = inject('deckDist');
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const cut = html.indexOf('<section', html.indexOf('</section>'));
    let release!: () => void;
    const held = new Promise<void>((done) => {
      release = done;
    });
    let tailSent = false;
    let mainRequestedEarly = false;
    const server: Server = createServer((req, res) => {
      const file = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
      if (file === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.write(html.slice(0, cut));
        void held.then(() => {
          tailSent = true;
          res.end(html.slice(cut));
        });
        return;
      }
      if (/\/assets\/main-[\w-]{8}\.js$/.test(file)) {
        if (!tailSent) mainRequestedEarly = true;
        release();
      }
      try {
        const body = readFileSync(path.join(dist, path.normalize(file)));
        const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : file.endsWith('.woff2') ? 'font/woff2' : 'application/octet-stream';
        res.writeHead(200, { 'content-type': type }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { context, page, errors } = await freshPage();
    try {
      // Whether the first slide was painted while the page was still cut (what lets first.ts go on).
      await page.addInitScript(() => {
        const w = window as unknown as { __paintedCut?: boolean };
        const tick = (): void => {
          if (document.readyState !== 'loading') return;
          if (document.querySelector('section.present h1') && performance.getEntriesByType('paint').length > 0) w.__paintedCut = true;
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { waitUntil: 'commit' });
      // The tail is held until the cut page has painted (polled, with room for a loaded machine:
      // a fixed 2 s hold failed at load 20–30), or until main.ts is asked for (the failure case).
      await page.waitForFunction(() => (window as unknown as { __paintedCut?: boolean }).__paintedCut === true, null, { timeout: 20_000 }).catch(() => undefined);
      release();
      await held;
      expect(mainRequestedEarly, 'main.ts requested before the page was parsed').toBe(false);
      expect(await page.evaluate(() => (window as unknown as { __paintedCut?: boolean }).__paintedCut)).toBe(true);
      await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
      expect(await page.evaluate(() => (window as unknown as { Reveal: { getTotalSlides(): number } }).Reveal.getTotalSlides())).toBe(
        (html.match(/<section[\s>]/g) ?? []).length,
      );
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});

describe('reveal.js start-up (src/client/start-up.ts)', () => {
  it('starts with the faces of the slides it lays out in, shows only the slide on screen, then its neighbours', async () => {
    const { page, errors } = await bootedDesktop();
    await page.waitForFunction(() => (window as unknown as { __atReady?: unknown }).__atReady !== undefined);
    const atReady = await page.evaluate(() => (window as unknown as { __atReady: AtReady }).__atReady);
    // Laid out before their faces were in, the slides' Japanese text went through the system's
    // font fallback glyph by glyph, in reveal.js's start-up task.
    expect(atReady.fontsIn).toEqual([true, true, true, true]);
    expect(atReady.shown).toEqual([0]);
    // Then reveal.js's own view distance (3): the next slides are shown, ready to slide in.
    await page.waitForFunction(() => window.Reveal.getConfig().viewDistance === 3);
    const shown = await page.evaluate(() => window.Reveal.getSlides().flatMap((s, i) => (getComputedStyle(s).display === 'none' ? [] : [i])));
    expect(shown).toEqual([0, 1, 2]);
    expect(errors).toEqual([]);
  });
});
