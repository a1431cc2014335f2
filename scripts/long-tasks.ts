/**
 * Main-thread tasks of a page load as Lighthouse's mobile preset weighs them, from the thread time
 * of each task (a CDP trace), not its wall time: on a shared machine wall time swings with the load,
 * thread time far less. Lighthouse (simulated throttling) multiplies each task by its 4× CPU
 * slowdown; Total Blocking Time adds up what exceeds 50 ms of each task that ends after the first
 * contentful paint, i.e. what a task runs past 12.5 ms here. Phone viewport as Lighthouse's (412 ×
 * 823, 1.75 px/px, touch); the site's service worker blocked (it registers after load, at idle).
 *   npx tsx scripts/long-tasks.ts SITE_DIR [N]      (bench.ts imports blockingTime)
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../src/node/chromium.ts';
import { serveDir } from '../src/node/static-server.ts';
import { median } from './median.ts';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

export interface LoadTasks {
  /** Σ max(0, 4 × thread ms − 50) over the tasks that end after FCP. */
  blocking: number;
  /** The longest such task, thread ms. */
  longest: number;
}

const SLOWDOWN = 4;

/** One cold load of `url` traced until reveal.js is ready and `settleMs` more have passed. */
async function traceLoad(browser: Browser, url: string, settleMs: number): Promise<LoadTasks> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    // The protocol types the events as string maps; they are trace events.
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
    await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,loading', transferMode: 'ReportEvents' });
    await page.goto(url, { waitUntil: 'commit' });
    // Polled over CDP, not page.waitForFunction: that injects Playwright's script, a long task of its own.
    const ready = async (): Promise<boolean> =>
      ((await cdp.send('Runtime.evaluate', { expression: 'window.Reveal?.isReady?.() === true', returnByValue: true })) as { result: { value: unknown } }).result.value === true;
    for (let i = 0; i < 600 && !(await ready()); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, settleMs));
    const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.end');
    await done;
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'ParseHTML'));
    if (!main) throw new Error('long-tasks: no renderer main thread in the trace');
    const fcp = events.find((e) => e.name === 'firstContentfulPaint' && e.pid === main.pid)?.ts ?? 0;
    let blocking = 0;
    let longest = 0;
    for (const t of events) {
      if (t.pid !== main.pid || t.tid !== main.tid || t.ph !== 'X' || t.name !== 'ThreadControllerImpl::RunTask') continue;
      if (t.ts + (t.dur ?? 0) <= fcp) continue;
      const ms = (t.tdur ?? t.dur ?? 0) / 1000;
      blocking += Math.max(0, SLOWDOWN * ms - 50);
      longest = Math.max(longest, ms);
    }
    return { blocking, longest };
  } finally {
    await context.close();
  }
}

/** Medians of `runs` cold loads (after one warm-up load), and each run. */
export async function blockingTime(browser: Browser, url: string, runs: number, settleMs = 3000): Promise<LoadTasks & { runs: LoadTasks[] }> {
  await traceLoad(browser, url, settleMs);
  const all: LoadTasks[] = [];
  for (let i = 0; i < runs; i++) all.push(await traceLoad(browser, url, settleMs));
  return { blocking: median(all.map((r) => r.blocking)), longest: median(all.map((r) => r.longest)), runs: all };
}

async function main(): Promise<void> {
  const [site, n] = process.argv.slice(2);
  if (!site) throw new Error('usage: npx tsx scripts/long-tasks.ts SITE_DIR [N]');
  const server = await serveDir(path.resolve(site));
  const browser = await launchChromium();
  try {
    const r = await blockingTime(browser, server.url, Number(n ?? 5));
    const fmt = (x: LoadTasks): string => `${Math.round(x.blocking)}/${x.longest.toFixed(1)}`;
    console.log(`estimated blocking time ${Math.round(r.blocking)} ms, longest task ${r.longest.toFixed(1)} ms (runs: blocking/longest ${r.runs.map(fmt).join(' ')})`);
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.filename === path.resolve(process.argv[1] ?? '')) void main();
