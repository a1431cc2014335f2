import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { clientCharacters } from '../../vite/fonts.ts';
import { PROJECT_ROOT } from '../../vite/project-root.ts';

/**
 * The browser code is the same for every deck: it is built with vite once per checkout and kept in
 * `.cache/client/<key>/` (git-ignored), and a deck build only copies it (src/node/pipeline/site.ts).
 * The key hashes everything the client build reads, so an edit of a client source, a style, the
 * page shell, the vite configuration or the installed packages gives a new key and a rebuild.
 */

export const CLIENT_CACHE_DIR = path.join(PROJECT_ROOT, '.cache', 'client');

/** Bump when the cached folder's layout or the way it is used changes. */
const FORMAT = '2';

/** Folders and files the client build is made from (relative to the checkout). */
const INPUT_DIRS = ['src/client', 'src/shared', 'src/types'];
const INPUT_FILES = [
  'index.html',
  'package-lock.json',
  // The client imports the model's types; src/vite/config.ts holds the client build's configuration.
  'src/deck/model.ts',
  'src/vite/config.ts',
  // Its plugin rewrites the entry's script tag (async, low priority).
  'src/vite/first-paint.ts',
  // Its plugin moves reveal.css's overlay rules into a stylesheet loaded on demand.
  'src/vite/reveal-overlay.ts',
];

function listFiles(dir: string, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) listFiles(p, out);
    else out.push(p);
  }
}

/**
 * `site`: the built site's browser code (chunks loaded on demand, files beside index.html);
 * `single`: the same code inlined into index.html (vite-plugin-singlefile), for standalone.html.
 */
export type ClientVariant = 'site' | 'single';

