import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compileDeck } from '../src/deck/compile.ts';
import { readDeckFolder } from '../src/node/deck-files.ts';
import { buildStandalone } from '../src/node/standalone.ts';
import { browser, squash } from './helpers/browser.ts';

const DECK_DIR = path.resolve(process.env.TEST_DECK ?? 'slides');
const { deck } = compileDeck(readDeckFolder(DECK_DIR));

let html: string;
let file: string;
let context: BrowserContext;
let page: Page;
/** Every URL any page of the context asked for: only file: and data: are allowed. */
const requests: string[] = [];
const errors: string[] = [];


beforeAll(async () => {
  html = await buildStandalone(DECK_DIR);
  const dir = path.join(inject('tmpDir'), 'standalone');
  mkdirSync(dir, { recursive: true });
  file = path.join(dir, 'standalone.html');
  writeFileSync(file, html);
  context = await (await browser()).newContext({ viewport: { width: 1280, height: 720 } });
  context.on('request', (r) => requests.push(r.url()));
  // Offline: anything but the file itself and data: URLs fails at once.
  await context.route(/^(?!file:|data:)/, (route) => route.abort());
  context.on('page', (p) => {
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    p.on('pageerror', (e) => errors.push(e.message));
  });
  page = await context.newPage();
  // Opened the way a double-click opens it.
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => window.Reveal?.isReady() === true);
});

afterAll(() => context?.close());

describe('standalone.html', () => {
  it('is one file: no external script, stylesheet, image or font', () => {
    const outside = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '').replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '');
    expect(outside).not.toMatch(/\b(?:src|href)="(?!data:|#)[^"]*"/);
    for (const m of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)) {
      for (const u of m[1]!.matchAll(/url\(\s*["']?([^"')]*)/g)) expect(u[1]).toMatch(/^(data:|#)/);
    }
    expect(html).toMatch(/<script type="module"[^>]*>[^<]/);
  });

  it('keeps a CSP that forbids remote loads and allows its inline code by hash only', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'sha256-[^']+'(?: 'sha256-[^']+')*;/);
    expect(csp).toMatch(/style-src 'sha256-[^']+'(?: 'sha256-[^']+')*;/);
    expect(csp).toMatch(/connect-src 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('opens from file:// on slide 1, with the deck font and the phase bar', async () => {
    expect(await page.evaluate(() => window.Reveal.getIndices().h)).toBe(0);
    const source = await page.$eval('.reveal .slides > section.present', (e) => e.getAttribute('data-source'));
    expect(source).toBe(`${deck.slides[0]!.source.file}:${deck.slides[0]!.source.line}`);
    expect(await page.getAttribute('[role="progressbar"]', 'aria-valuenow')).toBe('1');
    await page.evaluate(() => document.fonts.ready);
    const faces = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')));
    expect(faces).toContain('Noto Sans JP');
  });

  it('ArrowRight moves to slide 2 and the bar follows', async () => {
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => location.hash === '#/1');
    expect(await page.evaluate(() => window.Reveal.getIndices().h)).toBe(1);
    expect(await page.getAttribute('[role="progressbar"]', 'aria-valuenow')).toBe('2');
  });

  it("opens the speaker view with the slide's notes (S)", async () => {
    const withNotes = deck.slides.find((s) => s.index > 0 && s.notesText);
    expect(withNotes).toBeDefined();
    await page.evaluate((h) => window.Reveal.slide(h), withNotes!.index);
    const [speaker] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('s')]);
    const want = squash(withNotes!.notesText).slice(0, 30);
    await speaker.waitForFunction((w) => (document.querySelector('.speaker-notes-body')?.textContent ?? '').replace(/\s+/g, '').includes(w), want);
    // Its slide previews are iframes of this same file, allowed by frame-src 'self'.
    await speaker.waitForSelector('iframe');
    const preview = speaker.frames().find((f) => f.url().includes('view=receiver'));
    expect(preview).toBeDefined();
    await preview!.waitForSelector('.reveal .slides > section.present');
    await speaker.close();
  });

  it('asked for nothing but file: and data:, and logged no error (no CSP violation)', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !/^(file|data):/.test(u))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
