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

/** The bundle's entry file (and the site build's, when there is one) when every source it was built from is unchanged since. */
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
    const siteBuild = m.siteBuild ? path.join(OUT, m.siteBuild) : undefined;
    return { entry, siteBuild: siteBuild && existsSync(siteBuild) ? siteBuild : undefined };
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
  /**
   * The site build of `pdf` (src/node/pipeline/build.ts) once more, as one CommonJS file: its worker
   * thread (src/node/pdf/site-worker.ts) loads it with V8's code cache (src/node/code-cache.ts), which
   * Node 20 has for CommonJS only. The compiler's first run in a process is mostly compiling its code
   * (~0.1 s of CPU here), on the way to the page load. Optional: without it the worker imports build.ts.
   */
  let siteBuild;
  try {
    siteBuild = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: { 'site-build': 'src/node/pipeline/build.ts' },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // import() of packages stays import() (vite, subset-font: loaded only when a cache is stale).
      supported: { 'dynamic-import': true },
      define: { 'import.meta.url': '__deckImportMetaUrl' },
      banner: { js: "const __deckImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      outdir: OUT,
      entryNames: '[name]-[hash]',
      outExtension: { '.js': '.cjs' },
      metafile: true,
      write: false,
      logLevel: 'silent',
      plugins: [lightMapData, bundleSome],
    });
  } catch {
    siteBuild = undefined;
  }
  mkdirSync(OUT, { recursive: true });
  // Names carry content hashes: an existing file already holds these bytes.
  for (const f of [...result.outputFiles, ...(siteBuild?.outputFiles ?? [])]) if (!existsSync(f.path)) writeAtomic(f.path, f.contents);
  // Chunks that main.ts imports dynamically are entry points too: pick main.ts's own.
  const entryOut = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === 'src/cli/main.ts')[0];
  // Bundled packages change only with the lock file; tsconfig.json and this file decide how to bundle.
  const inputs = [...new Set([...Object.keys(result.metafile.inputs), ...Object.keys(siteBuild?.metafile.inputs ?? {})])]
    // Modules made by a plugin (namespace:path) have no file of their own to watch.
    .filter((p) => !/^[\w-]+:/.test(p))
    .map((p) => path.relative(ROOT, path.resolve(ROOT, p)))
    .filter((p) => !p.startsWith('node_modules'))
    .concat('package-lock.json', 'tsconfig.json', path.relative(ROOT, fileURLToPath(import.meta.url)));
  const siteBuildFile = siteBuild?.outputFiles.find((f) => f.path.endsWith('.cjs'));
  writeAtomic(MANIFEST, JSON.stringify({ root: ROOT, entry: path.basename(entryOut), ...(siteBuildFile ? { siteBuild: path.basename(siteBuildFile.path) } : {}), builtAt, inputs }));
  prune(new Set([...result.outputFiles, ...(siteBuild?.outputFiles ?? [])].map((f) => path.basename(f.path))));
  return { entry: path.join(OUT, path.basename(entryOut)), siteBuild: siteBuildFile?.path };
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
  // The code caches of earlier site builds (site-worker.ts names them after the file).
  const v8 = path.join(ROOT, '.cache', 'v8');
  for (const name of existsSync(v8) ? readdirSync(v8) : []) {
    const of = /^(site-build-\w+\.cjs)-/.exec(name)?.[1];
    if (!of || keep.has(of)) continue;
    try {
      if (statSync(path.join(v8, name)).mtimeMs < minuteAgo) rmSync(path.join(v8, name), { force: true });
    } catch {
      // Pruned by a concurrent run.
    }
  }
}

globalThis.__mark = (n) => process.env.DECK_TRACE && process.stderr.write(`T ${(performance.timeOrigin + performance.now()).toFixed(1)} main cpu ${((process.cpuUsage().user + process.cpuUsage().system) / 1000).toFixed(0)} ${n}\n`);
if (process.env.DECK_TRACE) process.stderr.write(`T ${performance.timeOrigin.toFixed(1)} main cpu 0 process start\n`);
__mark('cli.mjs start');
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
__mark('entry found');
// For `pdf`'s site worker (src/node/pdf/site-worker.ts).
if (entry.siteBuild) globalThis.__deckSiteBuild = entry.siteBuild;
await import(pathToFileURL(entry.entry).href);
