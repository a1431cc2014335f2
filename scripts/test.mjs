#!/usr/bin/env node
/**
 * `npm test`: the type check (`tsc --noEmit`) and the suite (`vitest run`, with any arguments
 * given: `npm test -- tests/x.test.ts`) at the same time, not one after the other. Why: tsc alone
 * took ~3.5 s of wall clock on one core before vitest started; beside the suite, at a lower
 * priority, it runs in the moments the suite leaves a core idle (its start-up, waits for Chromium).
 * The run fails if either fails. tsc's report is held back and printed after vitest's, as the
 * run's last lines, so that it is neither lost in nor mixed into vitest's live output.
 *
 * Plain JavaScript on purpose: it must run on Node 20 without a TypeScript loader.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);

/** Resolves with the exit code (1 when the process could not start or was killed). */
const exited = (child, name) =>
  new Promise((resolve) => {
    child.on('error', (e) => {
      process.stderr.write(`could not start ${name}: ${e.message}\n    hint: run npm install first\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

// --pretty only on a terminal (colors and code frames); piped, tsc prints plain `file(line,col): error …` lines.
const tsc = spawn(bin('tsc'), ['--noEmit', '--checkers', '1', ...(process.stdout.isTTY ? ['--pretty'] : [])], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'pipe'],
});
try {
  // Below the suite's processes: they wait on each other (a browser test on the deck build, on
  // Chromium), tsc waits on nothing.
  if (tsc.pid) os.setPriority(tsc.pid, 10);
} catch {
  // Not allowed here (some containers): it runs at normal priority, the result is the same.
}
let report = '';
tsc.stdout.on('data', (d) => (report += d));
tsc.stderr.on('data', (d) => (report += d));
const typeCheck = exited(tsc, 'tsc');

const vitest = spawn(bin('vitest'), ['run', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
const suite = exited(vitest, 'vitest');

// A terminal's Ctrl-C reaches both children (same process group); a plain kill of this process must too.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of [tsc, vitest]) if (child.exitCode === null) child.kill(signal);
  });
}

const [suiteCode, typeCode] = await Promise.all([suite, typeCheck]);
if (typeCode !== 0) {
  const errors = (report.match(/error TS\d+/g) ?? []).length;
  process.stderr.write(`\n${report.trimEnd()}\n\ntype check failed (tsc --noEmit): ${errors || 'see above'} error${errors === 1 ? '' : 's'}\n`);
}
process.exitCode = suiteCode !== 0 ? suiteCode : typeCode !== 0 ? 1 : 0;
