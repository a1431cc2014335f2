import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Work done once per run whichever test file asks first (fixture builds: site.ts; fixture prints:
 * printed.ts). Test files run in separate workers, so the first one takes a lock (mkdir of
 * `<base>.lock` is atomic), runs `make` and leaves `<base>.done`, or `<base>.failed` holding the
 * error; the others wait for that marker and `read` the result `make` left on disk.
 */
export async function onceInRun<T>(base: string, what: string, make: () => Promise<T>, read: () => T, timeoutMs: number): Promise<T> {
  mkdirSync(path.dirname(base), { recursive: true });
  let mine = false;
  try {
    mkdirSync(`${base}.lock`);
    mine = true;
  } catch {
    // Another worker does it.
  }
  if (mine) {
    try {
      const result = await make();
      writeFileSync(`${base}.done`, '');
      return result;
    } catch (e) {
      writeFileSync(`${base}.failed`, String(e instanceof Error ? e.message : e));
      throw e;
    }
  }
  for (const until = Date.now() + timeoutMs; Date.now() < until; await sleep(50)) {
    if (existsSync(`${base}.failed`)) throw new Error(`${what} failed (in another test file): ${readFileSync(`${base}.failed`, 'utf8')}`);
    if (existsSync(`${base}.done`)) return read();
  }
  throw new Error(`${what}: gave up waiting for another test file`);
}
