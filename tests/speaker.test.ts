import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatDuration } from '../src/client/pacing.ts';
import { openPage, revealReady, squash, waitForSlide, type WatchedPage } from './helpers/browser.ts';
import { buildFixture, type FixtureSite } from './helpers/site.ts';

describe('speaker view', () => {
  let site: FixtureSite;
  let w: WatchedPage;
  let speaker: Page;
  let opened: Promise<Page> | undefined;
  const speakerErrors: string[] = [];
  const source = (i: number): string => `${site.deck.slides[i]!.source.file}:${site.deck.slides[i]!.source.line}`;
  const phaseOf = (i: number) => site.deck.phases.find((p) => p.id === site.deck.slides[i]!.phase)!;

  /** Waits until the speaker window shows slide `i`: its notes, both previews, the phase budget. */
  async function speakerShows(i: number): Promise<void> {
    const notes = squash(site.deck.slides[i]!.notesText);
    await speaker.waitForFunction(
      ([n, head]) => {
        const body = document.querySelector('.speaker-notes-body')?.textContent?.replace(/\s+/g, '') ?? '';
        return body === n && document.querySelector('.speaker-notes-head')?.textContent?.includes(head);
      },
      [notes, `${i + 1} / ${site.deck.slides.length}`] as const,
    );
    const present = (frame: string) =>
      speaker.frameLocator(frame).locator('.reveal .slides > section.present').getAttribute('data-source');
    await expect.poll(() => present('.speaker-current iframe')).toBe(source(i));
    if (i + 1 < site.deck.slides.length) await expect.poll(() => present('.speaker-next iframe')).toBe(source(i + 1));
  }

  /** Shows slide `i` in the deck window (the speaker window follows it). */
  async function deckAt(i: number): Promise<void> {
    await w.page.bringToFront();
    await w.page.evaluate((h) => window.Reveal.slide(h), i);
    await waitForSlide(w.page, i);
  }

  /**
   * The speaker window, opened with S on slide 2 by whichever test needs it first, so that every
   * test also runs alone (`-t`); each sets the slide it starts from.
   */
  function speakerWindow(): Promise<Page> {
    opened ??= (async () => {
      await deckAt(1);
      const popup = w.page.context().waitForEvent('page');
      await w.page.keyboard.press('s');
      const p = await popup;
      p.on('console', (m) => m.type() === 'error' && speakerErrors.push(m.text()));
      p.on('pageerror', (e) => speakerErrors.push(e.message));
      await p.setViewportSize({ width: 1280, height: 800 });
      return (speaker = p);
    })();
    return opened;
  }

  beforeAll(async () => {
    site = await buildFixture('lecture', 'speaker');
    w = await openPage(site.url + '#/1');
    await revealReady(w.page);
  });
  afterAll(async () => {
    await w?.close();
    await site?.close();
  });

  it('opens on S, with the current slide, its notes, the next slide and the phase budget', async () => {
    await speakerWindow();
    await deckAt(1);
    expect(new URL(speaker.url()).searchParams.get('view')).toBe('speaker');
    await speakerShows(1);
    const next = site.deck.slides[2]!;
    expect(await speaker.locator('.speaker-next-head').textContent()).toContain(next.title);
    // Phase budget: the phase of the slide, its minutes from deck.yaml, time used and left.
    const phase = phaseOf(1);
    const budget = await speaker.locator('.speaker-phase-budget').textContent();
    expect(budget).toContain(phase.label);
    expect(budget).toContain(`予算 ${formatDuration(phase.minutes * 60)}`);
    expect(budget).toMatch(/使用 \d+:\d\d/);
    expect(budget).toMatch(/(残り|超過) \d+:\d\d/);
    // Pacing and clock are there.
    expect(await speaker.locator('.speaker-pace').getAttribute('data-status')).toMatch(/^(ahead|on-time|behind)$/);
    expect(await speaker.locator('.speaker-clock').textContent()).toMatch(/\d{1,2}:\d\d:\d\d/);
    expect(await speaker.locator('.speaker-phases tbody tr').count()).toBe(site.deck.phases.length);
  });

  it('follows the deck window: notes, previews and phase budget change with the slide', async () => {
    await speakerWindow();
    await deckAt(1);
    await speakerShows(1);
    await w.page.keyboard.press('ArrowRight');
    await waitForSlide(w.page, 2);
    await speakerShows(2);
    // Into the next phase: the budget line names it and its minutes.
    const target = site.deck.phases[2]!;
    await w.page.click(`button[data-jump="${target.id}"]`);
    await waitForSlide(w.page, target.firstSlide);
    await speakerShows(target.firstSlide);
    await expect.poll(() => speaker.locator('.speaker-phase-budget').textContent()).toContain(target.label);
    expect(await speaker.locator('.speaker-phase-budget').textContent()).toContain(`予算 ${formatDuration(target.minutes * 60)}`);
    // The first move started the stopwatch.
    expect(await speaker.locator('.speaker-start').getAttribute('aria-pressed')).toBe('true');
  });

  it('drives the deck with keys pressed in the speaker window (clicker keys too)', async () => {
    await speakerWindow();
    const at = 2;
    await deckAt(at);
    await speakerShows(at);
    await speaker.bringToFront();
    await speaker.keyboard.press('PageDown');
    await waitForSlide(w.page, at + 1);
    await speakerShows(at + 1);
    await speaker.keyboard.press('ArrowLeft');
    await waitForSlide(w.page, at);
    await speaker.keyboard.press('Home');
    await waitForSlide(w.page, 0);
    await speakerShows(0);
  });

  it('a console opened by hand (pop-up blocked, another tab) follows the deck and drives it', async () => {
    const byHand = await w.page.context().newPage();
    byHand.on('pageerror', (e) => speakerErrors.push(e.message));
    await byHand.goto(site.url + '?view=speaker');
    await w.page.evaluate(() => window.Reveal.slide(3));
    await waitForSlide(w.page, 3);
    await byHand.waitForFunction((n) => document.querySelector('.speaker-notes-head')?.textContent?.includes(n), `4 / ${site.deck.slides.length}`);
    await byHand.keyboard.press('ArrowRight');
    await waitForSlide(w.page, 4);
    await byHand.waitForFunction((n) => document.querySelector('.speaker-notes-head')?.textContent?.includes(n), `5 / ${site.deck.slides.length}`);
    await byHand.close();
  });

  it('logs no console errors in either window under the built site CSP', async () => {
    await speakerWindow();
    expect(w.errors).toEqual([]);
    expect(speakerErrors).toEqual([]);
  });

  it('looks right (screenshot)', async () => {
    await speakerWindow();
    await deckAt(4);
    await speakerShows(4);
    await speaker.screenshot({ path: path.join(inject('shotsDir'), 'speaker-1280x800.png') });
    // Nothing in the console spills out of the window.
    const overflow = await speaker.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

describe('help overlay (?)', () => {
  let site: FixtureSite;
  let w: WatchedPage;
  beforeAll(async () => {
    site = await buildFixture('lecture', 'help');
    w = await openPage(site.url + '#/2');
    await revealReady(w.page);
  });
  afterAll(async () => {
    await w?.close();
    await site?.close();
  });

  it('shows our list of keys in the deck language, not reveal.js’s', async () => {
    await w.page.keyboard.press('Shift+Slash');
    const dialog = w.page.locator('dialog.help-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const rows = await dialog.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ keys: [...tr.querySelectorAll('kbd')].map((k) => k.textContent), label: tr.querySelector('td')?.textContent })),
    );
    const keysOf = (label: string) => rows.find((r) => r.label?.includes(label))?.keys;
    expect(keysOf('次へ')).toEqual(expect.arrayContaining(['→', 'PageDown']));
    expect(keysOf('前へ')).toEqual(expect.arrayContaining(['←', 'PageUp']));
    expect(keysOf('暗転')).toEqual(['B', '.']);
    expect(keysOf('一覧')).toEqual(['O', 'Esc']);
    expect(keysOf('全画面')).toEqual(['F']);
    expect(keysOf('移動')).toEqual(['G']);
    expect(keysOf('発表者ビュー')).toEqual(['S']);
    expect(keysOf('読み物ビュー')).toEqual(['R']);
    expect(await w.page.locator('.r-overlay-help').count()).toBe(0);
    // Keys go to the dialog, not to the deck behind it.
    await w.page.keyboard.press('ArrowRight');
    expect(await w.page.evaluate(() => window.Reveal.getIndices().h)).toBe(2);
    // Esc closes it without opening reveal.js's overview.
    await w.page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await w.page.evaluate(() => window.Reveal.isOverview())).toBe(false);
    // The bar's ? button opens it too (phones have no ? key).
    await w.page.click('.phase-bar-help');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await w.page.screenshot({ path: path.join(inject('shotsDir'), 'help-1280x720.png') });
    await w.page.click('.help-close');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // With the dialog closed the deck has its keys back.
    await w.page.keyboard.press('ArrowRight');
    await waitForSlide(w.page, 3);
    expect(w.errors).toEqual([]);
  });
});
