import { renameSync, rmSync } from 'node:fs';

/**
 * Temporary files and folders of a running command, removed on every way out: success, failure,
 * an uncaught error, and Ctrl-C / SIGTERM (which otherwise end Node without running `finally`).
 */
const pending = new Set<string>();
let installed = false;

function removeAll(): void {
  for (const p of pending) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      // Best effort on the way out: nothing else can be done about a file that will not go.
    }
  }
  pending.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeAll);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => {
      removeAll();
      process.stderr.write(`\nstopped (${signal}); temporary files removed, earlier outputs unchanged\n`);
      process.exit(code);
    });
  }
}

/** Registers a temporary path; call the returned function once it is gone or has become an output. */
export function trackTemp(p: string): () => void {
  // Only the CLI installs signal handlers: inside tests or the dev server they are not ours to take.
  if (process.env.VITEST === undefined) install();
  pending.add(p);
  return () => {
    pending.delete(p);
  };
}

/** Removes a tracked temporary path now. */
export function removeTemp(p: string): void {
  pending.delete(p);
  rmSync(p, { recursive: true, force: true });
}

/**
 * Replaces every target with its new file, all or nothing: each existing target is first moved
 * aside, then the new files are renamed in; if any step fails, the moved-aside files come back.
 * `files` are [new temporary file, target] pairs in the same folder(s).
 */
export function swapAll(files: Array<[tmp: string, target: string]>): void {
  const moved: Array<[target: string, old: string]> = [];
  const placed: string[] = [];
  try {
    for (const [, target] of files) {
      const old = `${target}.old-${process.pid}`;
      try {
        renameSync(target, old);
        // Not tracked as temporary: an interrupt here must not delete the previous output.
        moved.push([target, old]);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    for (const [tmp, target] of files) {
      renameSync(tmp, target);
      placed.push(target);
    }
  } catch (e) {
    for (const target of placed) rmSync(target, { recursive: true, force: true });
    for (const [target, old] of moved) {
      try {
        renameSync(old, target);
      } catch {
        // Left as *.old-PID: the error below names what failed.
      }
    }
    throw e;
  }
  for (const [, old] of moved) rmSync(old, { recursive: true, force: true });
}
