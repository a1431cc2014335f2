import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/*
 * The derived-file caches in node_modules/.cache/lecture-deck (font subsets: fonts.ts; drawn
 * figures: src/node/figure-store.ts), which builds running in parallel (the test suite's workers,
 * two terminals) read and write at the same time.
 */

/** Writes `data` to `file` (its folder made if needed) through a temporary name: a parallel reader never sees half a file. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Keeps the `keep` most recently written (or touched) entries of `dir`, files or folders. An entry
 * another process removed between the listing and its stat is skipped, not an error.
 */
export function keepNewest(dir: string, keep: number): void {
  const names = readdirSync(dir);
  if (names.length <= keep) return;
  const entries = names.flatMap((name) => {
    const p = path.join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    return st ? [{ p, at: st.mtimeMs }] : [];
  });
  entries.sort((a, b) => b.at - a.at);
  for (const { p } of entries.slice(keep)) rmSync(p, { recursive: true, force: true });
}
