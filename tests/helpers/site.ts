import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { compileDeck } from '../../src/deck/compile.ts';
import type { Deck } from '../../src/deck/model.ts';
import { readDeckFolder } from '../../src/node/deck-files.ts';
import { buildSite } from '../../src/node/pipeline/build.ts';
import { serveDir } from '../../src/node/static-server.ts';
import { buildAssetUrl } from '../../src/vite/deck-plugin.ts';

export interface FixtureSite {
  /** URL of the built site's index, under a sub-path (the site must work from any sub-path). */
  url: string;
  /** Folder of the build: shared by every test file of the run, so never write into it. */
  dir: string;
  deck: Deck;
  close(): Promise<void>;
}

/**
 * Builds tests/fixtures/<name> once per run, whichever test file asks first. Test files run in
 * separate workers, so the first one takes a lock (mkdir is atomic) and builds; the others wait
 * for its marker file. Why: a build costs ~2 s of CPU and several files use the same fixture.
 */
async function builtOnce(name: string): Promise<{ dir: string; deck: Deck }> {
  const root = path.join(inject('tmpDir'), 'fixtures');
  const dir = path.join(root, name);
  const done = `${dir}.done`;
  const failed = `${dir}.failed`;
  mkdirSync(root, { recursive: true });
  let mine = false;
  try {
    mkdirSync(`${dir}.lock`);
    mine = true;
  } catch {
    // Another worker builds it.
  }
  if (mine) {
    try {
      const deck = await buildSite(path.resolve('tests/fixtures', name), dir);
      writeFileSync(done, '');
      return { dir, deck };
    } catch (e) {
      writeFileSync(failed, String(e instanceof Error ? e.message : e));
      throw e;
    }
  }
  for (const until = Date.now() + 120_000; Date.now() < until; await sleep(50)) {
    if (existsSync(failed)) throw new Error(`fixture ${name} did not build (in another test file): ${readFileSync(failed, 'utf8')}`);
    // The compile is deterministic and takes milliseconds: with the build's asset URLs, the model
    // equals the one buildSite returned to the builder.
    if (existsSync(done)) return { dir, deck: compileDeck(readDeckFolder(path.resolve('tests/fixtures', name)), { assetUrl: buildAssetUrl }).deck };
  }
  throw new Error(`fixture ${name}: gave up waiting for another test file's build`);
}

/** Serves fixture deck `name` (built once per run with the real build, CSP included) under `/<tag>/deck/`. */
export async function buildFixture(name: string, tag: string): Promise<FixtureSite> {
  const { dir, deck } = await builtOnce(name);
  const server = await serveDir(dir, `/${tag}/deck/`);
  return { url: server.url, dir, deck, close: () => server.close() };
}

/** "#2f5d9e" → "rgb(47, 93, 158)", as getComputedStyle reports colors. */
export function hexToRgb(hex: string): string {
  const n = parseInt(hex.replace('#', ''), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
