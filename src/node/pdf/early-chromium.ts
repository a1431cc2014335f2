import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { trackTemp } from '../cleanup.ts';
import { CHROMIUM_ARGS, findChromium, PLAYWRIGHT_ARGS } from '../chromium.ts';
import { CdpConnection } from './cdp.ts';

/**
 * `npm run pdf` starts Chromium first thing (startChromium), before loading anything: it boots
 * while Node loads the exporter and the compiler and builds the site; the exporter then drives it
 * (takeEarlyChromium) over the DevTools protocol on a pipe (file descriptors 3 and 4, no port
 * opened; cdp.ts, without playwright-core), with the arguments playwright's launch() would give it
 * (PLAYWRIGHT_ARGS) and a fresh profile in a temporary folder, which also holds Chromium's own
 * temporary files. It opens a blank page at once (not --no-startup-window), which the exporter
 * prints in (its renderer process starts with Chromium, while Node is busy).
 * The process ends as soon as the files are written: Chromium is killed then and its folder
 * removed (as playwright's own exit handler does), instead of a graceful close (~0.1–0.3 s).
 */
export interface EarlyChromium {
  connection: CdpConnection;
  /** Rejects, with what Chromium said, when it ends (before the process does). */
  exited: Promise<never>;
  /** Ends Chromium and removes its temporary folder (the process's exit does it too). */
  close(): void;
}

let early: EarlyChromium | undefined;

/** Debian's `chromium-headless-shell` package (the same Chromium build as `chromium`). */
export const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';

/**
 * The Chromium `npm run pdf` prints with: `$CHROMIUM_PATH` when set, else Debian's headless shell
 * when installed, else findChromium()'s. The shell is Chromium's headless mode without the
 * browser's UI layers: it starts in about half the time and CPU of `chromium --headless` (measured
 * here: Chromium ready for the page 1.2 s against 2.9 s on a loaded machine, ~0.3 s less CPU per
 * export). Its PDFs are the same, with one flag: it takes its glyph hinting from
 * `--font-render-hinting` (default `full`), where `chromium` follows fontconfig; `full` hints
 * advances too and wraps Japanese lines differently, `slight` (vertical only) gives the same text,
 * fonts and pages as `chromium` (pdftotext, pdffonts and 30 dpi pictures of the default deck's
 * slides.pdf and handout.pdf compared; one map label halo that Chromium rasterises differs by 1/255
 * in 6 bytes). Throws, with the install hint, when there is neither.
 */
export function printChromium(): { executable: string; args: string[] } {
  const executable = !process.env.CHROMIUM_PATH && existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : findChromium();
  return { executable, args: path.basename(executable).includes('headless-shell') ? ['--font-render-hinting=slight'] : [] };
}

/** Starts Chromium now, unless there is none (then the exporter reports it, before building). */
export function startChromium(): void {
  if (early) return;
  let chromium: ReturnType<typeof printChromium>;
  try {
    chromium = printChromium();
  } catch {
    // No Chromium found: exportPdfs says so, with the install hint.
    return;
  }
  early = spawnChromium(chromium.executable, chromium.args);
}

/**
 * Starts a Chromium for one export, driven over the pipe (exportPdfs without a browser and without
 * the CLI's early one: the benchmark, tests of the default path). close() ends it and removes its
 * folder; so does the end of the process, should it come first.
 */
export function spawnChromium(executable: string, args: readonly string[] = []): EarlyChromium {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lecture-deck-chromium-'));
  const child = spawn(executable, [...PLAYWRIGHT_ARGS, ...CHROMIUM_ARGS, ...args, `--user-data-dir=${path.join(dir, 'profile')}`, '--remote-debugging-pipe', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    // Its own temporary files too (shared memory under --disable-dev-shm-usage), which a killed
    // Chromium cannot remove: they go with the folder. Unless that would make the path of the
    // socket it puts there (…/org.chromium.Chromium.XXXXXX/SingletonSocket) longer than a Unix
    // socket's 107 bytes: Chromium aborts then.
    env: dir.length <= 60 ? { ...process.env, TMPDIR: dir } : process.env,
    // A process group of its own, killed as one (its helper processes with it), as playwright
    // does; a Ctrl-C reaches it through our exit (cleanup.ts), and should this process die
    // without one, Chromium ends itself when its end of the pipe closes.
    detached: true,
  });
  // Killed, then its folder removed, retrying while the killed processes may still write there.
  // At the end of the process too (also after Ctrl-C: cleanup.ts's signal handlers end it with exit()).
  let untrack = (): void => undefined;
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    process.off('exit', close);
    kill(child);
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    } catch {
      // Best effort (on the way out, nothing more can be done).
    }
    untrack();
  };
  process.on('exit', close);
  // Registered after the handler above, so that a Ctrl-C runs it (cleanup.ts's signal handlers).
  untrack = trackTemp(dir);
  // What Chromium says on stderr is kept for the error message when it fails to start.
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-2000);
  });
  // Its last lines, without the D-Bus complaints Debian's build prints on any machine without a session bus.
  const lastWords = (): string =>
    log
      .split('\n')
      .filter((l) => l.trim() && !/dbus/i.test(l))
      .slice(-3)
      .join(' | ');
  const exited = new Promise<never>((_resolve, reject) => {
    child.on('error', (e) => reject(e));
    child.on('exit', (code, signal) => {
      const said = lastWords();
      reject(new Error(`Chromium exited (${signal ?? `code ${code}`}) during the export${said ? `: ${said}` : ''}`));
    });
  });
  exited.catch(() => undefined);
  const connection = new CdpConnection(child.stdio[3] as Writable, child.stdio[4] as Readable);
  return { connection, exited, close };
}

/** The DevTools connection to the Chromium startChromium() started (once and only once), or undefined. */
export function takeEarlyChromium(): EarlyChromium | undefined {
  const e = early;
  early = undefined;
  return e;
}

function kill(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}
