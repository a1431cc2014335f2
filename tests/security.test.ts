import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createServer, preview, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSite } from '../src/node/pipeline/build.ts';
import { compile } from '../src/deck/compile.ts';
import { createMarkdown } from '../src/deck/markdown.ts';
import { Diagnostics } from '../src/deck/errors.ts';
import { CSP, cspOfPage, siteCsp } from '../src/shared/csp.ts';
import { deckFolder } from '../src/node/deck-files.ts';
import { deckViteConfig } from '../src/vite/config.ts';
import { serveDir, type StaticServer } from '../src/node/static-server.ts';
import { capture } from './helpers/capture.ts';
import { openPage, openWatched, revealReady, visitEverySlide, type SecurityWatchedPage, type WatchedPage } from './helpers/browser.ts';
import { DECK_YAML, memoryDeck } from './helpers/memory-deck.ts';

const XSS = path.resolve('tests/fixtures/xss');

/** openWatched() (tests/helpers/browser.ts: dialogs and CSP violations recorded from the first byte), then reveal.js ready. */
async function openWatchedDeck(url: string, reveal = true): Promise<SecurityWatchedPage> {
  const w = await openWatched(url);
  if (reveal) await revealReady(w.page);
  return w;
}

describe('a deck full of script payloads', () => {
  let server: StaticServer;
  let w: SecurityWatchedPage;
  let html: string;
  let out: string;

  beforeAll(async () => {
    out = path.join(inject('tmpDir'), 'xss-dist');
    const r = await capture(() => buildSite(XSS, out));
    // The payloads are all allowed text: the deck builds without a single diagnostic.
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    html = readFileSync(path.join(out, 'index.html'), 'utf8');
    server = await serveDir(out);
    w = await openWatchedDeck(server.url);
  });
  afterAll(async () => {
    await w?.close();
    await server?.close();
  });

  it('runs none of them: no handler fires and no dialog opens, on any slide, when hovered or clicked', async () => {
    const total = await visitEverySlide(w.page);
    expect(total).toBe(7);
    // Fire the events the payloads listen for on every element of every slide.
    await w.page.evaluate(() => {
      for (const el of document.querySelectorAll('.reveal .slides *')) {
        for (const type of ['mouseover', 'mouseenter', 'focus', 'load', 'error']) el.dispatchEvent(new Event(type));
        if (!(el instanceof HTMLAnchorElement)) (el as HTMLElement).click();
      }
    });
    // Click each link for real, the way a student would; a javascript: href would run here.
    const hrefs = await w.page.$$eval('.reveal .slides a', (as) => as.map((a) => a.getAttribute('href')));
    for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:|#)/);
    expect(await w.page.evaluate(() => window.__pwned)).toBeUndefined();
    expect(w.dialogs).toEqual([]);
  });

  it('leaves no live markup: no script, iframe, svg, style or on* attribute comes from the deck', async () => {
    const found = await w.page.evaluate(() => {
      const slides = document.querySelector('.reveal .slides')!;
      const tags = [...slides.querySelectorAll('script, iframe, svg, style, object, embed, img, form, base, meta, link')].map((e) => e.tagName);
      const handlers = [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`));
      const scripts = [...document.scripts].map((s) => s.type || 'classic');
      return { tags, handlers, scripts, title: document.title };
    });
    expect(found.tags).toEqual([]);
    expect(found.handlers).toEqual([]);
    // Only the app's own module and the JSON model; the JSON is data, never run.
    expect(found.scripts.sort()).toEqual(['application/json', 'module']);
    // The title payload stays text.
    expect(found.title).toContain("</title><script>window.__pwned='title'</script>");
  });

  it('escapes every payload in the HTML as text and keeps attribute values inside their quotes', async () => {
    expect(html).not.toMatch(/<script>window/);
    expect(html).toContain('&lt;script&gt;window.__pwned=');
    // The class payload stays one attribute value of the slide.
    const cls = await w.page.$eval('section[data-source="html.md:41"]', (s) => ({ cls: s.className, attrs: s.getAttributeNames() }));
    expect(cls.cls).toContain('x" onmouseover=');
    expect(cls.attrs.filter((a) => a.startsWith('on'))).toEqual([]);
    // Author text with String.replace specials ($& $' $`) arrives verbatim and the page is whole.
    expect(html.match(/<!doctype html>/gi)).toHaveLength(1);
    expect(await w.page.textContent('section[data-source="html.md:41"]')).toContain("$& $' $` $$");
  });

  it('keeps the page working when a heading takes the id of the page\'s own model element', async () => {
    // {#deck-data} on a heading must not replace the embedded model (DOM clobbering).
    const phases = await w.page.$$eval('.reveal .slides > section', (els) => els.map((e) => e.getAttribute('data-phase')));
    expect(phases).toEqual(['one', 'one', 'one', 'one', 'two', 'two', 'two']);
    expect(w.errors).toEqual([]);
  });

  it('sends no request off the machine and violates no CSP directive', async () => {
    expect(w.external).toEqual([]);
    expect(await w.page.evaluate(() => window.__violations)).toEqual([]);
  });

  it('keeps them inert in the reading view, which shows every slide at once', async () => {
    const r = await openWatchedDeck(`${server.url}?view=reading`);
    try {
      await r.page.waitForSelector('html.reading-view');
      await expectInert(r.page);
      expect(r.dialogs).toEqual([]);
      expect(r.external).toEqual([]);
    } finally {
      await r.close();
    }
  });

  it('keeps them inert in the speaker view (notes, phase labels, slide previews), on every slide', async () => {
    const s = await openWatchedDeck(`${server.url}?view=speaker#/0`, false);
    try {
      await s.page.waitForSelector('main.speaker');
      for (let i = 0; i < 6; i++) await s.page.keyboard.press('ArrowRight');
      await s.page.waitForFunction(() => location.hash === '#/6');
      // The previews are the deck itself in frames: wait until both have started reveal.js.
      await s.page.waitForFunction(() =>
        [...document.querySelectorAll('iframe')].every((f) => f.contentWindow?.Reveal?.isReady() === true),
      );
      expect(await s.page.textContent('main.speaker')).toContain("<script>window.__pwned='label2'</script>");
      await expectInert(s.page);
      expect(s.dialogs).toEqual([]);
      expect(s.external).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

/** In the page and each of its frames: no payload ran, no handler attribute or inline script exists. */
async function expectInert(page: Page): Promise<void> {
  for (const frame of page.frames()) {
    const found = await frame.evaluate(() => ({
      pwned: window.__pwned,
      handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
      inline: [...document.scripts].filter((x) => !x.src && x.type !== 'application/json').map((x) => x.textContent),
      violations: window.__violations ?? [],
    }));
    expect(found, frame.url()).toEqual({ pwned: undefined, handlers: [], inline: [], violations: [] });
  }
}

describe('the compiler refuses or neutralises unsafe input', () => {
  const env = () => ({ file: 'x.md', line: 1, diags: new Diagnostics(), resolveAsset: (u: string) => u, renderFigure: () => undefined });
  const md = createMarkdown(false);

  it.each([
    ['[a](javascript:alert(1))'],
    ['[a](JaVaScRiPt:alert(1))'],
    ['[a](vbscript:msgbox(1))'],
    ['[a](data:text/html,<script>alert(1)</script>)'],
    ['[a](file:///etc/passwd)'],
    ['<javascript:alert(1)>'],
    ['[a][r]\n\n[r]: javascript:alert(1)'],
    ['[a](&#106;avascript:alert(1))'],
    ['[a](java%0ascript:alert(1))'],
  ])('%s never becomes a live script link', (src) => {
    const html = md.render(src, env());
    // Whatever is left as a link must resolve, as a browser would resolve it, to a harmless scheme.
    for (const [, href] of html.matchAll(/<a href="([^"]*)"/g)) {
      const decoded = href!.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
      expect(new URL(decoded, 'http://127.0.0.1/deck/').protocol).toMatch(/^(https?|mailto):$/);
    }
    expect(html).not.toMatch(/href="(javascript|vbscript|data|file):/i);
  });

  it('keeps http(s) and mailto links, opening web links in a new tab without an opener', () => {
    expect(md.render('[w](https://example.org) [m](mailto:a@example.org)', env())).toBe(
      '<p><a href="https://example.org" target="_blank" rel="noopener noreferrer">w</a> <a href="mailto:a@example.org">m</a></p>\n',
    );
  });

  it('drops event handlers, style, href and src given with {…} attribute syntax', () => {
    const html = md.render('## t {onclick=alert(1) style="color:red" href=javascript:x src=x onerror=y .ok #k data-fragment-index=2}', env());
    expect(html).toBe('<h2 class="ok" id="k" data-fragment-index="2">t</h2>\n');
  });

  it('escapes raw HTML unless deck.yaml sets allowHtml: true', () => {
    const src = '<b onclick="x">bold</b>';
    expect(md.render(src, env())).toBe('<p>&lt;b onclick=&quot;x&quot;&gt;bold&lt;/b&gt;</p>\n');
    expect(createMarkdown(true).render(src, env())).toBe('<p><b onclick="x">bold</b></p>\n');
  });

  const slide = (attrs: string) => `---\nphase: a\n---\n<!-- .slide: ${attrs} -->\n## s\n`;
  const two = '---\nphase: b\n---\n## t\n';
  it.each([
    ['onload="alert(1)"', 'slide attribute "onload" is not allowed'],
    ['ONCLICK=alert(1)', 'slide attribute "onclick" is not allowed'],
    ['style="background:red"', 'slide attribute "style" is not allowed'],
    ['data-background-image="http://evil.example/x.png"', 'slide attribute "data-background-image" is not allowed'],
    ['data-background-iframe="https://evil.example"', 'slide attribute "data-background-iframe" is not allowed'],
    ['data-background-gradient="url(http://evil.example/x.png)"', 'slide attribute "data-background-gradient" must not load an image or URL'],
    ['data-background-color="red;background-image:URL (//evil.example/x)"', 'slide attribute "data-background-color" must not load an image or URL'],
  ])('<!-- .slide: %s --> is an error', (attrs, message) => {
    const r = compile(memoryDeck({ 'deck.yaml': DECK_YAML, 'one.md': slide(attrs), 'two.md': two }));
    expect(r.deck).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`)).toContain(`one.md:4: ${message}`);
  });

  it('accepts a gradient background and class/transition options', () => {
    const r = compile(memoryDeck({ 'deck.yaml': DECK_YAML, 'one.md': slide('class="center" data-transition="fade" data-background-gradient="linear-gradient(#fff, #eee)"'), 'two.md': two }));
    expect(r.diagnostics).toEqual([]);
    expect(r.deck!.slides[0]!.attrs).toEqual({ class: 'center', 'data-transition': 'fade', 'data-background-gradient': 'linear-gradient(#fff, #eee)' });
  });

  it('refuses remote images (the deck never calls the network) and a lang that is not a language tag', () => {
    const one = '---\nphase: a\n---\n## s\n\n![x](https://evil.example/pixel.png)\n\n![y](//evil.example/p.png)\n';
    const r = compile(memoryDeck({ 'deck.yaml': DECK_YAML.replace('lang: ja', 'lang: \'ja" onload="x\''), 'one.md': one, 'two.md': two }));
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`)).toEqual([
      'deck.yaml:2: lang: lang must be a language tag such as ja, en or zh-Hant',
    ]);
    const r2 = compile(memoryDeck({ 'deck.yaml': DECK_YAML, 'one.md': one, 'two.md': two }));
    expect(r2.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`)).toEqual([
      'one.md:6: image "https://evil.example/pixel.png" is not a local file',
      'one.md:8: image "//evil.example/p.png" is not a local file',
    ]);
  });

  it('rejects a phase color that tries to break out of its CSS rule', () => {
    const yaml = DECK_YAML.replace('color: "#2f5d9e"', 'color: "red;}body{background:url(//evil.example/x)"');
    const r = compile(memoryDeck({ 'deck.yaml': yaml, 'one.md': slide('class="c"'), 'two.md': two }));
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('phases.0.color: not a valid CSS color')]);
  });
});

/*
 * The built default deck in Chromium: that it causes no CSP violation, console error, dialog or
 * off-machine request on any slide or in the overview is checked in theme.test.ts, in the walk over
 * every slide that file makes anyway (its page records them as openWatched() does).
 */
describe('the built default deck', () => {
  it('sends a CSP that allows only its own scripts, styles, fonts and images, no inline script, and its one inline style by hash', () => {
    const html = readFileSync(path.join(inject('deckDist'), 'index.html'), 'utf8');
    // Exactly one <style>, the first slide's stylesheet, and no style attribute anywhere.
    const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    expect(html.match(/<style[\s>]/g)).toHaveLength(1);
    expect(html).not.toMatch(/\sstyle="/);
    // The policy is the shared one plus the sha256 of exactly those bytes, in style-src only.
    const hash = createHash('sha256').update(styles[0]!, 'utf8').digest('base64');
    const policy = cspOfPage(html);
    expect(policy).toBe(siteCsp([hash]));
    expect(policy!.replace(` 'sha256-${hash}'`, '')).toBe(CSP);
    const directives = Object.fromEntries(policy!.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
    expect(directives).toMatchObject({ 'default-src': "'self'", 'script-src': "'self'", 'style-src': `'self' 'sha256-${hash}'`, 'font-src': "'self' data:", 'img-src': "'self' data:", 'object-src': "'none'" });
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|nonce-|https?:|\*/);
    // Every <script> is either an external file or JSON data.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attrs, body] of scripts) expect(/\bsrc=/.test(attrs!) || /type="application\/json"/.test(attrs!) ? '' : body).toBe('');
  });

  /** The page's CSP violations, as "directive", from its first byte (in window.__violations). */
  const recordViolations = (): void => {
    const v: string[] = (window.__violations = []);
    document.addEventListener('securitypolicyviolation', (e) => v.push(e.violatedDirective));
  };
  /** What the style check reads of a loaded page: its CSP violations, its <style> sheets in force, the first heading's font. */
  const styleState = (page: Page): Promise<{ violations: string[]; sheets: number; family: string }> =>
    page.evaluate(() => ({
      violations: window.__violations ?? [],
      sheets: [...document.styleSheets].filter((s) => s.ownerNode?.nodeName === 'STYLE').length,
      family: getComputedStyle(document.querySelector('.reveal .slides > section h1')!).fontFamily,
    }));

  /**
   * The built page as served, with the query keys reveal.js would read into its config and CSP
   * violations recorded: loaded once for the two tests that read it (a default-deck load is
   * ~0.6 CPU-s). Neither changes what the other reads, so each runs alone (-t) or in any order.
   */
  let pinned: Promise<WatchedPage> | undefined;
  const pinnedPage = (): Promise<WatchedPage> =>
    (pinned ??= openPage('about:blank').then(async (w) => {
      await w.page.addInitScript(recordViolations);
      await w.page.goto(inject('deckUrl') + '?utm=1&postMessage=true&postMessageEvents=true#/2');
      await revealReady(w.page);
      return w;
    }));
  afterAll(async () => (await pinned)?.close());

  it('keeps its postMessage API off when the URL asks for it (reveal.js reads the query into its config)', async () => {
    const w = await pinnedPage();
    const state = await w.page.evaluate(() => ({
      config: { postMessage: window.Reveal.getConfig().postMessage, postMessageEvents: window.Reveal.getConfig().postMessageEvents },
      search: location.search,
      hash: location.hash,
      slide: window.Reveal.getIndices().h,
    }));
    // The pinned keys are gone from the URL, the other key and the slide in the hash stay.
    expect(state).toEqual({ config: { postMessage: false, postMessageEvents: false }, search: '?utm=1', hash: '#/2', slide: 2 });
    // A call in reveal.js's message format does nothing: no listener took it. Messages arrive in
    // the order they were posted, so once a second one has arrived the call has been handled.
    const after = await w.page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          window.addEventListener('message', (e) => {
            if (e.data === 'marker') resolve(window.Reveal.getIndices().h);
          });
          window.postMessage(JSON.stringify({ method: 'slide', args: [5] }), '*');
          window.postMessage('marker', '*');
        }),
    );
    expect(after).toBe(2);
    expect(w.errors).toEqual([]);
  });

  it('refuses the inline style once its bytes no longer match the hash', async () => {
    const html = readFileSync(path.join(inject('deckDist'), 'index.html'), 'utf8');
    // One rule changed inside the style, the CSP left as built (what an edit without a rebuild does).
    const tampered = html.replace(/(<style\b[^>]*>)/, '$1.tampered{color:red}');
    expect(tampered).not.toBe(html);
    // As built: the page of the test above (the bytes the server sends are the built file's).
    const ok = await styleState((await pinnedPage()).page);
    const w = await openPage('about:blank');
    try {
      await w.page.addInitScript(recordViolations);
      // Only the page itself is replaced; its scripts, fonts and images come from the built site.
      await w.page.route(inject('deckUrl'), (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: tampered }));
      await w.page.goto(inject('deckUrl'));
      await w.page.waitForLoadState('load');
      const bad = await styleState(w.page);
      expect(ok).toMatchObject({ violations: [], sheets: 1 });
      expect(ok.family).toMatch(/Noto Sans JP/);
      expect(bad.violations).toContain('style-src-elem');
      expect(bad.sheets).toBe(0);
    } finally {
      await w.close();
    }
  });
});

describe('the test pages (tests/helpers/browser.ts)', () => {
  it('record a request leaving the machine and refuse it, and let loopback through', async () => {
    // A page of the test server without the deck's CSP (which would refuse the far images before
    // they are requested): the site's card image, shown on its own.
    const w = await openPage(`${inject('deckUrl')}og-image.png`);
    const failed: string[] = [];
    w.page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
    try {
      const loaded = await w.page.evaluate((urls) =>
        Promise.all(
          urls.map(
            (src) =>
              new Promise<string>((resolve) => {
                const img = new Image();
                img.onload = () => resolve(`${src} loaded`);
                img.onerror = () => resolve(`${src} failed`);
                img.src = src;
              }),
          ),
        ),
      [`https://example.com/probe.png`, `http://10.255.255.1/probe.png`, `${inject('deckUrl')}og-image.png`]);
      expect(loaded).toEqual([`https://example.com/probe.png failed`, `http://10.255.255.1/probe.png failed`, `${inject('deckUrl')}og-image.png loaded`]);
      expect(w.external).toEqual(['https://example.com/probe.png', 'http://10.255.255.1/probe.png']);
      // Refused by the proxy the test pages use, on this machine, not by a network that happens to be missing.
      expect(failed.sort()).toEqual(['http://10.255.255.1/probe.png net::ERR_PROXY_CONNECTION_FAILED', 'https://example.com/probe.png net::ERR_PROXY_CONNECTION_FAILED']);
    } finally {
      await w.close();
    }
  });
});

describe('dev server and preview listen on this machine only', () => {
  const loopback = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
  /** An address of this machine other than loopback, to try reaching the server from "outside". */
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
  const refused = (host: string, port: number) =>
    new Promise<string>((resolve) => {
      const s = connect({ host, port }, () => {
        s.destroy();
        resolve('connected');
      });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });

  it('configures localhost for both', () => {
    const config = deckViteConfig({ folder: deckFolder('slides') });
    expect(config.server?.host).toBe('localhost');
    expect(config.preview?.host).toBe('localhost');
  });

  it('the dev server binds a loopback address', async () => {
    let server: ViteDevServer | undefined;
    try {
      const config = deckViteConfig({ folder: deckFolder('tests/fixtures/basic'), port: 0 });
      server = await createServer({ ...config, server: { ...config.server, hmr: false, watch: null } });
      await server.listen();
      const addr = server.httpServer!.address();
      if (!addr || typeof addr === 'string') throw new Error(`unexpected address ${String(addr)}`);
      expect(addr.address).toMatch(loopback);
      if (external) expect(await refused(external, addr.port)).toBe('ECONNREFUSED');
    } finally {
      await server?.close();
    }
  });

  it('preview binds a loopback address', async () => {
    const config = deckViteConfig({ folder: deckFolder('tests/fixtures/basic'), outDir: inject('deckDist') });
    const server = await preview({ ...config, preview: { ...config.preview, port: 0, open: false } });
    try {
      const addr = server.httpServer.address();
      if (!addr || typeof addr === 'string') throw new Error(`unexpected address ${String(addr)}`);
      expect(addr.address).toMatch(loopback);
      if (external) expect(await refused(external, addr.port)).toBe('ECONNREFUSED');
      // The page's policy goes out as a header too, the same as its meta tag (inline style hash included).
      const html = readFileSync(path.join(inject('deckDist'), 'index.html'), 'utf8');
      const origin = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
      for (const p of ['/', '/index.html', '/?view=speaker']) {
        const res = await fetch(`${origin}${p}`);
        expect(res.headers.get('content-security-policy'), p).toBe(cspOfPage(html));
        expect(cspOfPage(await res.text()), p).toBe(cspOfPage(html));
      }
      expect((await fetch(`${origin}/sw.js`)).headers.get('content-security-policy')).toBeNull();
    } finally {
      await server.close();
    }
  });
});
