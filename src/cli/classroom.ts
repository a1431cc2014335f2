import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startClassroom, type Classroom } from '../node/classroom/server.ts';
import { buildSite } from '../node/pipeline/build.ts';
import { CliError } from './report.ts';

export interface ClassroomCliOptions {
  deckDir: string;
  /** A built site to serve instead of building the deck. */
  siteDir?: string;
  host?: string;
  port?: number;
  /** Print the terminal QR code (off for scripts). */
  qr?: boolean;
}

const DEFAULT_PORT = 8080;

/**
 * `npm run classroom`: builds the deck into a temporary folder (or takes --site), serves it with the
 * live classroom, and prints the teacher's and the students' URLs and a QR code of the latter.
 */
export async function runClassroom(opts: ClassroomCliOptions): Promise<Classroom> {
  let tmp: string | undefined;
  let siteDir = opts.siteDir;
  if (siteDir) {
    if (!existsSync(path.join(siteDir, 'index.html'))) {
      throw new CliError(`--site ${siteDir} holds no built deck (no index.html)\n    hint: build one with npm run build -- --out DIR, or leave --site out to build --deck`);
    }
  } else {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'lecture-deck-classroom-'));
    siteDir = path.join(tmp, 'site');
    try {
      await buildSite(opts.deckDir, siteDir);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  }
  const start = (port: number | undefined) => startClassroom({ siteDir: siteDir!, host: opts.host, port });
  let classroom: Classroom;
  try {
    try {
      classroom = await start(opts.port ?? DEFAULT_PORT);
    } catch (e) {
      // The usual port is taken (another server, an earlier run): any free one will do, the URLs say which.
      if (opts.port !== undefined || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      classroom = await start(0);
    }
  } catch (e) {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new CliError(`port ${opts.port} is in use\n    hint: choose another with --port N, or --port 0 for any free port`);
    if (err.code === 'EADDRNOTAVAIL') throw new CliError(`this computer has no address ${opts.host}\n    hint: use --host 0.0.0.0 (every network) or one of its addresses`);
    throw e;
  }

  const out = process.stdout;
  out.write(`teacher: ${classroom.teacherUrl}\n`);
  out.write(`students: ${classroom.studentUrl}\n`);
  if (opts.qr !== false) out.write(classroom.terminalQr.endsWith('\n') ? classroom.terminalQr : classroom.terminalQr + '\n');
  const loopback = /^(127\.|localhost$|::1$)/.test(opts.host ?? '127.0.0.1');
  out.write(
    [
      `join code: ${new URL(classroom.studentUrl).pathname.split('/')[1]} (students scan the QR code, or press J in the teacher's deck to show it)`,
      'keep the teacher address to yourself: it lets its holder drive the lecture',
      loopback ? 'only this computer can join; to let students\' devices on this network join, add --host 0.0.0.0' : '',
      'press Ctrl+C to stop',
    ]
      .filter(Boolean)
      .join('\n') + '\n',
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void classroom.close().finally(() => {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return classroom;
}
