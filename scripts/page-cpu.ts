/**
 * Chromium CPU of the built deck's page: (a) load until reveal.js is ready, fonts are in and the
 * slides on screen are fitted; (b) three Reveal.next() in turn; (e) a walk to the last slide, one
 * frame a slide; (c) `?view=reading` until its items are laid out; (d) `?view=speaker` until both
 * previews show their slide. Each figure: the renderer main thread's task time (CDP
 * Performance.getMetrics TaskDuration, with its script, layout and style shares) and the CPU of
 * every Chromium process (/proc, user + system), medians of N runs (after one warm-up run).
 * Several sites are measured run by run, interleaved, for before/after comparisons.
 *   npx tsx scripts/page-cpu.ts SITE_DIR… [N] [--deck-only] [--by-process] [--trace load|next0|reading|speaker]
 * (--trace writes $TMPDIR/page-cpu-trace-<what>.json, a Chrome trace to open in DevTools' Performance panel.)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { launchOptions } from '../src/node/chromium.ts';
import { serveDir } from '../src/node/static-server.ts';
import { median } from './median.ts';

const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--trace');
const N = /^\d+$/.test(positional.at(-1) ?? '') ? Number(positional.pop()) : 5;
// Several sites are measured in turn, run by run (interleaved: the machine's load hits them alike).
const sites = positional.length ? positional : ['/tmp/c-dist'];
const traceWhat = process.argv.includes('--trace') ? process.argv[process.argv.indexOf('--trace') + 1] : undefined;

const TICK = 1000 / 100;
let byType: Record<string, number> = {};
/** CPU ms of every live descendant process of this one (Chromium's browser, renderers, GPU, utility). */
export function chromiumCpu(): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  const type = new Map<number, string>();
  byType = {};
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      cpu.set(Number(d), (Number(f[11]) + Number(f[12])) * TICK);
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      type.set(Number(d), (/--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser') + (/--utility-sub-type=([\w.]+)/.exec(cmd)?.[1] ?? ''));
    } catch {
      // gone
    }
  }
  let sum = 0;
  for (const [pid, c] of cpu) {
    let p: number | undefined = parent.get(pid);
    while (p !== undefined && p !== process.pid && p > 1) p = parent.get(p);
    if (p === process.pid) {
      sum += c;
      const t = type.get(pid)!;
      byType[t] = (byType[t] ?? 0) + c;
    }
  }
  return sum;
}

type M = Record<string, number>;
async function metrics(cdp: CDPSession): Promise<M> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}
const KEYS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'] as const;
const diff = (a: M, b: M): M => Object.fromEntries(KEYS.map((k) => [k, ((b[k] ?? 0) - (a[k] ?? 0)) * 1000]));

interface Sample extends M {
  chromium: number;
}
const results: Record<string, Sample[]> = {};
let tag = '';
const add = (k: string, s: Sample): number => (results[`${k} ${tag}`] ??= []).push(s);

async function newPage(context: BrowserContext): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return { page, cdp };
}

async function trace(page: Page, cdp: CDPSession, name: string, fn: () => Promise<void>): Promise<void> {
  if (traceWhat !== name) return fn();
  const events: unknown[] = [];
  cdp.on('Tracing.dataCollected', (e: { value: unknown[] }) => events.push(...e.value));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,disabled-by-default-v8.cpu_profiler,blink,loading', transferMode: 'ReportEvents' });
  await fn();
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.end');
  await done;
  writeFileSync(path.join(os.tmpdir(), `page-cpu-trace-${name}.json`), JSON.stringify({ traceEvents: events }));
  void page;
}

