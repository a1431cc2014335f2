import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deckViteConfig } from '../src/vite/config.ts';
import { deckFolder } from '../src/node/deck-files.ts';
import { CSP } from '../src/shared/csp.ts';
import { openPage, revealReady, type WatchedPage } from './helpers/browser.ts';

/*
 * Issue 11, class 1: ordinary editing accidents while `npm start` runs. Each one must leave the
 * dev server alive, show the error (file:line:col) in the overlay, and recover on the next good
 * save. One server for all of them, started on a deck that is already broken.
 */

const BOMB = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]', 'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]'].join('\n');

/** The overlay's text once it shows `pattern` (the overlay is replaced on every failed save). */
async function overlayShows(page: Page, pattern: RegExp): Promise<string> {
  const handle = await page.waitForFunction(
    (source) => {
      const text = document.querySelector('vite-error-overlay')?.shadowRoot?.textContent ?? '';
      return new RegExp(source).test(text) ? text : false;
    },
    pattern.source,
    { timeout: 5_000 },
  );
  return (await handle.jsonValue()) as string;
}

/**
 * Applies an accident until the overlay shows `pattern`: under a loaded machine chokidar may merge
 * a save with the previous test's restore of the same file (an unlink and re-add), so the save is
 * repeated (at most 3 times); the double-save fix itself is asserted in dev-server.test.ts.
 */
