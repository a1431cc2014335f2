import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { axeViolations } from './helpers/axe.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatDuration, slideWindows } from '../src/client/pacing.ts';
import { compile } from '../src/deck/compile.ts';
import { toClientDeck } from '../src/deck/model.ts';
import { exportPdfs, type ExportResult } from '../src/node/pdf/export.ts';
import { browser, goToSlide, openDeckAtRest, openPage, revealReady, squash, type WatchedPage } from './helpers/browser.ts';
import { DECK_YAML, memoryDeck } from './helpers/memory-deck.ts';
import { buildFixture, type FixtureSite } from './helpers/site.ts';

/*
 * Quiz and activity slides (issue 12) on the fixture deck tests/fixtures/quiz: 3 quizzes (slides
 * 2 and 6 with one correct choice, slide 3 with two) and 2 activities (slides 4 and 7, 3 and 5
 * minutes). Built once; one deck page walks through answering, then other pages reload it.
 */

const Q1 = 1; // single: correct is choice 2 (index 1)
const Q2 = 2; // multiple: correct are 1 and 3 (indices 0, 2)
const A1 = 3; // activity, 3 minutes, with a model answer
const Q3 = 5;
const EXPLAIN_1 = '米ソは代理戦争や軍拡競争で激しく対立したが';
const MODEL_1 = '相互確証破壊';

let site: FixtureSite;
beforeAll(async () => {
  site = await buildFixture('quiz', 'quiz');
});
afterAll(() => site?.close());

const present = '.reveal .slides > section.present';
const result = (page: Page): Promise<string | null> => page.locator(present).getAttribute('data-quiz-result');
const answerVisible = (page: Page): Promise<boolean> => page.locator(`${present} .quiz-answer`).isVisible();

