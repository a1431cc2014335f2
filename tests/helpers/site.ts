import path from 'node:path';
import { inject } from 'vitest';
import { compileDeck } from '../../src/deck/compile.ts';
import type { Deck } from '../../src/deck/model.ts';
import { readDeckFolder } from '../../src/node/deck-files.ts';
import { buildSite } from '../../src/node/pipeline/build.ts';
import { serveDir } from '../../src/node/static-server.ts';
import { buildAssetUrl } from '../../src/vite/deck-plugin.ts';
import { onceInRun } from './once.ts';

export interface FixtureSite {
  /** URL of the built site's index, under a sub-path (the site must work from any sub-path). */
  url: string;
  /** Folder of the build: shared by every test file of the run, so never write into it. */
  dir: string;
  deck: Deck;
  close(): Promise<void>;
}

/**
 * Builds tests/fixtures/<name> once per run, whichever test file asks first (onceInRun). Why: a
 * build costs ~2 s of CPU and several files use the same fixture.
 */
async function builtOnce(name: string): Promise<{ dir: string; deck: Deck }> {
  const dir = path.join(inject('tmpDir'), 'fixtures', name);
  const deckDir = path.resolve('tests/fixtures', name);
  return onceInRun(
    dir,
    `the build of fixture ${name}`,
    async () => ({ dir, deck: await buildSite(deckDir, dir) }),
    // The compile is deterministic and takes milliseconds: with the build's asset URLs, the model
    // equals the one buildSite returned to the builder.
    () => ({ dir, deck: compileDeck(readDeckFolder(deckDir), { assetUrl: buildAssetUrl }).deck }),
    120_000,
  );
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
