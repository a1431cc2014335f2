import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { DrawnFigure, FigureStore } from '../deck/figures.ts';
import { keepNewest, writeFileAtomic } from '../vite/cache-files.ts';
import { PROJECT_ROOT } from '../vite/project-root.ts';

/**
 * Figures drawn by earlier commands, on disk (node_modules/.cache, beside the font subsets): a map
 * figure (projection, clipping, label placement) was about half of a warm `build` of the default
 * deck (issue 17). An entry is the figure's HTML and the bytes of the data files it read, which
 * the compiler compares with the deck's files before using it (figures.ts), under a name that
 * hashes the compiler's key with the drawing code: every source file of the compiler (src/deck,
 * src/shared), the installed packages (package-lock.json: d3-geo, the atlas …) and Node's version.
 * An edit of any of them starts a new set of entries; old ones are pruned by age.
 */
const DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'lecture-deck', 'figures');
/** Entries kept: a few decks' figures, across a few versions of the code. */
const KEEP = 200;

let codeVersion: string | undefined;
/** The drawing code's hash: ~100 small files, read once per process (~2 ms). */
function version(): string {
  if (codeVersion) return codeVersion;
  const h = createHash('sha256').update(process.version);
  const add = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) add(p);
      else h.update(`\0${path.relative(PROJECT_ROOT, p)}\0`).update(readFileSync(p));
    }
  };
  for (const d of ['src/deck', 'src/shared']) add(path.join(PROJECT_ROOT, d));
  h.update(readFileSync(path.join(PROJECT_ROOT, 'package-lock.json')));
  codeVersion = h.digest('hex');
  return codeVersion;
}

interface Stored {
  html: string;
  files: Array<[string, string | null]>;
}

const fileOf = (key: string): string => path.join(DIR, `${createHash('sha256').update(version()).update('\0').update(key).digest('hex').slice(0, 32)}.json`);

export const diskFigureStore: FigureStore = {
  get(key) {
    let stored: Stored;
    try {
      const file = fileOf(key);
      stored = JSON.parse(readFileSync(file, 'utf8')) as Stored;
      // Used now: pruning goes by age.
      utimesSync(file, new Date(), new Date());
    } catch {
      return undefined; // none yet, or pruned / half-removed by a parallel run
    }
    return { html: stored.html, files: stored.files.map(([f, b64]) => [f, b64 === null ? undefined : new Uint8Array(Buffer.from(b64, 'base64'))]) };
  },
  set(key, figure: DrawnFigure) {
    try {
      const stored: Stored = { html: figure.html, files: figure.files.map(([f, bytes]) => [f, bytes ? Buffer.from(bytes).toString('base64') : null]) };
      writeFileAtomic(fileOf(key), JSON.stringify(stored));
      keepNewest(DIR, KEEP);
    } catch {
      // A cache that cannot be written (read-only node_modules) only costs the next run the drawing.
    }
  },
};
