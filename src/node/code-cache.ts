import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * require() with V8's code cache for the big CommonJS files it loads (those matching `files`), kept
 * in `dir`. Why: playwright-core is two bundles of ~3.5 MB that every `npm run pdf` compiles before
 * it can talk to Chromium (~0.3 s of CPU here); with the compiled code cached, ~0.1 s less. Node 22
 * has this built in (module.enableCompileCache); Node 20, which this project supports, does not.
 * V8 checks that a cache matches the source and its own version and flags, and compiles afresh
 * (writing a new cache) when it does not; the file name also carries the file's size, time and the
 * Node version, so an upgraded package gets a cache of its own and the old one is removed.
 */
export function requireWithCodeCache<T>(from: string, id: string, files: RegExp, dir: string): T {
  type Compile = (this: Module, content: string, filename: string, ...rest: unknown[]) => unknown;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  const fresh: Array<{ script: vm.Script; file: string }> = [];
  proto._compile = function (this: Module, content: string, filename: string, ...rest: unknown[]): unknown {
    if (!files.test(filename)) return original.call(this, content, filename, ...rest);
    const file = cacheFile(dir, filename);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      // Not cached yet.
    }
    const script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData,
      // import() inside the file resolves as it would without the cache.
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (!cachedData || script.cachedDataRejected) fresh.push({ script, file });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
  };
  let loaded: T;
  try {
    loaded = createRequire(from)(id) as T;
  } finally {
    proto._compile = original;
  }
  // After the module ran, the cache also holds the functions its set-up compiled.
  for (const { script, file } of fresh) save(file, script);
  return loaded;
}

function cacheFile(dir: string, filename: string): string {
  const s = statSync(filename);
  const key = createHash('sha256').update(`${filename}\0${s.size}\0${s.mtimeMs}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 16);
  return path.join(dir, `${path.basename(filename)}-${key}.v8`);
}

function save(file: string, script: vm.Script): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Earlier caches of the same file (another version of the package or of Node) go.
    const stem = path.basename(file).replace(/-[0-9a-f]{16}\.v8$/, '-');
    for (const name of readdirSync(path.dirname(file))) if (name.startsWith(stem) && name !== path.basename(file)) rmSync(path.join(path.dirname(file), name), { force: true });
    // Through a temporary name: a concurrent run never reads half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs the next run the compile time.
  }
}
