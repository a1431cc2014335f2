import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from './user-error.ts';

/** Checks of the command line's values, made before any work (the CLI calls them; tests too).
 *
 * A command line that cannot be right whatever the deck holds: printed with the usage, exit code 2. */
export class UsageError extends UserError {
  override name = 'UsageError';
}

/** `--port N`: an integer 1–65535 (0 lets the system pick, useful for scripts and tests). */
export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new UsageError(`--port ${JSON.stringify(value)} is not a port number\n    hint: give a whole number from 1 to 65535, e.g. --port 5173`);
  }
  return n;
}

const shown = (p: string): string => {
  const r = path.relative(process.cwd(), p);
  return r === '' ? '.' : r.startsWith('..') ? p : r;
};

/** Checks made before any work: a mistake in a path must not cost a whole build first. */
export function checkPaths(command: string, deckDir: string, outDir: string): void {
  if (['dev', 'build', 'pdf', 'check'].includes(command) && !existsSync(deckDir)) {
    throw new UserError(`deck folder not found: ${shown(deckDir)}\n    hint: pass --deck <folder containing deck.yaml>`);
  }
  if (['build', 'pdf'].includes(command) && existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new UserError(`--out ${shown(outDir)} is a file\n    hint: give a folder for the outputs, e.g. --out dist`);
  }
  if (command === 'preview') {
    if (!existsSync(outDir)) {
      throw new UserError(`no built site to preview: ${shown(outDir)} does not exist\n    hint: build it first with npm run build${outDir === path.resolve('dist') ? '' : ` -- --out ${shown(outDir)}`}, or pass --out <built site>`);
    }
    if (!existsSync(path.join(outDir, 'index.html'))) {
      throw new UserError(`no built site to preview: ${shown(outDir)} has no index.html\n    hint: build it first with npm run build, or pass --out <folder holding the built site>`);
    }
  }
}

/** A server that cannot listen (a port below 1024 without rights, a port in use) is the user's to fix, not a bug. */
export function listenError(port: number | undefined): (e: unknown) => never {
  return (e) => {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`cannot listen on port ${port ?? ''}: permission denied\n    hint: ports below 1024 need administrator rights; use e.g. --port 5173`);
    if (code === 'EADDRINUSE') throw new UserError(`port ${port ?? ''} is already in use\n    hint: stop the other server or choose another port with --port`);
    if (code === 'EADDRNOTAVAIL') throw new UserError('cannot listen on localhost on this machine\n    hint: check the network settings (localhost must resolve to 127.0.0.1 or ::1)');
    throw e;
  };
}
