import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { buildSite } from '../../src/node/pipeline/build.ts';
import { cachedClient } from '../../src/node/pipeline/client-cache.ts';
import { serveDir, type StaticServer } from '../../src/node/static-server.ts';
import { suiteLaunchOptions } from './suite-browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Playwright endpoint of the one Chromium shared by every test file (suite-browser.ts: the pdf command's, the headless shell when installed). */
    wsEndpoint: string;
    /** Its executable. */
    browserPath: string;
    /**
     * The command line playwright-core started that Chromium with, less printChromium()'s own
     * flags (the shell's hinting): PLAYWRIGHT_ARGS and CHROMIUM_ARGS, for pdf-cli.test.ts.
     */
    chromiumArgs: string[];
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

let browser: BrowserServer | undefined;
let server: StaticServer | undefined;
let tmpDir: string | undefined;
let shotsDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  // A missing browser fails the run with install instructions (never a silent skip).
  const { extraArgs, ...options } = suiteLaunchOptions();
  tmpDir = mkdtempSync(path.join(os.tmpdir(), 'lecture-deck-test-'));
  // Per run, never a fixed shared folder: parallel runs must not overwrite each other's pictures.
  shotsDir = mkdtempSync(path.join(os.tmpdir(), 'lecture-deck-shots-'));
  const dist = path.join(tmpDir, 'default-dist');
  const deckDir = path.resolve(process.env.TEST_DECK ?? 'slides');
  // The build, standalone.html's client build and Chromium's start-up at the same time: each
  // waits on something else part of its time (files, a child process), and this is the stretch
  // before the first test file can start.
  const launched = chromium.launchServer(options);
  // Awaited below; this only keeps a failed launch from counting as unhandled meanwhile.
  launched.catch(() => undefined);
  try {
    await Promise.all([
      buildSite(deckDir, dist),
      // standalone.html's cached client build, made once here when stale, not by each test file's
      // worker at the same time (src/node/pipeline/client-cache.ts).
      cachedClient('single'),
    ]);
  } catch (e) {
    await launched.then((b) => b.close()).catch(() => undefined);
    throw new Error(`the deck under test (${deckDir}) does not build; its errors are printed above (${(e as Error).message})`);
  }
  browser = await launched;
  server = await serveDir(dist, '/course/lecture/');
  project.provide('wsEndpoint', browser.wsEndpoint());
  project.provide('browserPath', options.executablePath!);
  project.provide('chromiumArgs', browser.process().spawnargs.slice(1).filter((a) => !extraArgs.includes(a)));
  project.provide('deckUrl', server.url);
  project.provide('deckDist', dist);
  project.provide('tmpDir', tmpDir);
  project.provide('shotsDir', shotsDir);
}

export async function teardown(): Promise<void> {
  await browser?.close();
  await server?.close();
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  if (shotsDir && readdirSync(shotsDir).length > 0) process.stdout.write(`screenshots: ${shotsDir}\n`);
  else if (shotsDir) rmSync(shotsDir, { recursive: true, force: true });
}