async function axe(page: Page, include: string): Promise<string[]> {
  const violations = await axeViolations(page, [include]);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

describe('compiler', () => {
  it('puts choices and activities in the model, and the answers nowhere in the slide HTML', () => {
    const { slides } = site.deck;
    expect(slides.map((s) => s.quiz)).toEqual([
      undefined,
      { choices: 3, correct: [1] },
      { choices: 4, correct: [0, 2] },
      undefined,
      undefined,
      { choices: 2, correct: [1] },
      undefined,
    ]);
    expect(slides.map((s) => s.activity?.minutes)).toEqual([undefined, undefined, undefined, 3, undefined, undefined, 5]);
    expect(slides[Q1]!.attrs).toHaveProperty('data-quiz');
    expect(slides[A1]!.attrs['data-activity']).toBe('3');
    // Buttons without any mark of which one is right; the explanation present but hidden.
    expect(slides[Q1]!.html.match(/<button type="button" class="quiz-choice" data-choice="\d">/g)).toHaveLength(3);
    expect(slides[Q1]!.html).not.toMatch(/\[x\]|\[ \]|correct/i);
    expect(slides[Q1]!.html).toContain('<div class="deck-answer quiz-answer" hidden>');
    expect(toClientDeck(site.deck).slides[Q2]!.quiz).toEqual({ choices: 4, correct: [0, 2] });
  });

  it('plans activity minutes in the pacing windows', () => {
    // Phase 1: 10 min, one 3-minute activity, the other 3 slides share 7 min (140 s each).
    const deck = toClientDeck(site.deck);
    expect(deck.slides.map((s) => s.timing)).toEqual([140, 140, 140, 180, 150, 150, 300]);
    const w = slideWindows(deck);
    expect(w[A1]).toEqual({ start: 420, end: 600 });
    expect(w.at(-1)!.end).toBe(20 * 60);
  });

  it('warns when a phase’s activities take more than its minutes', () => {
    const { deck, diagnostics } = compile(
      memoryDeck({
        'deck.yaml': DECK_YAML,
        'one.md': '---\nphase: a\n---\n<!-- .slide: data-activity="5" -->\n## 話し合い\n\n本文\n\n---\n## 次\n',
        'two.md': '---\nphase: b\n---\n## 後半\n',
      }),
    );
    expect(diagnostics.map((d) => `${d.file}:${d.line}: ${d.severity}: ${d.message}`)).toEqual(['one.md:4: warning: the activities of phase "a" take 5 minutes, more than its 4']);
    expect(deck!.slides.map((s) => s.timing)).toEqual([300, 0, 360]);
  });
});

describe('deck', () => {
  let w: WatchedPage;
  let page: Page;
  beforeAll(async () => {
    w = await openDeckAtRest(`${site.url}#/${Q1}`);
    page = w.page;
    await page.locator(`${present} .quiz-controls`).waitFor({ state: 'attached' });
  });
  afterAll(() => w?.close());

  it('single choice: reachable by Tab, wrong then right, reset; announced; axe clean before and after', async () => {
    expect(await axe(page, present)).toEqual([]);
    expect(await answerVisible(page)).toBe(false);
    // Tab from the top of the page reaches the first choice.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((sel) => !!document.activeElement?.matches(`${sel} .quiz-choice`), present);
    }
    expect(reached).toBe(true);

    await page.locator(`${present} [data-choice="0"]`).click();
    expect(await result(page)).toBe('wrong');
    expect(await answerVisible(page)).toBe(true);
    expect(await page.locator(`${present} .quiz-answer`).textContent()).toContain(EXPLAIN_1);
    await expect.poll(() => page.locator('.quiz-announcer[role="status"]').textContent()).toContain('不正解です。正解は 2「米ソが直接は戦火を交えなかったから」');
    expect(await page.locator(`${present} [data-choice="1"]`).textContent()).toContain('正解の選択肢');
    expect(await axe(page, present)).toEqual([]);

    // Answered: another choice changes nothing until もう一度.
    // force: the choices are aria-disabled now, which Playwright would wait out.
    await page.locator(`${present} [data-choice="1"]`).click({ force: true });
    expect(await result(page)).toBe('wrong');
    await page.getByRole('button', { name: 'もう一度' }).click();
    expect(await result(page)).toBeNull();
    expect(await answerVisible(page)).toBe(false);

    // By key: 2 is the correct choice.
    await page.keyboard.press('2');
    expect(await result(page)).toBe('correct');
    await expect.poll(() => page.locator('.quiz-announcer').textContent()).toBe('正解です。');
  });

  it('several correct: keys toggle, Enter checks; all and only the correct ones count', async () => {
    await goToSlide(page, Q2);
    await page.locator(`${present} .quiz-check`).waitFor();
    await page.keyboard.press('1');
    expect(await result(page)).toBeNull();
    expect(await page.locator(`${present} [data-choice="0"]`).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Enter');
    // One of the two correct ones is not enough.
    expect(await result(page)).toBe('wrong');
    await page.getByRole('button', { name: 'もう一度' }).click();
    await page.keyboard.press('1');
    await page.keyboard.press('3');
    await page.keyboard.press('Enter');
    expect(await result(page)).toBe('correct');
    await page.getByRole('button', { name: 'もう一度' }).click();
    // By click: one right and one wrong is wrong.
    await page.locator(`${present} [data-choice="0"]`).click();
    await page.locator(`${present} [data-choice="1"]`).click();
    await page.getByRole('button', { name: '答え合わせ' }).click();
    expect(await result(page)).toBe('wrong');
  });

  it('help (?) lists the quiz and activity keys', async () => {
    await page.keyboard.press('?');
    const dialog = page.locator('dialog.help-dialog[open]');
    await dialog.waitFor();
    const text = squash(await dialog.textContent());
    for (const s of ['1…9クイズの選択肢を選ぶ', 'Enter答え合わせ', 'T活動タイマーの開始/一時停止']) expect(text).toContain(squash(s));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' }).catch(() => undefined);
    await expect.poll(() => page.evaluate(() => document.querySelector('dialog[open]') === null)).toBe(true);
  });

  it('keeps the results across a reload (with the resume data)', async () => {
    await page.reload();
    await revealReady(page);
    await page.evaluate((i) => window.Reveal.slide(i), Q1);
    await expect.poll(() => result(page)).toBe('correct');
    await goToSlide(page, Q2);
    await expect.poll(() => result(page)).toBe('wrong');
    const stored = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('lecture-deck:progress:'))?.[1]);
    expect(JSON.parse(stored ?? '{}').quiz).toEqual({ [Q1]: { selected: [1], result: 'correct' }, [Q2]: { selected: [0, 1], result: 'wrong' } });
  });

  it('reading view: score line per phase and the slides to review', async () => {
    await page.goto(`${site.url}?view=reading`);
    await page.locator('.quiz-review li').first().waitFor();
    const lines = await page.locator('.quiz-phase-score').allTextContents();
    expect(lines).toEqual(['このフェーズの確認:1 / 2 正解', 'このフェーズの確認:0 / 1 正解']);
    const links = await page.locator('.quiz-review a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    expect(links).toEqual([
      [`#/${Q2}`, `${Q2 + 1}. 確認:冷戦期の出来事をすべて選ぼう`],
      [`#/${Q3}`, `${Q3 + 1}. 確認:新STARTが制限するのは?`],
    ]);
    // Quizzes work inline: answer the last one in the reading page, the score updates.
    const copy = page.locator(`.reading-item[data-index="${Q3}"] section`);
    await copy.locator('[data-choice="1"]').click();
    expect(await copy.getAttribute('data-quiz-result')).toBe('correct');
    await expect.poll(() => page.locator('.quiz-phase-score').nth(1).textContent()).toBe('このフェーズの確認:1 / 1 正解');
    // The explanation of an unanswered quiz is behind a disclosure.
    const q2 = page.locator(`.reading-item[data-index="${Q2}"] section`);
    await q2.getByRole('button', { name: 'もう一度' }).click();
    expect(await q2.locator('.quiz-answer').isVisible()).toBe(false);
    await q2.getByRole('button', { name: '解説を見る' }).click();
    expect(await q2.locator('.quiz-answer').isVisible()).toBe(true);
    expect(w.errors).toEqual([]);
  });
});

