import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
  // The build and standalone.html's client build at the same time: each waits on something else
  // part of its time (files, a child process), and this is the stretch before the first test file
  // can start. The build by the real entry (scripts/cli.mjs: the bundled CLI, which the suite's CLI
  // tests use too) in a child process, not buildSite() here: in this process the compiler would
  // run through vitest's module runner (transformed modules, slower) and only for this: ~1 s more CPU.
  try {
    await Promise.all([
      buildWithCli(deckDir, dist),
      // standalone.html's cached client build, made once here when stale, not by each test file's
      // worker at the same time (src/node/pipeline/client-cache.ts).
      cachedClient('single'),
    ]);
  } catch (e) {
    throw new Error(`the deck under test (${deckDir}) does not build; its errors are printed above (${(e as Error).message})`);
  }
  server = await serveDir(dist, '/course/lecture/');
  project.provide('browserPath', executablePath!);
  project.provide('deckUrl', server.url);
  project.provide('deckDist', dist);
  project.provide('tmpDir', tmpDir);
  project.provide('shotsDir', shotsDir);
}

/** `node scripts/cli.mjs build`: its diagnostics reach the terminal (stderr), its "built …" line does not. */
function buildWithCli(deckDir: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['scripts/cli.mjs', 'build', '--deck', deckDir, '--out', out], (e) => (e ? reject(e) : resolve()));
    child.stderr?.pipe(process.stderr);
  });
}

export async function teardown(): Promise<void> {
  await server?.close();
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  if (shotsDir && readdirSync(shotsDir).length > 0) process.stdout.write(`screenshots: ${shotsDir}\n`);
  else if (shotsDir) rmSync(shotsDir, { recursive: true, force: true });
}