/** The hash of the client build's inputs (names and contents): its folder name in the cache. */
export function clientKey(variant: ClientVariant = 'site', root = PROJECT_ROOT): string {
  const files: string[] = [];
  for (const d of INPUT_DIRS) listFiles(path.join(root, d), files);
  for (const f of INPUT_FILES) files.push(path.join(root, f));
  const h = createHash('sha256').update(FORMAT).update('\0').update(variant).update('\0');
  for (const f of files) {
    h.update(path.relative(root, f)).update('\0');
    h.update(existsSync(f) ? readFileSync(f) : '(missing)').update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/** What the cached build holds: its files (relative, `/`-separated) and the page shell. */
export interface ClientBuild {
  dir: string;
  files: string[];
  /** The built index.html: vite's script and stylesheet tags, the `<!--deck:…-->` placeholders kept. */
  shell: string;
  /** The entry's stylesheet (`assets/index-….css`), after which the deck's own stylesheet goes; none when inlined. */
  entryCss?: string;
  /** Non-ASCII characters of the client's UI strings (fonts.ts clientCharacters), kept in every font subset. */
  uiCharacters: string;
}

const MANIFEST = 'client.json';

function readBuild(dir: string): ClientBuild | undefined {
  try {
    const m = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Omit<ClientBuild, 'dir' | 'shell'>;
    return { ...m, dir, shell: readFileSync(path.join(dir, 'index.html'), 'utf8') };
  } catch {
    return undefined;
  }
}

/** In this process: one build per key at a time, however many decks are built concurrently. */
const pending = new Map<string, Promise<ClientBuild>>();

/**
 * The client build for the checkout as it is now: the cached one, or a new one made with vite
 * (loaded only then, ~0.3 s of module loading; by one process at a time, buildOnce) and moved into
 * the cache in one rename, so that concurrent builds (test workers, other processes) never see a
 * half-written folder.
 */
export function cachedClient(variant: ClientVariant = 'site'): Promise<ClientBuild> {
  const key = `${variant}-${clientKey(variant)}`;
  const dir = path.join(CLIENT_CACHE_DIR, key);
  const ready = readBuild(dir);
  if (ready) {
    // Marks it used: pruning keeps the most recently used builds.
    try {
      utimesSync(dir, new Date(), new Date());
    } catch {
      // Pruned meanwhile by another checkout's process: the files were read already.
    }
    return Promise.resolve(ready);
  }
  let p = pending.get(key);
  if (!p) {
    p = buildOnce(dir, variant).finally(() => pending.delete(key));
    pending.set(key, p);
  }
  return p;
}

/** A lock older than this is taken over whoever holds it (a build takes seconds). */
const LOCK_STALE_MS = 5 * 60_000;

/**
 * One process builds a key at a time: the others wait for its folder rather than running vite
 * too (two decks built at once on a cold cache made two identical client builds, ~2 s of CPU
 * each). The lock is a folder (mkdir is atomic) holding its owner's pid; a lock whose owner is
 * gone (killed mid-build) or that is older than LOCK_STALE_MS is taken over.
 */
async function buildOnce(dir: string, variant: ClientVariant): Promise<ClientBuild> {
  const lock = `${dir}.lock`;
  mkdirSync(CLIENT_CACHE_DIR, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
    } catch {
      const theirs = readBuild(dir);
      if (theirs) return theirs;
      if (lockAbandoned(lock)) rmSync(lock, { recursive: true, force: true });
      else await sleep(100);
      continue;
    }
    try {
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      // Built by another process between our look and our lock.
      return readBuild(dir) ?? (await buildClient(dir, variant));
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

function lockAbandoned(lock: string): boolean {
  let at: number;
  try {
    at = statSync(lock).mtimeMs;
  } catch {
    return false; // released just now: take it on the next turn
  }
  if (Date.now() - at > LOCK_STALE_MS) return true;
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    // Made but its pid not written yet, or a writer that died right after mkdir: wait a little.
    return Date.now() - at > 10_000;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function buildClient(dir: string, variant: ClientVariant): Promise<ClientBuild> {
  const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    const [{ build }, { clientViteConfig }] = await Promise.all([import('vite'), import('../../vite/config.ts')]);
    const config = clientViteConfig(tmp);
    if (variant === 'single') {
      const { viteSingleFile } = await import('vite-plugin-singlefile');
      config.plugins = [...(config.plugins ?? []), viteSingleFile()];
    }
    await build(config);
    const files: string[] = [];
    listFiles(tmp, files);
    const rel = files.map((f) => path.relative(tmp, f).split(path.sep).join('/')).sort();
    const shell = readFileSync(path.join(tmp, 'index.html'), 'utf8');
    // The site assembly fills the shell by its first <html, <body, </head> and placeholder comments:
    // inlined code must not hold look-alikes.
    for (const mark of ['<!--deck:head-->', '<!--deck:slides-->', '<!--deck:data-->', '</head>', '<body', '<title>']) {
      if (shell.split(mark).length !== 2) throw new Error(`the client build's index.html holds ${mark} ${shell.split(mark).length - 1} times, not once`);
    }
    const entryCss = /<link rel="stylesheet"[^>]*href="\.\/(assets\/[^"]+\.css)"/.exec(shell)?.[1];
    if (variant === 'site' && !entryCss) throw new Error('the client build has no stylesheet linked from index.html');
    // Read with the sources the key was made from (walking src/client per build cost ~20 ms).
    const uiCharacters = clientCharacters(path.join(PROJECT_ROOT, 'src', 'client'));
    writeFileSync(path.join(tmp, MANIFEST), JSON.stringify({ files: rel, entryCss, uiCharacters } satisfies Omit<ClientBuild, 'dir' | 'shell'>));
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another process finished the same build first: use its folder (same inputs, same files).
      const theirs = readBuild(dir);
      if (!theirs) throw e;
      rmSync(tmp, { recursive: true, force: true });
      return theirs;
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  prune(4);
  const built = readBuild(dir);
  if (!built) throw new Error(`the client build in ${dir} could not be read back`);
  return built;
}

/**
 * Keeps the `keep` most recently used builds. Only folders unused for a minute go: a concurrent
 * build may be copying from an older one (a checkout edited while its tests run).
 */
function prune(keep: number): void {
  mkdirSync(CLIENT_CACHE_DIR, { recursive: true });
  const minuteAgo = Date.now() - 60_000;
  const entries = readdirSync(CLIENT_CACHE_DIR)
    .map((name) => {
      const p = path.join(CLIENT_CACHE_DIR, name);
      try {
        return { p, name, at: statSync(p).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((e): e is { p: string; name: string; at: number } => e !== undefined)
    .sort((a, b) => b.at - a.at);
  // Temporary folders of crashed builds count too, once old; locks are their holders' (buildOnce).
  const builds = entries.filter((e) => !e.name.endsWith('.lock'));
  for (const { p, at } of builds.slice(keep).concat(builds.filter((e) => e.name.includes('.tmp-')))) {
    if (at < minuteAgo) rmSync(p, { recursive: true, force: true });
  }
}