describe('live classroom contract', () => {
  it('data-quiz-live: choosing marks aria-pressed and sends quiz:answer; quiz:reveal shows the answer', async () => {
    const w = await openDeckAtRest(`${site.url}#/${Q1}`);
    const page = w.page;
    await page.evaluate(() => {
      document.documentElement.setAttribute('data-quiz-live', '');
      const got: unknown[] = [];
      window.got = got;
      document.addEventListener('quiz:answer', (e) => got.push((e as CustomEvent).detail));
    });
    await page.locator(`${present} .quiz-controls`).waitFor({ state: 'attached' });
    await page.locator(`${present} [data-choice="0"]`).click();
    await page.locator(`${present} [data-choice="2"]`).click();
    expect(await result(page)).toBeNull();
    expect(await answerVisible(page)).toBe(false);
    expect(await page.locator(`${present} [aria-pressed="true"]`).evaluateAll((b) => b.map((x) => x.getAttribute('data-choice')))).toEqual(['2']);
    expect(await page.evaluate(() => window.got)).toEqual([
      { index: Q1, selected: [0] },
      { index: Q1, selected: [2] },
    ]);
    await page.evaluate((sel) => document.querySelector(sel)!.dispatchEvent(new CustomEvent('quiz:reveal')), present);
    expect(await result(page)).toBe('wrong');
    expect(await answerVisible(page)).toBe(true);
    expect(await page.locator(`${present} [data-choice="1"]`).textContent()).toContain('正解の選択肢');
    // Nothing chosen: the answer is shown with no result.
    await goToSlide(page, Q3);
    await page.locator(`${present} .quiz-controls`).waitFor({ state: 'attached' });
    await page.evaluate((sel) => document.querySelector(sel)!.dispatchEvent(new CustomEvent('quiz:reveal')), present);
    expect(await answerVisible(page)).toBe(true);
    expect(await result(page)).toBeNull();
    await w.close();
  });
});

describe('activity slides', () => {
  it('T starts a countdown the class sees (role=timer), pauses, signals at zero; the model answer hides behind 解答例', async () => {
    // No offline service worker, as in openPage (its precache is CPU this test does not need).
    const ctx = await (await browser()).newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce', serviceWorkers: 'block' });
    const page = await ctx.newPage();
    await page.clock.install();
    await page.goto(`${site.url}#/${A1}`);
    await revealReady(page);
    const timer = page.locator(`${present} [role="timer"]`);
    await timer.waitFor();
    expect(await timer.textContent()).toBe('3:00');
    expect(await axe(page, present)).toEqual([]);
    await page.keyboard.press('t');
    await page.clock.runFor(2_100);
    expect(await timer.textContent()).toBe('2:58');
    await page.getByRole('button', { name: /一時停止/ }).click();
    // The installed clock also runs in real time: on a loaded machine a second may pass before the
    // click lands. Paused, the countdown stands still however much time passes.
    const paused = await timer.textContent();
    expect(paused).toMatch(/^2:5[5-8]$/);
    await page.clock.runFor(5_000);
    expect(await timer.textContent()).toBe(paused);
    await page.keyboard.press('T');
    await page.clock.fastForward(180_000);
    await page.clock.runFor(500);
    expect(await timer.textContent()).toBe('0:00 時間です');
    expect(await page.locator(present).getAttribute('class')).toContain('activity-done');
    await expect.poll(() => page.locator('.quiz-announcer').textContent()).toBe('時間です');
    await page.getByRole('button', { name: 'リセット' }).click();
    expect(await timer.textContent()).toBe('3:00');

    const model = page.locator(`${present} .activity-answer`);
    expect(await model.isVisible()).toBe(false);
    await page.getByRole('button', { name: '解答例を見る' }).click();
    expect(await model.isVisible()).toBe(true);
    expect(await model.textContent()).toContain(MODEL_1);
    expect(await axe(page, present)).toEqual([]);
    await ctx.close();
  });
});

