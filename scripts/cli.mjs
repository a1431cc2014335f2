#!/usr/bin/env node
/**
 * Starts the command line (src/cli/main.ts) from a bundle of its TypeScript, rebuilt with esbuild
 * whenever one of the bundled sources changed. Why: `tsx src/cli/main.ts` spends ~1 s per run
 * starting esbuild and transforming ~50 files before any work starts; a plain ES module bundle
 * starts in ~50 ms. Packages stay external (loaded from node_modules as usual). A plain bundle:
 * the sources find the checkout by walking up to our package.json (src/vite/project-root.ts), not
 * by steps from `import.meta.url`, so they work unchanged from .cache/cli/
 * (tests/unit/cli-bundle.test.ts builds a deck through this file and keeps src/ that way).
 *
 * Plain JavaScript on purpose: this file must run on Node 20 without a TypeScript loader.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = path.join(ROOT, 'src', 'cli', 'main.ts');
/**
 * In the checkout, not in node_modules/.cache: node_modules may be a symlink shared by several
 * checkouts, and the bundle finds its checkout by walking up from its own real path. Git-ignored.
 */
const OUT = path.join(ROOT, '.cache', 'cli');
const MANIFEST = path.join(OUT, 'manifest.json');
/** Pure-JavaScript packages of the compiler, bundled into the CLI (see bundleSome below). */
// The map figure's packages too: its JSON data (world-atlas, i18n-iso-countries' ja.json) must be
// bundled, as esbuild drops the `with { type: 'json' }` that Node needs to import JSON itself.
const BUNDLED = new Set(['markdown-it', 'markdown-it-attrs', 'get-east-asian-width', 'markdown-it-cjk-friendly', 'zod', 'yaml', 'colorjs.io', 'world-atlas', 'i18n-iso-countries', 'topojson-client', 'topojson-simplify', 'd3-geo', 'd3-array', 'polygon-clipping', 'polylabel']);

/** The bundle's entry file when every source it was built from is unchanged since. */
function freshEntry() {
  if (!existsSync(MANIFEST)) return undefined;
  try {
    const m = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    // A checkout copied together with its .cache must not run the other checkout's code.
    if (m.root !== ROOT) return undefined;
    const entry = path.join(OUT, m.entry);
    if (!existsSync(entry)) return undefined;
    for (const input of m.inputs) {
      const file = path.join(ROOT, input);
      if (!existsSync(file) || statSync(file).mtimeMs > m.builtAt) return undefined;
    }
    return entry;
  } catch {
    return undefined;
  }
}

/** Writes through a temporary name, so a concurrent run never reads a half-written file. */
function writeAtomic(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

async function rebuild() {
  const builtAt = Date.now();
  const esbuild = await import('esbuild');
  /**
   * Packages the compiler always loads are bundled in (one file parses faster than ~300 small ones:
   * ~100 ms less per run); the rest (vite, playwright-core, subset-font …) stay in node_modules,
   * loaded only by the commands that need them.
   */
  const bundleSome = {
    name: 'bundle-compiler-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { external: true };
        const name = args.path.split('/').slice(0, args.path.startsWith('@') ? 2 : 1).join('/');
        // Dependencies of a bundled package are bundled with it.
        if (BUNDLED.has(name) || args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        return { external: true };
      });
    },
  };
  /**
   * The map figure's data stays out of decks without a map (issue 17: the bundle was 4 MB, parsed by
   * every `check` and `build`): i18n-iso-countries' Node entry registers all ~80 locales (~3 MB),
   * while geo.ts registers the two it uses itself, so the bundle takes the package's core (its
   * `browser` entry); world-atlas' outlines (740 KB of JSON) are read from node_modules the first
   * time a map touches them, through a proxy that stands for the parsed object.
   */
  const lightMapData = {
    name: 'light-map-data',
    setup(build) {
      build.onResolve({ filter: /^i18n-iso-countries$/ }, () => ({ path: path.join(ROOT, 'node_modules', 'i18n-iso-countries', 'index.js') }));
      // zod's ~50 message locales (360 KB) are re-exported by its index; only English is used.
      build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        args.importer.includes(`${path.sep}zod${path.sep}`) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-en' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({ contents: `export { default as en } from './en.js';`, resolveDir: path.dirname(args.path), loader: 'js' }));
      build.onResolve({ filter: /^world-atlas\/[^/]+\.json$/ }, (args) => ({ path: args.path, namespace: 'lazy-json' }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-json' }, (args) => ({
        contents: `import { readFileSync } from 'node:fs';
let data;
const load = () => (data ??= JSON.parse(readFileSync(require.resolve(${JSON.stringify(args.path)}), 'utf8')));
export default new Proxy({}, {
  get: (_, k) => load()[k],
  set: (_, k, v) => ((load()[k] = v), true),
  has: (_, k) => k in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, k) => Reflect.getOwnPropertyDescriptor(load(), k),
});`,
        loader: 'js',
      }));
    },
  };
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    // Chunks keep `dev`, `pdf` and their packages (vite, playwright-core) out of `check` and `build`.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Bundled CommonJS code may call require(); give it Node's.
    banner: { js: "import { createRequire as __deckRequire } from 'node:module'; const require = __deckRequire(import.meta.url);" },
    outdir: OUT,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [lightMapData, bundleSome],
  });
  mkdirSync(OUT, { recursive: true });
  // Names carry content hashes: an existing file already holds these bytes.
  for (const f of result.outputFiles) if (!existsSync(f.path)) writeAtomic(f.path, f.contents);
  // Chunks that main.ts imports dynamically are entry points too: pick main.ts's own.
  const entryOut = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === 'src/cli/main.ts')[0];
  // Bundled packages change only with the lock file; tsconfig.json and this file decide how to bundle.
  const inputs = Object.keys(result.metafile.inputs)
    // Modules made by a plugin (namespace:path) have no file of their own to watch.
    .filter((p) => !/^[\w-]+:/.test(p))
    .map((p) => path.relative(ROOT, path.resolve(ROOT, p)))
    .filter((p) => !p.startsWith('node_modules'))
    .concat('package-lock.json', 'tsconfig.json', path.relative(ROOT, fileURLToPath(import.meta.url)));
  writeAtomic(MANIFEST, JSON.stringify({ root: ROOT, entry: path.basename(entryOut), builtAt, inputs }));
  prune(new Set(result.outputFiles.map((f) => path.basename(f.path))));
  return path.join(OUT, path.basename(entryOut));
}

/**
 * Removes files of earlier bundles. Only those older than a minute: a run that started from an
 * earlier bundle may still be loading its lazy chunks (they load within its first second).
 */
function prune(keep) {
  const minuteAgo = Date.now() - 60 * 1000;
  for (const name of readdirSync(OUT)) {
    const file = path.join(OUT, name);
    if (name === 'manifest.json' || keep.has(name)) continue;
    try {
      if (statSync(file).mtimeMs < minuteAgo) rmSync(file, { force: true });
    } catch {
      // Pruned by a concurrent run.
    }
  }
}

let entry = freshEntry();
if (!entry) {
  try {
    entry = await rebuild();
  } catch (e) {
    // A syntax error in src/: show esbuild's located messages, as tsx would.
    const errors = e && Array.isArray(e.errors) ? e.errors : [];
    for (const m of errors) {
      const loc = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : '';
      process.stderr.write(`${loc}error: ${m.text}\n`);
    }
    if (errors.length === 0) process.stderr.write(`could not bundle src/cli/main.ts: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
await import(pathToFileURL(entry).href);
