import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deckFolder } from '../src/node/deck-files.ts';
import { deckViteConfig } from '../src/vite/config.ts';
import { openPage, revealReady, type WatchedPage } from './helpers/browser.ts';

describe('dev server', () => {
  let server: ViteDevServer;
  let deckDir: string;
  let w: WatchedPage;
  let url: string;
  /** What the page showed while the deck was broken, and once it was fixed (the first test's). */
  let started: { errorsShown: string | null; slidesOnceFixed: number; errorsOnceFixed: string };

  beforeAll(async () => {
    deckDir = path.join(inject('tmpDir'), 'dev-deck');
    cpSync(path.resolve('tests/fixtures/basic'), deckDir, { recursive: true });
    // Started on a broken deck (a section names an unknown phase), then fixed: the page reloads
    // itself into the deck (src/client/deck-errors.ts), the fresh page every other test uses. One
    // server and one page for both (a dev server's first page costs ~1.2 CPU-s).
    const b = path.join(deckDir, 'b.md');
    const good = readFileSync(b, 'utf8');
    writeFileSync(b, good.replace('phase: two', 'phase: three'));
    server = await createServer(deckViteConfig({ folder: deckFolder(deckDir), port: 0 }));
    await server.listen();
    const addr = server.httpServer!.address() as AddressInfo;
    url = `http://localhost:${addr.port}/`;
    w = await openPage(url + '#/2');
    const errors = w.page.locator('section.deck-errors');
    await errors.waitFor({ state: 'visible' });
    const errorsShown = await errors.textContent();
    writeFileSync(b, good);
    await revealReady(w.page);
    started = { errorsShown, slidesOnceFixed: await w.page.locator('.reveal .slides > section').count(), errorsOnceFixed: w.errors.join('\n') };
  });
  afterAll(async () => {
    await w?.close();
    await server?.close();
  });

  it('started on a broken deck, shows the errors on the page, then the deck once it is fixed', () => {
    expect(started.errorsShown).toContain('b.md:2:1: error: unknown phase "three"');
    expect(started.slidesOnceFixed).toBe(6);
    expect(started.errorsOnceFixed).toBe('');
  });

  it('binds to loopback only', () => {
    const addr = server.httpServer!.address() as AddressInfo;
    expect(['127.0.0.1', '::1']).toContain(addr.address);
  });

  it('updates the open deck on save and keeps the current slide', async () => {
    const file = path.join(deckDir, 'a.md');
    // The page's first update: the server says which slides changed, the others keep their elements.
    await w.page.evaluate(() => Object.assign(document.querySelectorAll('.reveal .slides > section')[3]!, { marker: 1 }));
    writeFileSync(file, readFileSync(file, 'utf8').replace('最初のスライド', '書き換えたスライド'));
    await w.page.waitForFunction(() => document.querySelector('.reveal .slides section')?.nextElementSibling?.textContent?.includes('書き換えたスライド'));
    expect(await w.page.evaluate(() => (document.querySelectorAll('.reveal .slides > section')[3] as HTMLElement & { marker?: number }).marker)).toBe(1);
    expect(await w.page.evaluate(() => window.Reveal.getIndices().h)).toBe(2);
    expect(w.page.url()).toMatch(/#\/2$/);
    // A second save swaps only the changed slide; the one on screen stays shown and current.
    const unchanged = await w.page.evaluate(() => {
      const s = document.querySelectorAll('.reveal .slides > section')[0] as HTMLElement & { marker?: number };
      s.marker = 1;
      return s.dataset.source;
    });
    writeFileSync(file, readFileSync(file, 'utf8').replace('項目B', '項目ビー'));
    await w.page.waitForFunction(() => document.querySelector('.reveal .slides > section.present')?.textContent?.includes('項目ビー') === true);
    const after = await w.page.evaluate(() => {
      const all = document.querySelectorAll('.reveal .slides > section');
      return {
        kept: (all[0] as HTMLElement & { marker?: number }).marker,
        source: (all[0] as HTMLElement).dataset.source,
        present: Array.from(all).findIndex((s) => s.classList.contains('present')),
        count: all.length,
      };
    });
    expect(after).toEqual({ kept: 1, source: unchanged, present: 2, count: 6 });
  });

  it('renews the slide on screen in place: still reveal.js current slide, fragment step kept', async () => {
    const file = path.join(deckDir, 'a.md');
    await w.page.evaluate(() => window.Reveal.nextFragment());
    expect(await w.page.evaluate(() => window.Reveal.getIndices().f)).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('項目A', '項目エー'));
    await w.page.waitForFunction(() => document.querySelector('.reveal .slides > section.present')?.textContent?.includes('項目エー') === true);
    const state = await w.page.evaluate(() => {
      const current = window.Reveal.getCurrentSlide();
      return {
        current: current.isConnected && current.textContent?.includes('項目エー'),
        indices: window.Reveal.getIndices(),
        visible: Array.from(current.querySelectorAll('.fragment')).map((e) => e.classList.contains('visible')),
      };
    });
    expect(state).toEqual({ current: true, indices: { h: 2, v: 0, f: 0 }, visible: [true, false] });
    await w.page.evaluate(() => window.Reveal.slide(2, 0, -1));
  });

  it('a slide before the current one gets its fragments shown; a line added above a slide only moves its data-source', async () => {
    const file = path.join(deckDir, 'a.md');
    const sections = '.reveal .slides > section';
    await w.page.evaluate(() => window.Reveal.slide(3));
    const marker = `二枚目${Date.now()}`;
    writeFileSync(file, readFileSync(file, 'utf8').replace(/## 二枚目\S*/, `## ${marker}`));
    await w.page.waitForFunction(({ sel, m }) => document.querySelectorAll(sel)[2]?.textContent?.includes(m) === true, { sel: sections, m: marker });
    expect(await w.page.evaluate((sel) => Array.from(document.querySelectorAll(sel)[2]!.querySelectorAll('.fragment')).map((e) => e.classList.contains('visible')), sections)).toEqual([true, true]);
    // A blank line more before the first slide's notes: its markup stays, the second slide starts a
    // line lower. The second slide keeps its element and what is on it (a renewed one would not).
    const before = await w.page.evaluate((sel) => {
      const s = document.querySelectorAll(sel)[2] as HTMLElement;
      s.setAttribute('data-kept', '');
      return s.dataset.source!;
    }, sections);
    writeFileSync(file, readFileSync(file, 'utf8').replace('\nNote:\n最初のスライドのノート', '\n\nNote:\n最初のスライドのノート'));
    const [name, line] = before.split(':');
    await w.page.waitForFunction(({ sel, s }) => (document.querySelectorAll(sel)[2] as HTMLElement).dataset.source === s, { sel: sections, s: `${name}:${Number(line) + 1}` });
    expect(await w.page.evaluate((sel) => document.querySelectorAll(sel)[2]!.hasAttribute('data-kept'), sections)).toBe(true);
    await w.page.evaluate(() => window.Reveal.slide(2));
    expect(w.errors.join('\n')).toBe('');
  });

  it('shows a second save made right after the first (chokidar drops it; the plugin looks again)', async () => {
    const file = path.join(deckDir, 'b.md');
    const text = readFileSync(file, 'utf8');
    // An editor that saves, then formats and saves again: the second save lands right after the
    // watcher reported the first, inside chokidar's 50 ms throttle, which drops its event.
    const reported = new Promise((r) => server.watcher.once('change', r));
    writeFileSync(file, text.replace('おわり', 'いちど目'));
    await reported;
    writeFileSync(file, text.replace('おわり', 'にど目の保存'));
    await w.page.waitForFunction(() => document.querySelector('.reveal .slides')?.textContent?.includes('にど目の保存') === true, undefined, { timeout: 5_000 });
    expect(await w.page.locator('.reveal .slides').textContent()).not.toContain('いちど目');
    expect(w.errors.join('\n')).toBe('');
  });

  it('shows errors in the overlay without stopping, then recovers', async () => {
    const yamlFile = path.join(deckDir, 'deck.yaml');
    const good = readFileSync(yamlFile, 'utf8');
    writeFileSync(yamlFile, good.replace('color: "#c2410c"', 'color: "#nope"'));
    const overlay = w.page.locator('vite-error-overlay');
    await overlay.waitFor({ state: 'attached' });
    expect(await overlay.evaluate((el) => el.shadowRoot?.textContent ?? '')).toMatch(/deck\.yaml:7:\d+: error: phases\.1\.color: not a valid CSS color/);
    writeFileSync(yamlFile, good.replace('第二部', '後半の部'));
    await w.page.waitForFunction(() => document.body.textContent?.includes('後半の部') === true);
    // The deck compiles again: the overlay of its last errors goes with the update.
    await overlay.waitFor({ state: 'detached', timeout: 5000 });
    const res = await fetch(url);
    expect(res.status).toBe(200);
  });
});
