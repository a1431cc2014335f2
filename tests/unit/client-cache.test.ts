import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { clientKey } from '../../src/node/pipeline/client-cache.ts';

/**
 * A deck build copies the browser code from a per-checkout cache (.cache/client/<key>,
 * src/node/pipeline/client-cache.ts) instead of running vite. Tested on a copy of the checkout, so
 * that editing a client source here never disturbs the other test files: the copy runs the real
 * entry (scripts/cli.mjs), which finds its checkout by walking up to our package.json.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TMP = mkdtempSync(path.join(os.tmpdir(), 'lecture-deck-client-cache-'));
const COPY = path.join(TMP, 'checkout');
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

for (const f of ['src', 'scripts', 'index.html', 'package.json', 'package-lock.json', 'tsconfig.json']) {
  cpSync(path.join(ROOT, f), path.join(COPY, f), { recursive: true });
}
symlinkSync(path.join(ROOT, 'node_modules'), path.join(COPY, 'node_modules'), 'dir');
// The copy's CLI bundle (scripts/cli.mjs; `--help` builds it and does nothing else), made once
// here: the two builds started at once below would otherwise both bundle it (~0.5 CPU-s each).
execFileSync(process.execPath, ['scripts/cli.mjs', '--help'], { cwd: COPY, stdio: 'ignore' });

const build = (deck: string, out: string): Promise<{ stdout: string; stderr: string }> =>
  promisify(execFile)(process.execPath, ['scripts/cli.mjs', 'build', '--deck', path.join(ROOT, 'tests/fixtures', deck), '--out', out], { cwd: COPY, encoding: 'utf8' });

const cacheEntries = (): string[] => readdirSync(path.join(COPY, '.cache', 'client')).sort();

/** The text of every script of a built site. */
const scripts = (site: string): string =>
  readdirSync(path.join(site, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(path.join(site, 'assets', f), 'utf8'))
    .join('\n');

describe('the cached client build', () => {
  it('serves two decks built at once from one cold cache, then rebuilds it when a client source changes', async () => {
    // Cold cache, two processes at once: one builds the client, the other waits for it (the
    // cache's lock); both sites are whole.
    const [a, b] = [path.join(TMP, 'basic'), path.join(TMP, 'quiz')];
    const results = await Promise.all([build('basic', a), build('quiz', b)]);
    for (const r of results) expect(r.stdout).toMatch(/^built \d+ slides into .* in \d+ ms\n$/);
    expect(readFileSync(path.join(a, 'index.html'), 'utf8')).toContain('最初のスライド');
    expect(readFileSync(path.join(b, 'index.html'), 'utf8')).toContain('data-quiz');
    for (const site of [a, b]) {
      const html = readFileSync(path.join(site, 'index.html'), 'utf8');
      // Every file the page, the service worker and the page's inline style name is there.
      const named = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
      const sw = readFileSync(path.join(site, 'sw.js'), 'utf8');
      const precached = JSON.parse(/const FILES = (\[.*\]);/.exec(sw)![1]!) as string[];
      const css = /<style\b[^>]*>([\s\S]*?)<\/style>/.exec(html)?.[1];
      expect(css, 'the deck stylesheet is inline').toBeDefined();
      const fonts = [...css!.matchAll(/url\("\.\/([^"]+)"\)/g)].map((m) => m[1]!);
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of [...named, ...precached, ...fonts]) expect(existsSync(path.join(site, f)), f).toBe(true);
      expect(precached).toEqual(expect.arrayContaining([...named, ...fonts, 'index.html', 'manifest.webmanifest', 'icon.svg']));
    }
    const [key] = cacheEntries();
    expect(cacheEntries()).toEqual([key]); // one build kept, no temporary folder left behind

    // A client source changes: the next build makes a new client build and ships the new code.
    const marker = `client-cache-test-${process.pid}`;
    const first = path.join(COPY, 'src', 'client', 'first.ts');
    writeFileSync(first, `${readFileSync(first, 'utf8')}\nconsole.debug(${JSON.stringify(marker)});\n`);
    expect(scripts(a)).not.toContain(marker);
    await build('basic', a);
    expect(scripts(a)).toContain(marker);
    expect(cacheEntries()).toHaveLength(2);
    expect(cacheEntries()).toContain(key);

    // Unchanged since: the build reuses it (no third entry).
    await build('quiz', b);
    expect(scripts(b)).toContain(marker);
    expect(cacheEntries()).toHaveLength(2);

    // Another source change while a build of that key is under way elsewhere (its lock held, by
    // this live process): the build waits for that folder and uses it, seen by a script only the
    // folder put there holds. The change does not compile: had the build run vite, it would fail.
    const current = cacheEntries().find((e) => e !== key)!;
    writeFileSync(first, `${readFileSync(first, 'utf8')}\nconsole.debug("changed again";\n`);
    const next = path.join(COPY, '.cache', 'client', `site-${clientKey('site', COPY)}`);
    mkdirSync(`${next}.lock`);
    writeFileSync(path.join(`${next}.lock`, 'pid'), String(process.pid));
    const waiting = build('basic', a);
    const theirs = `${next}.tmp-elsewhere`;
    cpSync(path.join(COPY, '.cache', 'client', current), theirs, { recursive: true });
    const fake = `client-cache-test-theirs-${process.pid}`;
    const script = readdirSync(path.join(theirs, 'assets')).find((f) => f.endsWith('.js'))!;
    writeFileSync(path.join(theirs, 'assets', script), `${readFileSync(path.join(theirs, 'assets', script), 'utf8')}\nconsole.debug(${JSON.stringify(fake)});\n`);
    renameSync(theirs, next);
    await waiting;
    expect(scripts(a)).toContain(fake);
    rmSync(`${next}.lock`, { recursive: true });
    expect(cacheEntries()).toHaveLength(3);
  }, 180_000);
});
