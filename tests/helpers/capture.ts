/** What a CLI function printed and threw, captured in-process (child processes cost ~1.5 s each). */
export interface Captured<T> {
  value?: T;
  error?: unknown;
  stdout: string;
  stderr: string;
}

/** Runs `fn` with process.stdout/stderr writes captured instead of printed. */
export async function capture<T>(fn: () => T | Promise<T>): Promise<Captured<T>> {
  const out = { stdout: '', stderr: '' };
  const original = { stdout: process.stdout.write, stderr: process.stderr.write };
  const hook = (key: 'stdout' | 'stderr') =>
    // Node's write has several overloads; only the chunk matters here.
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      out[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = hook('stdout');
  process.stderr.write = hook('stderr');
  try {
    const value = await fn();
    return { value, ...out };
  } catch (error) {
    return { error, ...out };
  } finally {
    process.stdout.write = original.stdout;
    process.stderr.write = original.stderr;
  }
}
