import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { axeViolations } from './helpers/axe.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { buildSite } from '../src/node/pipeline/build.ts';
import { startClassroom, type Classroom } from '../src/node/classroom/server.ts';
import { newSecrets } from '../src/node/classroom/secrets.ts';
import { serveDir } from '../src/node/static-server.ts';
import { MAX_MESSAGE_BYTES, parseClientMessage } from '../src/shared/classroom-protocol.ts';
import { openPage, revealReady, type WatchedPage } from './helpers/browser.ts';

/*
 * The live classroom with a real server (port 0) and real Chromium pages: one teacher, two
 * students, each in its own browser context (own storage, like separate devices).
 */

const QUIZ = 3;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const indices = (page: Page) => page.evaluate(() => {
  const i = window.Reveal.getIndices();
  return { h: i.h, f: i.f ?? -1 };
});
const waitAt = (page: Page, h: number, f = -1, timeout = 5000) =>
  page.waitForFunction(
    ([h, f]) => {
      const i = window.Reveal.getIndices();
      return i.h === h && (i.f ?? -1) === f;
    },
    [h, f] as const,
    { timeout },
  );
const badge = (page: Page) => page.locator('.classroom-badge').getAttribute('data-state');

async function violations(page: Page, ...include: string[]): Promise<string[]> {
  const violations = await axeViolations(page, include, TAGS);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

describe('live classroom', () => {
  let dir: string;
  const secrets = newSecrets();
  const logs: string[] = [];
  let server: Classroom;
  let teacher: WatchedPage;
  let speaker: Page;
  const speakerErrors: string[] = [];
  let a: WatchedPage;
  let b: WatchedPage;
  const start = async (port = 0) => startClassroom({ siteDir: dir, port, secrets, log: (l) => logs.push(l) });

  beforeAll(async () => {
    dir = path.join(inject('tmpDir'), 'classroom-site');
    await buildSite(path.resolve('tests/fixtures/classroom'), dir);
    server = await start();
    [teacher, a, b] = await Promise.all([openPage(server.teacherUrl), openPage(server.studentUrl), openPage(server.studentUrl)]);
    await Promise.all([teacher, a, b].map((w) => revealReady(w.page)));
    // Each page's welcome arrives once its socket is up.
    for (const w of [teacher, a, b]) await w.page.waitForSelector('.classroom-badge[data-state="live"]');
    // Each page notes when it last moved (one browser, one clock): the follow delay is measured in
    // the pages, free of the test driver's own round trips on a busy machine.
    for (const w of [teacher, a, b]) {
      await w.page.evaluate(() => {
        const r = window.Reveal;
        for (const t of ['slidechanged', 'fragmentshown', 'fragmenthidden']) r.on(t, () => (window.movedAt = Date.now()));
      });
    }
  });
  afterAll(async () => {
    await Promise.all([teacher, a, b].map((w) => w?.close()));
    await server?.close();
  });

  it('prints a teacher URL with a 256-bit token and a students URL with a short code; the token leaves the address bar', async () => {
    const code = new URL(server.studentUrl).pathname.split('/')[1]!;
    expect(server.studentUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Z2-9]{6}\/$/);
    expect(server.teacherUrl).toBe(`${server.studentUrl}#teacher=${secrets.token}`);
    expect(Buffer.from(secrets.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(code).toBe(secrets.code);
    // Gone from the address bar (history.replaceState), and from the page's history entry.
    expect(teacher.page.url()).toBe(server.studentUrl);
    expect(await teacher.page.evaluate(() => location.href)).not.toContain(secrets.token);
    expect(server.stats()).toEqual({ students: 2, teachers: 1 });
    expect(await badge(teacher.page)).toBe('live');
    expect(await badge(a.page)).toBe('live');
    for (const w of [teacher, a, b]) expect(w.errors).toEqual([]);
  });

  // How fast they follow is a figure of `npm run bench` (classroom: change → student), not a timed
  // assertion here, where a loaded machine would make it flaky; this checks that each move is the
  // teacher's, passed on: each student reaches the teacher's slide and fragment, and moved after it.
  it('students follow the teacher, fragments included', async () => {
    await teacher.page.bringToFront();
    for (const [h, f] of [
      [1, -1],
      [1, 0],
      [1, 1],
      [2, -1],
    ] as const) {
      await teacher.page.keyboard.press('ArrowRight');
      await waitAt(teacher.page, h, f);
      await Promise.all([waitAt(a.page, h, f), waitAt(b.page, h, f)]);
      const movedAt = (w: WatchedPage) => w.page.evaluate(() => window.movedAt ?? Number.NaN);
      const t0 = await movedAt(teacher);
      for (const w of [a, b]) expect(await movedAt(w)).toBeGreaterThanOrEqual(t0);
    }
  });

  it("a student's own navigation moves neither the teacher nor the other student; ライブに戻る snaps back", async () => {
    await a.page.bringToFront();
    await a.page.keyboard.press('ArrowLeft');
    await waitAt(a.page, 1, 1);
    await a.page.keyboard.press('ArrowLeft');
    await waitAt(a.page, 1, 0);
    await expect.poll(() => badge(a.page)).toBe('browsing');
    const back = a.page.getByRole('button', { name: 'ライブに戻る' });
    expect(await back.isVisible()).toBe(true);
    // Nobody else moved.
    expect(await indices(teacher.page)).toEqual({ h: 2, f: -1 });
    expect(await indices(b.page)).toEqual({ h: 2, f: -1 });
    // While browsing, the teacher's moves do not pull the student along …
    await teacher.page.bringToFront();
    await teacher.page.keyboard.press('ArrowRight');
    await waitAt(teacher.page, QUIZ);
    await waitAt(b.page, QUIZ);
    await a.page.waitForTimeout(300);
    expect(await indices(a.page)).toEqual({ h: 1, f: 0 });
    // … until the button (and the L key) bring them back.
    await back.click();
    await waitAt(a.page, QUIZ);
    expect(await badge(a.page)).toBe('live');
    expect(await back.isVisible()).toBe(false);
    await a.page.keyboard.press('ArrowLeft');
    await expect.poll(() => badge(a.page)).toBe('browsing');
    await a.page.keyboard.press('l');
    await waitAt(a.page, QUIZ);
    expect(await badge(a.page)).toBe('live');
    expect(await indices(teacher.page)).toEqual({ h: QUIZ, f: -1 });
  });

  it("answers from both students appear in the speaker view's tally; reveal shows the answer on student pages", async () => {
    const popup = teacher.page.context().waitForEvent('page');
    await teacher.page.keyboard.press('s');
    speaker = await popup;
    speaker.on('console', (m) => m.type() === 'error' && speakerErrors.push(m.text()));
    speaker.on('pageerror', (e) => speakerErrors.push(e.message));
    await speaker.setViewportSize({ width: 1280, height: 800 });
    await speaker.waitForSelector('.classroom-panel');
    await expect.poll(() => speaker.locator('.classroom-count').textContent()).toBe('接続中の生徒: 2人');

    // Student pages answer without being told right or wrong (live mode).
    await a.page.click(`.reveal .slides > section:nth-child(${QUIZ + 1}) button[data-choice="1"]`);
    await b.page.click(`.reveal .slides > section:nth-child(${QUIZ + 1}) button[data-choice="0"]`);
    const counts = () => speaker.locator('.classroom-choice-count').allTextContents();
    await expect.poll(counts).toEqual(['1', '1', '0']);
    expect(await speaker.locator('.classroom-choice-label').allTextContents()).toEqual(['1962年', '1989〜1991年', '2014年']);
    expect(await speaker.locator('.classroom-tally h3').textContent()).toContain('2人が回答');
    expect(await a.page.locator('.quiz-answer').isVisible()).toBe(false);
    expect(await a.page.locator('section[data-quiz]').getAttribute('data-quiz-result')).toBeNull();
    // Changeable until the reveal: b changes its mind; counted once.
    await b.page.click(`.reveal .slides > section:nth-child(${QUIZ + 1}) button[data-choice="1"]`);
    await expect.poll(counts).toEqual(['0', '2', '0']);

    await speaker.getByRole('button', { name: '正解を全員に表示' }).click();
    for (const w of [a, b, teacher]) {
      await expect.poll(() => w.page.locator('section[data-quiz] .quiz-answer').isVisible(), { timeout: 2000 }).toBe(true);
    }
    expect(await a.page.locator('section[data-quiz]').getAttribute('data-quiz-result')).toBe('correct');
    await expect.poll(() => speaker.locator('.classroom-reveal').textContent()).toBe('正解を表示しました');
    // The teacher's panel marks the correct choice (from the deck model) once it is revealed.
    expect(await speaker.locator('.classroom-choices li[data-correct] .classroom-choice-label').allTextContents()).toEqual(['✓ 1989〜1991年']);
    // After the reveal answers are closed.
    // (force: the quiz marks its choices aria-disabled then, which Playwright would wait out.)
    await a.page.click(`.reveal .slides > section:nth-child(${QUIZ + 1}) button[data-choice="0"]`, { force: true });
    await a.page.waitForTimeout(300);
    expect(await counts()).toEqual(['0', '2', '0']);
    // No CSP violation or script error anywhere (the bars are sized through CSSOM, not style attributes).
    for (const w of [teacher, a, b]) expect(w.errors).toEqual([]);
    expect(speakerErrors).toEqual([]);
  });

  it('a student socket sending drive messages changes nothing; bad frames are dropped or closed', async () => {
    const before = await indices(teacher.page);
    const origin = new URL(server.studentUrl).origin;
    const ws = new WebSocket(new URL('live', server.studentUrl).href.replace('http', 'ws'), { origin });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const got: string[] = [];
    ws.on('message', (d) => got.push(d.toString()));
    ws.send(JSON.stringify({ type: 'hello', role: 'student', id: 'intruder' }));
    ws.send('not json');
    ws.send(JSON.stringify({ type: 'explode' }));
    ws.send(JSON.stringify({ type: 'go', h: 0, f: -1 }));
    ws.send(JSON.stringify({ type: 'reveal', h: 1 }));
    await expect.poll(() => logs.some((l) => l.includes('a student page sent "go"'))).toBe(true);
    // The server may log before its welcome has reached this socket (seen on a loaded machine).
    await expect.poll(() => got.length).toBeGreaterThan(0);
    expect(JSON.parse(got[0]!)).toMatchObject({ type: 'welcome', role: 'student' });
    await a.page.waitForTimeout(300);
    for (const w of [teacher, a, b]) expect(await indices(w.page)).toEqual(before);
    // Still connected after bad JSON and unknown types; an oversized frame closes it (1009).
    expect(ws.readyState).toBe(WebSocket.OPEN);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);

    // A wrong teacher token is refused.
    const fake = new WebSocket(new URL('live', server.studentUrl).href.replace('http', 'ws'), { origin });
    await new Promise((resolve) => fake.once('open', resolve));
    const reply = new Promise<string>((resolve) => fake.once('message', (d) => resolve(d.toString())));
    fake.send(JSON.stringify({ type: 'hello', role: 'teacher', token: 'x'.repeat(43) }));
    expect(JSON.parse(await reply)).toEqual({ type: 'denied' });
    // Another origin cannot open the socket at all.
    const foreign = new WebSocket(new URL('live', server.studentUrl).href.replace('http', 'ws'), { origin: 'http://evil.example' });
    expect(await new Promise((resolve) => foreign.once('error', (e) => resolve(String(e.message))))).toContain('403');
    // Flooding: the per-connection rate limit drops, then closes.
    const flood = new WebSocket(new URL('live', server.studentUrl).href.replace('http', 'ws'), { origin });
    await new Promise((resolve) => flood.once('open', resolve));
    const floodClosed = new Promise<number>((resolve) => flood.once('close', (code) => resolve(code)));
    for (let i = 0; i < 400; i++) flood.send('{}');
    expect(await floodClosed).toBe(1008);
    expect(parseClientMessage('{"type":"go","h":-1,"f":0}')).toBeUndefined();
  });

  it('a wrong or missing join code gets 403 and no slides; paths outside the site are 404', async () => {
    const base = new URL(server.studentUrl).origin;
    const wrong = await openPage(`${base}/ABCDEF/`);
    try {
      const res = await wrong.page.request.get(`${base}/ABCDEF/`);
      expect(res.status()).toBe(403);
      expect(await wrong.page.locator('h1').textContent()).toBe('参加コードが正しくありません');
      expect(await wrong.page.locator('.reveal, section').count()).toBe(0);
      expect((await wrong.page.request.get(`${base}/`)).status()).toBe(403);
      for (const p of ['/x/../../etc/passwd', `/${secrets.code}/%2e%2e/%2e%2e/etc/passwd`, `/${secrets.code}/..%2fpackage.json`, `/${secrets.code}/nope.js`, '/favicon.ico']) {
        expect((await wrong.page.request.get(base + p)).status(), p).toBe(404);
      }
      // The right code serves the deck (any case, as typed from a projector).
      expect((await wrong.page.request.get(`${base}/${secrets.code.toLowerCase()}/`)).status()).toBe(200);
      // A page of another host name (DNS rebinding) gets nothing.
      const rebound = await new Promise<number>((resolve, reject) =>
        http.get(server.studentUrl, { headers: { host: `attacker.example:${server.port}` } }, (res) => resolve(res.statusCode ?? 0)).on('error', reject),
      );
      expect(rebound).toBe(403);
    } finally {
      await wrong.close();
    }
  });

  it('killing and restarting the server: students reconnect and catch up to the teacher', async () => {
    await teacher.page.bringToFront();
    await server.kill();
    await expect.poll(() => badge(a.page)).toBe('offline');
    await expect.poll(() => badge(teacher.page)).toBe('offline');
    // The lecture goes on while the server is down.
    await teacher.page.keyboard.press('ArrowRight');
    await waitAt(teacher.page, QUIZ + 1);
    server = await start(server.port);
    // Back-off tops out at 8 s (+30 %): everyone is back and at the teacher's slide within it.
    for (const w of [a, b]) await waitAt(w.page, QUIZ + 1, -1, 12_000);
    await expect.poll(() => badge(a.page)).toBe('live');
    await expect.poll(() => speaker.locator('.classroom-count').textContent(), { timeout: 12_000 }).toBe('接続中の生徒: 2人');
    expect(server.stats()).toEqual({ students: 2, teachers: 2 });
  }, 30_000);

  it('axe: the student view and the join overlay have no violations', async () => {
    // The student's screen: the live slide and the classroom's badge. The rest of the deck
    // page (phase bar, controls, every slide) is a11y.test.ts's.
    expect(await violations(a.page, '.classroom-bar', '.reveal .slides > section.present')).toEqual([]);
    await a.page.keyboard.press('ArrowLeft');
    await expect.poll(() => badge(a.page)).toBe('browsing');
    // Now on the quiz slide (answered, revealed), browsing: the 「ライブに戻る」 button is up.
    expect(await violations(a.page, '.classroom-bar', '.reveal .slides > section.present')).toEqual([]);

    await teacher.page.bringToFront();
    await teacher.page.keyboard.press('j');
    const dialog = teacher.page.locator('dialog.classroom-join');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('.classroom-join-url').textContent()).toBe(server.studentUrl);
    expect(await dialog.locator('svg[role="img"]').count()).toBe(1);
    await expect.poll(() => dialog.locator('.classroom-join-count').textContent()).toBe('参加中: 2人');
    expect(await violations(teacher.page, 'dialog.classroom-join')).toEqual([]);
    await teacher.page.keyboard.press('j');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // The help dialog lists the classroom's keys on a classroom page.
    await teacher.page.keyboard.press('?');
    const help = teacher.page.locator('dialog.help-dialog');
    await expect.poll(() => help.isVisible()).toBe(true);
    const helpText = await help.textContent();
    expect(helpText).toContain('授業に参加する');
    expect(helpText).toContain('ライブに戻る');
    await teacher.page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);
    for (const w of [teacher, a, b]) expect(w.external).toEqual([]);
    // axe takes seconds per page on a busy 2-core machine.
  }, 60_000);

  it('the static site shows nothing of the classroom and makes no extra request', async () => {
    // The very site the classroom serves (its quiz included), served as a plain static site: a
    // build of this small deck loads in about half the CPU of the default deck's.
    const plain = await serveDir(dir);
    // With the service worker, whose precache requests are part of what the site normally makes.
    const w = await openPage(plain.url, { serviceWorkers: 'allow' });
    const requests: string[] = [];
    w.page.on('request', (r) => requests.push(r.url()));
    w.page.on('websocket', (s) => requests.push(s.url()));
    try {
      await revealReady(w.page);
      await w.page.waitForTimeout(300);
      expect(await w.page.locator('.classroom-bar').count()).toBe(0);
      expect(await w.page.evaluate(() => document.documentElement.hasAttribute('data-quiz-live'))).toBe(false);
      // classroom-protocol-*.js: the few shared names main.ts's boot check reads (a chunk of main.ts
      // itself, fetched after the first paint now, so after this listener starts), not classroom code.
      expect(requests.filter((u) => /live|classroom(?!-protocol-)/.test(u))).toEqual([]);
      expect(w.errors).toEqual([]);
    } finally {
      await w.close();
      await plain.close();
    }
  });

  it('npm run classroom prints exactly a teacher: and a students: URL line, then stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['scripts/cli.mjs', 'classroom', '--site', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await expect.poll(() => out, { timeout: 20_000 }).toContain('press Ctrl+C to stop');
      const lines = out.split('\n');
      expect(lines[0]).toMatch(/^teacher: http:\/\/127\.0\.0\.1:\d+\/[A-Z2-9]{6}\/#teacher=[\w-]{43}$/);
      expect(lines[1]).toMatch(/^students: http:\/\/127\.0\.0\.1:\d+\/[A-Z2-9]{6}\/$/);
      expect(lines.filter((l) => l.includes('http://'))).toHaveLength(2);
      // The QR code of the students' URL: block characters of the terminal renderer.
      expect(out).toMatch(/[▀▄█]{7}/);
      const res = await fetch(lines[1]!.slice('students: '.length));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('id="classroom-config"');
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
