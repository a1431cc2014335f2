import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deckFolder } from '../src/node/deck-files.ts';
import { deckViteConfig } from '../src/vite/config.ts';
import { openPage, revealReady, type WatchedPage } from './helpers/browser.ts';

/**
 * Saves `text` to `file` and waits until `shown` holds in the page. Two saves of one file within a
 * few tens of milliseconds can reach the file watcher (chokidar) as a single event, which
 * an editor never does but a test can: the save is repeated, unchanged, until the page shows it.
 */
async function saveUntil(page: Page, file: string, text: string, shown: () => boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    writeFileSync(file, text);
    const ok = await page.waitForFunction(shown, undefined, { timeout: 2_000 }).then(
      () => true,
      () => false,
    );
    if (ok) return;
    if (attempt === 3) throw new Error(`the page never showed the saved ${path.basename(file)}`);
  }
}

type RevealWindow = { Reveal: { getIndices(): { h: number }; slide(h: number): void } };

describe('dev server', () => {
  let server: ViteDevServer;
  let deckDir: string;
  let w: WatchedPage;
  let url: string;

  beforeAll(async () => {
    deckDir = path.join(inject('tmpDir'), 'dev-deck');
    cpSync(path.resolve('tests/fixtures/basic'), deckDir, { recursive: true });
    server = await createServer(deckViteConfig({ folder: deckFolder(deckDir), port: 0 }));
    await server.listen();
    const addr = server.httpServer!.address() as AddressInfo;
    url = `http://localhost:${addr.port}/`;
    w = await openPage(url + '#/2');
    await revealReady(w.page);
  });
  afterAll(async () => {
    await w?.close();
    await server?.close();
  });

  it('binds to loopback only', () => {
    const addr = server.httpServer!.address() as AddressInfo;
    expect(['127.0.0.1', '::1']).toContain(addr.address);
  });

  it('updates the open deck on save and keeps the current slide', async () => {
    const file = path.join(deckDir, 'a.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('最初のスライド', '書き換えたスライド'));
    await w.page.waitForFunction(() => document.querySelector('.reveal .slides section')?.nextElementSibling?.textContent?.includes('書き換えたスライド'));
    expect(await w.page.evaluate(() => (window as unknown as RevealWindow).Reveal.getIndices().h)).toBe(2);
    expect(w.page.url()).toMatch(/#\/2$/);
    // A second save swaps only the changed slide; the one on screen stays shown and current.
    const unchanged = await w.page.evaluate(() => {
      const s = document.querySelectorAll('.reveal .slides > section')[0] as HTMLElement & { marker?: number };
      s.marker = 1;
      return s.dataset.source;
    });
    await saveUntil(w.page, file, readFileSync(file, 'utf8').replace('項目B', '項目ビー'), () =>
      document.querySelector('.reveal .slides > section.present')?.textContent?.includes('項目ビー') === true,
    );
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

  it('shows errors in the overlay without stopping, then recovers', async () => {
    const yamlFile = path.join(deckDir, 'deck.yaml');
    const good = readFileSync(yamlFile, 'utf8');
    writeFileSync(yamlFile, good.replace('color: "#c2410c"', 'color: "#nope"'));
    const overlay = w.page.locator('vite-error-overlay');
    await overlay.waitFor({ state: 'attached' });
    expect(await overlay.evaluate((el) => el.shadowRoot?.textContent ?? '')).toMatch(/deck\.yaml:7:\d+: error: phases\.1\.color: not a valid CSS color/);
    await saveUntil(w.page, yamlFile, good.replace('第二部', '後半の部'), () => document.body.textContent?.includes('後半の部') === true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
  });
});

describe('dev server started on a broken deck', () => {
  let server: ViteDevServer;
  let deckDir: string;
  let w: WatchedPage;

  beforeAll(async () => {
    deckDir = path.join(inject('tmpDir'), 'dev-broken-deck');
    cpSync(path.resolve('tests/fixtures/basic'), deckDir, { recursive: true });
    const file = path.join(deckDir, 'b.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('phase: two', 'phase: three'));
    server = await createServer(deckViteConfig({ folder: deckFolder(deckDir), port: 0 }));
    await server.listen();
    const addr = server.httpServer!.address() as AddressInfo;
    w = await openPage(`http://localhost:${addr.port}/`);
  });
  afterAll(async () => {
    await w?.close();
    await server?.close();
  });

  it('shows the errors on the page, then the deck once it is fixed', async () => {
    const errors = w.page.locator('section.deck-errors');
    await errors.waitFor({ state: 'visible' });
    expect(await errors.textContent()).toContain('b.md:2:1: error: unknown phase "three"');
    const file = path.join(deckDir, 'b.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('phase: three', 'phase: two'));
    await revealReady(w.page);
    expect(await w.page.locator('.reveal .slides > section').count()).toBe(6);
    expect(w.errors).toEqual([]);
  });
});
