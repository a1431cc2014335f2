import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compileDeck } from '../src/deck/compile.ts';
import { readDeckFolder } from '../src/node/deck-files.ts';
import { openPage, revealReady, type WatchedPage } from './helpers/browser.ts';

const { deck } = compileDeck(readDeckFolder(path.resolve(process.env.TEST_DECK ?? 'slides')));

describe('built default deck in Chromium', () => {
  let w: WatchedPage;
  beforeAll(async () => {
    w = await openPage(inject('deckUrl'));
    await revealReady(w.page);
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
    const deep = await openPage(inject('deckUrl') + '#/3');
    await revealReady(deep.page);
    const current = await deep.page.$eval('.reveal .slides > section.present', (e) => e.getAttribute('data-source'));
    expect(current).toBe(`${deck.slides[3]!.source.file}:${deck.slides[3]!.source.line}`);
    await deep.close();
  });

  it('logs no console errors and sends no request off the machine', () => {
    expect(w.errors).toEqual([]);
    expect(w.external).toEqual([]);
  });
});
