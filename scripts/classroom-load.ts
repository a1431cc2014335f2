/**
 * Load test of the live classroom: one server process (`node scripts/cli.mjs classroom --site DIR`,
 * a child, so its memory is its own), N simulated students and one teacher over WebSocket on
 * loopback. The teacher changes slides M times; each change's delay is the time from the teacher's
 * send to each student's receipt (one clock: all clients live in this process). Bounded: it stops
 * by itself (every wait has a timeout) and never leaves 127.0.0.1.
 *
 *   npx tsx scripts/classroom-load.ts [--site BUILT_DIR] [--students 300] [--changes 50]
 *   npm run bench -- --only classroom          (the same figures in the bench table)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ClassroomLoad {
  students: number;
  changes: number;
  /** Delay from the teacher's change to a student's receipt, over every (change, student) pair. */
  p50: number;
  p95: number;
  max: number;
  /** Deliveries that did not arrive within the per-change timeout. */
  missed: number;
  /** Highest resident memory of the server process seen during the run (MiB; undefined off Linux). */
  rssMiB?: number;
  /** Server RSS before any student connected (MiB). */
  idleRssMiB?: number;
  /**
   * Server CPU time (user + system) per slide change, ms: steady where delays swing with the
   * machine's load (they include waiting for a core).
   */
  cpuPerChangeMs?: number;
}

/** CPU time (user + system, ms) a process has used, from /proc (Linux; undefined elsewhere). */
function cpuMs(pid: number): number | undefined {
  try {
    const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are the 12th and 13th fields after the command name, in ticks of 10 ms.
    return (Number(rest[11]) + Number(rest[12])) * 10;
  } catch {
    return undefined;
  }
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** Resident set size of a process from /proc (Linux); undefined elsewhere. */
function rssMiB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms).unref())]);

export async function measureClassroom(opts: { siteDir: string; students?: number; changes?: number }): Promise<ClassroomLoad> {
  const students = opts.students ?? 300;
  const changes = opts.changes ?? 50;
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'cli.mjs'), 'classroom', '--site', opts.siteDir, '--port', '0', '--host', '127.0.0.1', '--no-qr'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const sockets: WebSocket[] = [];
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(child.pid!) ?? 0);
  }, 50);
  try {
    const urls = await withTimeout(
      new Promise<{ teacher: string; students: string }>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const t = /^teacher: (\S+)$/m.exec(out)?.[1];
          const s = /^students: (\S+)$/m.exec(out)?.[1];
          if (t && s) resolve({ teacher: t, students: s });
        });
        child.once('exit', (code) => reject(new Error(`classroom server exited (${code}): ${stderr}`)));
      }),
      30_000,
      'server start',
    );
    const idle = rssMiB(child.pid!);
    const origin = new URL(urls.students).origin;
    const wsUrl = new URL('live', urls.students).href.replace(/^http/, 'ws');
    const token = new URL(urls.teacher).hash.replace('#teacher=', '');
    const open = (): Promise<WebSocket> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(wsUrl, { origin });
        sockets.push(ws);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const welcomed = (ws: WebSocket): Promise<void> =>
      new Promise((resolve) => ws.once('message', () => resolve()));

    const teacher = await open();
    const teacherIn = welcomed(teacher);
    teacher.send(JSON.stringify({ type: 'hello', role: 'teacher', token }));
    await withTimeout(teacherIn, 5000, 'teacher welcome');

    // Pending deliveries of the current change: student index → resolve(receipt time).
    let current = -1;
    let sentAt = 0;
    const delays: number[] = [];
    let received = 0;
    let allIn: () => void = () => undefined;
    const connectStudent = async (i: number): Promise<void> => {
      const ws = await open();
      const hello = welcomed(ws);
      ws.send(JSON.stringify({ type: 'hello', role: 'student', id: `load-${i}` }));
      await hello;
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString()) as { type: string; h?: number };
        if (m.type === 'live' && m.h === current) {
          delays.push(performance.now() - sentAt);
          if (++received === students) allIn();
        }
      });
    };
    // Joining in waves of 50, as a hall does after the QR code goes up.
    for (let i = 0; i < students; i += 50) {
      await withTimeout(Promise.all(Array.from({ length: Math.min(50, students - i) }, (_, k) => connectStudent(i + k))), 20_000, 'students joining');
    }

    let missed = 0;
    const cpu0 = cpuMs(child.pid!);
    for (let c = 0; c < changes; c++) {
      current = (c % 20) + 1;
      received = 0;
      const done = new Promise<void>((resolve) => (allIn = resolve));
      sentAt = performance.now();
      teacher.send(JSON.stringify({ type: 'go', h: current, f: -1 }));
      try {
        await withTimeout(done, 2000, 'a slide change reaching every student');
      } catch {
        missed += students - received;
      }
      // A lecturer's fastest clicking, not a flood.
      await new Promise((r) => setTimeout(r, 20));
    }
    const cpu1 = cpuMs(child.pid!);
    delays.sort((a, b) => a - b);
    const r2 = (n: number): number => Math.round(n * 100) / 100;
    return {
      students,
      changes,
      p50: r2(quantile(delays, 0.5)),
      p95: r2(quantile(delays, 0.95)),
      max: r2(delays[delays.length - 1] ?? NaN),
      missed,
      rssMiB: peak ? r2(peak) : undefined,
      idleRssMiB: idle === undefined ? undefined : r2(idle),
      cpuPerChangeMs: cpu0 === undefined || cpu1 === undefined ? undefined : r2((cpu1 - cpu0) / changes),
    };
  } finally {
    clearInterval(sampler);
    for (const ws of sockets) ws.terminate();
    child.kill('SIGTERM');
    await withTimeout(new Promise((r) => child.once('exit', r)), 5000, 'server exit').catch(() => child.kill('SIGKILL'));
  }
}

// Run directly: build the default deck (unless --site) and print the figures as JSON.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({ options: { site: { type: 'string' }, students: { type: 'string', default: '300' }, changes: { type: 'string', default: '50' }, deck: { type: 'string', default: 'slides' } } });
  let siteDir = values.site;
  if (!siteDir) {
    const os = await import('node:os');
    const { mkdtempSync } = await import('node:fs');
    const { buildSite } = await import('../src/node/pipeline/build.ts');
    siteDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'lecture-deck-load-')), 'site');
    await buildSite(path.resolve(values.deck), siteDir);
  }
  const r = await measureClassroom({ siteDir, students: Number(values.students), changes: Number(values.changes) });
  process.stdout.write(JSON.stringify(r, null, 2) + '\n');
}
