import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compileDeck } from '../src/deck/compile.ts';
import { readDeckFolder } from '../src/node/deck-files.ts';
import { openPage, revealReady, type WatchedPage } from './helpers/browser.ts';

const { deck } = compileDeck(readDeckFolder(path.resolve(process.env.TEST_DECK ?? 'slides')));

describe('built default deck in Chromium', () => {
  let w: WatchedPage;
  /** The slide shown when the page had loaded (deep link #/3), read before any test moves it. */
  let openedOn: string | null;
  beforeAll(async () => {
    // One load serves every test: opened by a deep link, for the test that checks where it lands.
    w = await openPage(inject('deckUrl') + '#/3');
    await revealReady(w.page);
    openedOn = await w.page.$eval('.reveal .slides > section.present', (e) => e.getAttribute('data-source'));
  });
  afterAll(() => w.close());

  it('pre-renders every slide and its notes into index.html', () => {
    const html = readFileSync(path.join(inject('deckDist'), 'index.html'), 'utf8');
    expect(html.match(/<section[\s>]/g)?.length).toBe(deck.slides.length);
    for (const s of deck.slides) if (s.notesText) expect(html).toContain(s.notesHtml.trim().slice(0, 40));
  });

  it('has as many slides as the model, each with its data-phase', async () => {
    const phases = await w.page.$$eval('.reveal .slides > section', (els) => els.map((e) => e.getAttribute('data-phase')));
    expect(phases).toEqual(deck.slides.map((s) => s.phase));
    expect(await w.page.evaluate(() => window.Reveal.getTotalSlides())).toBe(deck.slides.length);
  });

  it('ArrowRight advances and changes the URL hash', async () => {
    await w.page.evaluate(() => window.Reveal.slide(0));
    await w.page.keyboard.press('ArrowRight');
    await w.page.waitForFunction(() => location.hash === '#/1');
    const idx = await w.page.evaluate(() => window.Reveal.getIndices().h);
    expect(idx).toBe(1);
  });

  it('a deep link #/3 opens the fourth slide', async () => {
    expect(openedOn).toBe(`${deck.slides[3]!.source.file}:${deck.slides[3]!.source.line}`);
  });

  it('logs no console errors and sends no request off the machine', () => {
    expect(w.errors).toEqual([]);
    expect(w.external).toEqual([]);
  });
});
