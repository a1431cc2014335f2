import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Browser, ConnectOverCDPTransport } from 'playwright-core';
import { trackTemp } from '../cleanup.ts';
import { CHROMIUM_ARGS, findChromium, playwright, PLAYWRIGHT_ARGS } from '../chromium.ts';

/**
 * `npm run pdf` starts Chromium first thing (startChromium), before loading anything: it boots
 * while Node loads playwright-core (~0.3 s of CPU), the exporter and the compiler and builds the
 * site; the exporter then connects to it (takeEarlyChromium). Started here rather than by
 * playwright's launch(), which would have to wait for playwright-core to load: with the same
 * arguments (PLAYWRIGHT_ARGS) and, as playwright does, the DevTools protocol over a pipe (file
 * descriptors 3 and 4, no port opened) and a fresh profile in a temporary folder, which also holds
 * Chromium's own temporary files. It opens a blank page at once (not --no-startup-window): its
 * renderer process starts while Node is busy, and the exporter prints in that page.
 * The process ends as soon as the files are written: Chromium is killed then and its folder
 * removed (as playwright's own exit handler does), instead of a graceful close (~0.1–0.3 s).
 */
let early: { browser: () => Promise<Browser> } | undefined;

/** Starts Chromium now, unless there is none (then the exporter reports it, before building). */
export function startChromium(): void {
  if (early) return;
  let executable: string;
  try {
    executable = findChromium();
  } catch {
    // No Chromium found: exportPdfs says so, with the install hint.
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lecture-deck-chromium-'));
  const child = spawn(executable, [...PLAYWRIGHT_ARGS, ...CHROMIUM_ARGS, `--user-data-dir=${path.join(dir, 'profile')}`, '--remote-debugging-pipe', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    // Its own temporary files too (shared memory under --disable-dev-shm-usage), which a killed
    // Chromium cannot remove: they go with the folder. Unless that would make the path of the
    // socket it puts there (…/org.chromium.Chromium.XXXXXX/SingletonSocket) longer than a Unix
    // socket's 107 bytes: Chromium aborts then.
    env: dir.length <= 60 ? { ...process.env, TMPDIR: dir } : process.env,
    // A process group of its own, killed as one (its renderer and helper processes with it), as
    // playwright does; a Ctrl-C reaches it through our exit (cleanup.ts), and should this process
    // die without one, Chromium ends itself when its end of the pipe closes.
    detached: true,
  });
  // At the end of the process (also after Ctrl-C: cleanup.ts's signal handlers end it with exit()):
  // killed, then its folder removed, retrying while the killed processes may still write there.
  process.on('exit', () => {
    kill(child);
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    } catch {
      // Best effort on the way out.
    }
  });
  // Registered after the handler above, so that a Ctrl-C runs it (cleanup.ts's signal handlers).
  trackTemp(dir);
  // What Chromium says on stderr is kept for the error message when it fails to start.
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-2000);
  });
  const exited = new Promise<never>((_resolve, reject) => {
    child.on('error', (e) => reject(e));
    child.on('exit', (code, signal) => reject(new Error(`Chromium exited (${signal ?? `code ${code}`}) before the export could connect${log.trim() ? `: ${log.trim().split('\n').slice(-3).join(' | ')}` : ''}`)));
  });
  exited.catch(() => undefined);
  const transport = pipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable);
  early = {
    // Connecting loads playwright-core: only when the exporter asks (before it builds the site,
    // so that the connection's round trips run while the build waits).
    browser: () =>
      Promise.race([exited, playwright().chromium.connectOverCDP(transport, { isLocal: true, artifactsDir: path.join(dir, 'artifacts'), timeout: 30_000 })]),
  };
}

/** The Chromium startChromium() started, connected (once and only once), or undefined. */
export function takeEarlyChromium(): Promise<Browser> | undefined {
  const e = early;
  early = undefined;
  return e?.browser();
}

function kill(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

/**
 * The DevTools protocol over Chromium's `--remote-debugging-pipe`: JSON messages ended by a NUL
 * byte, commands to its file descriptor 3, replies and events from 4 (playwright's own PipeTransport
 * does the same; it is not exported). Each message is handed on in a task of its own, as there.
 */
function pipeTransport(write: Writable, read: Readable): ConnectOverCDPTransport {
  const pending: Buffer[] = [];
  const transport: ConnectOverCDPTransport = {
    send(message) {
      write.write(JSON.stringify(message));
      write.write('\0');
    },
    close() {
      write.end();
    },
  };
  read.on('data', (chunk: Buffer) => {
    let start = 0;
    let end: number;
    while ((end = chunk.indexOf(0, start)) !== -1) {
      pending.push(chunk.subarray(start, end));
      const message = JSON.parse(Buffer.concat(pending).toString()) as object;
      pending.length = 0;
      start = end + 1;
      setImmediate(() => transport.onmessage?.(message));
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  });
  read.on('close', () => transport.onclose?.());
  // Chromium gone: its pipes close with an error the close event reports.
  read.on('error', () => undefined);
  write.on('error', () => undefined);
  return transport;
}
