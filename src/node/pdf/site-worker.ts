import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Diagnostic } from '../../deck/errors.ts';
import type { Report } from '../pipeline/check.ts';
import type { SiteParts } from '../pipeline/site-reader.ts';
import { printDiagnostics } from '../report.ts';
import { UserError } from '../user-error.ts';

/**
 * `npm run pdf` builds the site in a worker thread: the compiler and the site assembly (~0.25 s of
 * CPU with their modules) run there while the main thread loads playwright-core (~0.2 s) and
 * connects to Chromium and sets the page up (round trips that a build on the same thread held up);
 * the page loads as soon as both are done instead of one after the other.
 *
 * The worker runs the CLI's own entry module again (so it works from the CLI bundle and from the
 * sources alike), which hands over to runSiteWorker() when it finds SITE_WORKER in its workerData.
 * What the build reports (diagnostics, build warnings) comes back with the result and is printed
 * by the main thread, in order, before anything the export prints after it.
 */
export const SITE_WORKER = 'lecture-deck:site';

interface Request {
  [SITE_WORKER]: { deckDir: string };
}

type Reply =
  | { ok: true; parts: SiteParts; reports: Diagnostic[][]; warnings: string[] }
  | { ok: false; user: boolean; message: string; reports: Diagnostic[][]; warnings: string[] };

export interface SiteBuild {
  /** The built site, once the worker is done (rejects as buildSiteParts would). */
  parts: Promise<SiteParts>;
  /** Ends the worker (when the export failed before it needed the site). */
  stop(): void;
}

/** Whether this thread is a site worker started by startSiteBuild. */
export function isSiteWorker(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && SITE_WORKER in workerData;
}

/**
 * Starts building `deckDir`'s site in a worker running `entry` (the CLI's entry module, which must
 * call runSiteWorker() when isSiteWorker()). Diagnostics go to `report` (default: stderr).
 */
export function startSiteBuild(entry: URL, deckDir: string, report: Report = printDiagnostics): SiteBuild {
  const request: Request = { [SITE_WORKER]: { deckDir } };
  const worker = new Worker(entry, { workerData: request });
  const parts = new Promise<SiteParts>((resolve, reject) => {
    worker.once('message', (reply: Reply) => {
      for (const d of reply.reports) report(d, deckDir);
      for (const w of reply.warnings) console.warn(w);
      if (reply.ok) resolve(reply.parts);
      else reject(reply.user ? new UserError(reply.message) : new Error(reply.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the site build's worker ended (code ${code}) without a result`)));
  });
  parts.catch(() => undefined);
  return { parts, stop: () => void worker.terminate() };
}

/** The worker's side: builds the site, sends it (or the failure) back once. */
export async function runSiteWorker(): Promise<void> {
  const { deckDir } = (workerData as Request)[SITE_WORKER];
  const reports: Diagnostic[][] = [];
  const warnings: string[] = [];
  // The build's warnings (console.warn, see build.ts) go back with the result, not to this
  // thread's stderr, which reaches the terminal later than the main thread's own output.
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  let reply: Reply;
  try {
    const { buildSiteParts } = await import('../pipeline/build.ts');
    const parts = await buildSiteParts(deckDir, (d) => reports.push(d));
    reply = { ok: true, parts, reports, warnings };
  } catch (e) {
    const user = e instanceof UserError;
    reply = { ok: false, user, message: user ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e), reports, warnings };
  }
  // Copied, not transferred: a few hundred KiB, and Node's pooled Buffers cannot be transferred.
  parentPort!.postMessage(reply);
}