async function main(): Promise<void> {
  const servers = await Promise.all(sites.map((s) => serveDir(s)));
  const browser = await chromium.launch(launchOptions());
  const opts = { viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' as const, reducedMotion: 'reduce' as const };
  try {
    for (let i = 0; i < N + 1; i++)
      for (const [si, server] of servers.entries()) {
      tag = sites.length > 1 ? `[${sites[si]}]` : '';
      const warm = i === 0;
      // (a) + (b)
      {
        const context = await browser.newContext(opts);
        const { page, cdp } = await newPage(context);
        let m0 = await metrics(cdp);
        let c0 = chromiumCpu();
        await trace(page, cdp, 'load', async () => {
          await page.goto(server.url);
          await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true);
          await page.evaluate(() => document.fonts.ready);
          await page.waitForFunction(() => performance.getEntriesByName('deck:fit-done').length > 0);
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        });
        let m1 = await metrics(cdp);
        const t0 = byType;
        if (!warm) add('a load', { ...diff(m0, m1), chromium: chromiumCpu() - c0 });
        if (!warm && process.argv.includes('--by-process')) console.log('load by process', Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, v - (t0[k] ?? 0)])));
        for (let k = 0; k < 3; k++) {
          await page.waitForTimeout(300);
          c0 = chromiumCpu();
          m0 = await metrics(cdp);
          await trace(page, cdp, `next${k}`, async () => {
            await page.evaluate(
              () =>
                new Promise((r) => {
                  (window as unknown as { Reveal: { next(): void } }).Reveal.next();
                  requestAnimationFrame(() => requestAnimationFrame(r));
                }),
            );
          });
          m1 = await metrics(cdp);
          if (!warm) add(`b next #${k + 1}`, { ...diff(m0, m1), chromium: chromiumCpu() - c0 });
        }
        // (e) a walk through the rest of the deck, one frame a slide, as the tests' onEachSlide does
        await page.waitForTimeout(300);
        m0 = await metrics(cdp);
        c0 = chromiumCpu();
        const steps = await page.evaluate(async () => {
          const R = (window as unknown as { Reveal: { next(): void; isLastSlide(): boolean } }).Reveal;
          let n = 0;
          while (!R.isLastSlide()) {
            R.next();
            n++;
            await new Promise((r) => requestAnimationFrame(r));
          }
          return n;
        });
        m1 = await metrics(cdp);
        if (!warm) add(`e walk (${steps} slides)`, { ...diff(m0, m1), chromium: chromiumCpu() - c0 });
        await context.close();
      }
      // (c), (d): one page each, measured from before its navigation until `shown` resolves.
      const view = async (name: string, what: string, shown: (page: Page) => Promise<void>): Promise<void> => {
        if (process.argv.includes('--deck-only')) return;
        const context = await browser.newContext(opts);
        const { page, cdp } = await newPage(context);
        const c0 = chromiumCpu();
        const m0 = await metrics(cdp);
        await trace(page, cdp, what, () => shown(page));
        // Metrics of the top frame's renderer (the speaker view's iframes are same-origin: same process).
        const m1 = await metrics(cdp);
        if (!warm) add(name, { ...diff(m0, m1), chromium: chromiumCpu() - c0 });
        await context.close();
      };
      await view('c reading', 'reading', async (page) => {
        await page.goto(server.url + '?view=reading');
        await page.waitForFunction(() => document.querySelectorAll('.reading-item').length > 50);
        await page.evaluate(() => document.fonts.ready);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      });
      await view('d speaker', 'speaker', async (page) => {
        await page.goto(server.url + '?view=speaker');
        await page.waitForFunction(() => (document.querySelector('.speaker-notes-head')?.textContent ?? '').includes('1 /'));
        for (const f of ['.speaker-current iframe', '.speaker-next iframe'])
          await page
            .frameLocator(f)
            .locator('.reveal .slides > section.present')
            .waitFor();
        for (const fr of page.frames().slice(1)) await fr.waitForFunction(() => performance.getEntriesByName('deck:fit-done').length > 0);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      });
    }
  } finally {
    await browser.close();
    await Promise.all(servers.map((s) => s.close()));
  }
  const rows = Object.entries(results).sort(([a], [b]) => a.localeCompare(b)).map(([k, ss]) => ({
    what: k,
    chromiumCpu: Math.round(median(ss.map((s) => s.chromium))),
    task: Math.round(median(ss.map((s) => s.TaskDuration!))),
    script: Math.round(median(ss.map((s) => s.ScriptDuration!))),
    layout: Math.round(median(ss.map((s) => s.LayoutDuration!))),
    style: Math.round(median(ss.map((s) => s.RecalcStyleDuration!))),
    runs: ss.map((s) => Math.round(s.chromium)).join(' '),
  }));
  console.table(rows);
}

// Run as a script (bench.ts imports chromiumCpu only).
if (import.meta.filename === path.resolve(process.argv[1] ?? '')) void main();
