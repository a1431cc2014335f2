import path from 'node:path';
import { inject } from 'vitest';
import { buildSite } from '../../src/node/pipeline/build.ts';
import type { Deck } from '../../src/deck/model.ts';
import { serveDir } from '../../src/node/static-server.ts';

export interface FixtureSite {
  /** URL of the built site's index, under a sub-path (the site must work from any sub-path). */
  url: string;
  /** Folder of the build. */
  dir: string;
  deck: Deck;
  close(): Promise<void>;
}

/** Builds a fixture deck with the real build into this run's tmpDir and serves it (CSP included). */
export async function buildFixture(name: string, tag: string): Promise<FixtureSite> {
  const out = path.join(inject('tmpDir'), `${name}-${tag}`);
  const deck = await buildSite(path.resolve('tests/fixtures', name), out);
  const server = await serveDir(out, `/${tag}/deck/`);
  return { url: server.url, dir: out, deck, close: () => server.close() };
}

/** "#2f5d9e" → "rgb(47, 93, 158)", as getComputedStyle reports colors. */
export function hexToRgb(hex: string): string {
  const n = parseInt(hex.replace('#', ''), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