async function applyUntilShown(page: Page, apply: () => void, pattern: RegExp): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    apply();
    try {
      return await overlayShows(page, pattern);
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

/** Saves until the page shows `marker` (chokidar may merge two quick saves of one file; a rebuild can take seconds on a loaded machine). */
async function saveUntilShown(page: Page, file: string, text: string, marker: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    writeFileSync(file, text);
    const ok = await page
      .waitForFunction((m) => document.querySelector('.reveal .slides')?.textContent?.includes(m) === true, marker, { timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    if (ok) return;
    if (attempt === 3) throw new Error(`the page never showed "${marker}" after saving ${path.basename(file)}`);
  }
}

describe('dev server survives editing accidents', () => {
  let server: ViteDevServer;
  let deckDir: string;
  let w: WatchedPage;
  let url: string;
  const original = new Map<string, string>();
  let saves = 0;

  const file = (name: string): string => path.join(deckDir, name);
  const alive = async (): Promise<void> => {
    expect((await fetch(url)).status).toBe(200);
    expect(server.httpServer?.listening).toBe(true);
  };
  /** Restores every file and saves a visible change, then waits for the deck to show it. */
  const recover = async (): Promise<void> => {
    for (const [name, text] of original) if (name !== 'a.md') writeFileSync(file(name), text);
    const marker = `回復${++saves}`;
    await saveUntilShown(w.page, file('a.md'), original.get('a.md')!.replace('最初のスライド', `最初のスライド${marker}`), marker);
    await alive();
  };

  beforeAll(async () => {
    deckDir = path.join(inject('tmpDir'), 'hardening-dev-deck');
    cpSync(path.resolve('tests/fixtures/hardening-dev'), deckDir, { recursive: true });
    for (const name of ['deck.yaml', 'a.md', 'b.md', 'timeline.yaml']) original.set(name, readFileSync(file(name), 'utf8'));
    // Started broken: an alias bomb in deck.yaml and an Emacs lock file (a dangling symlink).
    writeFileSync(file('deck.yaml'), `${BOMB}\n${original.get('deck.yaml')}`);
    symlinkSync('root@host.12345:1700000000', file('.#a.md'));
    server = await createServer(deckViteConfig({ folder: deckFolder(deckDir), port: 0 }));
    await server.listen();
    url = `http://localhost:${(server.httpServer!.address() as AddressInfo).port}/`;
    w = await openPage(url);
  });
  afterAll(async () => {
    await w?.close();
    await server?.close();
  });

  it('starts on a broken deck, shows its error, and shows the deck once it is fixed', async () => {
    const errors = w.page.locator('section.deck-errors');
    await errors.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await errors.textContent()).toMatch(/deck\.yaml:2:\d+: error: YAML aliases \(\*name\) expand to too much data/);
    writeFileSync(file('deck.yaml'), original.get('deck.yaml')!);
    await revealReady(w.page);
    // The lock file beside a.md is no section and no error.
    await recover();
  });

  it('serves SVG images with their Content-Type and a CSP that blocks script, and the page with the build CSP', async () => {
    const res = await fetch(`${url}@deck-asset/deck/map.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    // The image shows in the page (it did not without a Content-Type).
    const width = await w.page.evaluate(async () => {
      const img = document.querySelector<HTMLImageElement>('img[src*="map.svg"]')!;
      await img.decode();
      return img.naturalWidth;
    });
    expect(width).toBe(400);
    const csp = await w.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp!.replace(/ 'nonce-[^']+'/g, '')).toBe(CSP);
  });

  const accidents: Array<{ name: string; apply: () => void; shows: RegExp }> = [
    {
      name: 'an alias bomb in deck.yaml',
      apply: () => writeFileSync(file('deck.yaml'), `${original.get('deck.yaml')}${BOMB}\n`),
      shows: /deck\.yaml:\d+:\d+: error: YAML aliases/,
    },
    {
      name: 'an alias bomb in front matter',
      apply: () => writeFileSync(file('a.md'), original.get('a.md')!.replace('phase: one', `phase: one\n${BOMB}`)),
      shows: /a\.md:4:\d+: error: YAML aliases/,
    },
    {
      name: "an alias bomb in a figure's data file",
      apply: () => writeFileSync(file('timeline.yaml'), `${original.get('timeline.yaml')}${BOMB}\n`),
      shows: /timeline\.yaml:\d+:\d+: error: YAML aliases/,
    },
    {
      name: 'a half-typed %-escape in an image path',
      apply: () => writeFileSync(file('a.md'), `${original.get('a.md')}\n---\n## 画像\n\n![地図](%E0%A4.png)\n`),
      shows: /a\.md:25:1: error: image "%E0%A4\.png" has an incomplete %-escape/,
    },
    {
      name: 'a section that became a dangling symlink',
      apply: () => {
        rmSync(file('b.md'));
        symlinkSync('b-renamed.md', file('b.md'));
      },
      shows: /b\.md:1:1: error: "b\.md" is a broken link/,
    },
    {
      name: 'a section file linked from outside the deck',
      apply: () => {
        rmSync(file('b.md'));
        symlinkSync('/etc/hostname', file('b.md'));
      },
      shows: /b\.md:1:1: error: "b\.md" is a link to a file outside the deck folder/,
    },
    {
      name: 'a data file that is unreadable or a folder',
      apply: () => {
        rmSync(file('timeline.yaml'));
        symlinkSync('timeline.yaml', file('timeline.yaml')); // a link to itself: ELOOP
      },
      shows: /timeline\.yaml:1:1: error: /,
    },
    {
      name: 'a color that colorjs.io parses loosely',
      apply: () => writeFileSync(file('deck.yaml'), original.get('deck.yaml')!.replace('"#c2410c"', '"rgb(1 2 3)}*{none}()"')),
      shows: /deck\.yaml:7:\d+: error: phases\.1\.color: not a valid CSS color/,
    },
    {
      name: 'a huge year in a data file',
      apply: () => writeFileSync(file('timeline.yaml'), original.get('timeline.yaml')!.replace('1991', '9007199254740991')),
      shows: /timeline\.yaml:3:\d+: error: events\.1\.year: a year must be at most 3000/,
    },
  ];

  for (const a of accidents) {
    it(`stays up through ${a.name}, shows it, and recovers`, async () => {
      const text = await applyUntilShown(w.page, a.apply, a.shows);
      expect(text).not.toMatch(/internal error|unexpected error/);
      await alive();
      for (const name of ['b.md', 'timeline.yaml']) {
        rmSync(file(name), { force: true });
        writeFileSync(file(name), original.get(name)!);
      }
      await recover();
    });
  }

  it('recovered fully: every slide and the figure are back, with no page error', async () => {
    expect(await w.page.locator('.reveal .slides > section').count()).toBeGreaterThanOrEqual(8);
    expect(await w.page.locator('.reveal .slides svg').count()).toBeGreaterThan(0);
    // Only the failed image request of the %-escape accident may have logged; no script error, no CSP refusal.
    expect(w.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
