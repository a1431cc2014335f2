import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { cachedClient } from '../../src/node/pipeline/client-cache.ts';
import { serveDir, type StaticServer } from '../../src/node/static-server.ts';
import { suiteLaunchOptions } from './suite-browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The executable of the suite's Chromium (suite-browser.ts: the pdf command's, the headless shell when installed). */
    browserPath: string;
    /** The default deck, built once, served under a sub-path (the site must work from any sub-path). */
    deckUrl: string;
    /** Folder of that build. */
    deckDist: string;
    /** Scratch folder for this run (removed at the end). */
    tmpDir: string;
    /** Screenshots of this run, kept for people to look at (its path is printed at the end). */
    shotsDir: string;
  }
}

let server: StaticServer | undefined;
let building: Promise<void> | undefined;
let tmpDir: string | undefined;
let shotsDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  // A missing browser fails the run with install instructions (never a silent skip). Each worker
  // starts its own on first use (suiteBrowser() in suite-browser.ts).
  const { executablePath } = suiteLaunchOptions();
  tmpDir = mkdtempSync(path.join(os.tmpdir(), 'lecture-deck-test-'));
  // Per run, never a fixed shared folder: parallel runs must not overwrite each other's pictures.
  shotsDir = mkdtempSync(path.join(os.tmpdir(), 'lecture-deck-shots-'));
  const dist = path.join(tmpDir, 'default-dist');
  const deckDir = path.resolve(process.env.TEST_DECK ?? 'slides');
  // First what every build of the run shares, so that no unit test file builds it again at the
  // same time (a cold clone has none of it): the CLI bundle (scripts/cli.mjs builds it on any
  // command; `--help` does nothing else) and both variants of the cached client build
  // (src/node/pipeline/client-cache.ts: the site's, and standalone.html's), side by side.
  try {
    await Promise.all([runCli(['--help']), cachedClient('site'), cachedClient('single')]);
  } catch (e) {
    throw new Error(`the command line or the client code does not build; its errors are printed above (${(e as Error).message})`);
  }
  // Then the default deck, by the real entry (scripts/cli.mjs: the bundled CLI, which the suite's
  // CLI tests use too) in a child process, not buildSite() here (in this process the compiler
  // would run through vitest's module runner: ~1 s more CPU). Not awaited: the unit files (which
  // do not use it) run meanwhile; each browser test file waits for it in its setup file
  // (deck-ready.ts), which also fails it if the build failed. On a cold clone most of this build
  // is cutting the deck's fonts, on one core: the other one runs tests meanwhile.
  building = runCli(['build', '--deck', deckDir, '--out', dist]).then(
    () => writeFileSync(deckReadyFile(dist, 'done'), ''),
    (e: Error) => writeFileSync(deckReadyFile(dist, 'failed'), `the deck under test (${deckDir}) does not build; its errors are printed above (${e.message})`),
  );
  server = await serveDir(dist, '/course/lecture/');
  project.provide('browserPath', executablePath!);
  project.provide('deckUrl', server.url);
  project.provide('deckDist', dist);
  project.provide('tmpDir', tmpDir);
  project.provide('shotsDir', shotsDir);
}

/** `node scripts/cli.mjs …`: its diagnostics reach the terminal (stderr), its output does not. */
function runCli(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['scripts/cli.mjs', ...args], (e) => (e ? reject(e) : resolve()));
    child.stderr?.pipe(process.stderr);
  });
}

/** The marker the default deck's build leaves beside its folder: `done`, or `failed` holding the error. */
export function deckReadyFile(dist: string, state: 'done' | 'failed'): string {
  return `${dist}.${state}`;
}

export async function teardown(): Promise<void> {
  // A run that ended early (a unit file failed with --bail, Ctrl-C) may end before the build did.
  await building;
  await server?.close();
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  if (shotsDir && readdirSync(shotsDir).length > 0) process.stdout.write(`screenshots: ${shotsDir}\n`);
  else if (shotsDir) rmSync(shotsDir, { recursive: true, force: true });
}
