import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeTemp, swapAll, trackTemp } from '../cleanup.ts';
import { UserError } from '../user-error.ts';

/**
 * Writes each file beside its target, then swaps all of them in at once (swapAll): a failure
 * (disk full, a read-only file) leaves every earlier output as it was and no temporary file behind.
 */
export function writeAll(files: Array<[string, Uint8Array | string]>): void {
  const tmps: Array<[string, string]> = [];
  const shown = (p: string): string => path.relative(process.cwd(), p) || p;
  let current = '';
  try {
    for (const [target, data] of files) {
      current = target;
      mkdirSync(path.dirname(target), { recursive: true });
      const tmp = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}`);
      trackTemp(tmp);
      tmps.push([tmp, target]);
      writeFileSync(tmp, data);
    }
    current = '';
    swapAll(tmps);
    for (const [tmp] of tmps) removeTemp(tmp); // renamed away: only forgets them
  } catch (e) {
    for (const [tmp] of tmps) removeTemp(tmp);
    const err = e as NodeJS.ErrnoException;
    const what = err.code === 'ENOSPC' ? 'the disk is full' : err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : (err.message ?? String(e)).split('\n')[0];
    throw new UserError(
      `pdf: could not ${current ? `write ${shown(current)}` : 'replace the outputs'}: ${what}; no output was changed (the previous PDFs and standalone.html are as they were)\n    hint: ${err.code === 'ENOSPC' ? 'free some disk space and run it again' : 'check that the output folder and its files are writable'}`,
    );
  }
}