describe('speaker view', () => {
  it('shows the correct choice, the explanation, the activity timer and its planned window', async () => {
    const w = await openPage(`${site.url}?view=speaker#/${Q1}`, { viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const notes = w.page.locator('.speaker-notes-body');
    await expect.poll(() => notes.textContent()).toContain('正解: 2「米ソが直接は戦火を交えなかったから」');
    expect(squash(await notes.textContent())).toContain(squash(EXPLAIN_1));
    expect(await axe(w.page, '.speaker-notes')).toEqual([]);
    // The same console moved on to the activity (no deck window listens, so it moves alone):
    // a second speaker page would load the deck twice more for its previews.
    for (let i = Q1; i < A1; i++) await w.page.keyboard.press('ArrowRight');
    await w.page.waitForFunction((h) => location.hash === h, `#/${A1}`);
    const activity = w.page.locator('.speaker-notes-body');
    await expect.poll(() => activity.textContent()).toContain(MODEL_1);
    expect(await activity.locator('[role="timer"]').textContent()).toBe('3:00');
    // T in the speaker window starts the same countdown.
    await w.page.keyboard.press('t');
    await expect.poll(() => activity.locator('[role="timer"]').textContent(), { timeout: 3000 }).toMatch(/^2:5\d$/);
    expect(await w.page.locator('.speaker-pace-plan').textContent()).toBe(`予定 ${formatDuration(420)}–${formatDuration(600)}`);
    await w.close();
  });
});

describe('print', () => {
  let pdf: ExportResult;
  const pageTexts = (file: string): string[] =>
    execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1).map(squash);
  beforeAll(async () => {
    pdf = await exportPdfs({ deckDir: path.resolve('tests/fixtures/quiz'), outDir: path.join(inject('tmpDir'), 'quiz-pdf'), reuseBuild: site.dir, browser: await browser(), standalone: false, handout: 1 });
  });

  it('slides.pdf: questions and choices, no answer', () => {
    const pages = pageTexts(pdf.files.slides);
    expect(pages).toHaveLength(7);
    expect(pages[Q1]).toContain(squash('米ソが直接は戦火を交えなかったから'));
    const all = pages.join('');
    for (const s of [EXPLAIN_1, MODEL_1, '1,550発', '正解', '解答例', '答え合わせ']) expect(all).not.toContain(squash(s));
  });

  it('handout.pdf: answer boxes, then 「解答と解説」 naming each question’s page', () => {
    const pages = pageTexts(pdf.files.handout);
    expect(pages.length).toBeGreaterThan(7);
    for (const i of [Q1, Q2, Q3]) expect(pages[i]).toContain('解答欄');
    expect(pages[0]).not.toContain('解答欄');
    const key = pages.slice(7).join('');
    expect(key).toContain('解答と解説');
    expect(key).toContain(squash('p. 2 確認:冷戦が「冷たい戦争」と呼ばれるのは?'));
    expect(key).toContain(squash('正解: 1「キューバ危機」、3「ベルリンの壁の建設」'));
    expect(key).toContain(squash(`p. ${A1 + 1} 話し合おう`));
    expect(key).toContain(squash(EXPLAIN_1));
    expect(key).toContain(squash(MODEL_1));
  });

  it('--answers inline (teacher’s copy): correct choices and explanations under each question', async () => {
    const w = await openPage(`${site.url}?print-pdf&answers=inline`);
    await w.page.waitForFunction(() => window.deckPrint !== undefined);
    await w.page.evaluate(() => window.deckPrint!.ready);
    const q = w.page.locator('.pdf-page section[data-quiz]').first();
    expect(await q.locator('.quiz-answer').isVisible()).toBe(true);
    expect(await q.locator('[data-verdict="correct"]').textContent()).toContain('米ソが直接は戦火を交えなかったから');
    await w.page.evaluate(() => window.deckPrint!.handout());
    expect(await w.page.locator('.answer-key-page').count()).toBe(0);
    await w.close();
  });
});
