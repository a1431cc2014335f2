import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../src/vite/project-root.ts';
import { sourceFiles } from '../helpers/imports.ts';

/**
 * `npm run build/check/pdf/dev` run a plain esbuild bundle of src/cli (scripts/cli.mjs) kept in
 * .cache/cli/ in the checkout. Code in a bundle has the bundle's `import.meta.url`, so
 * src/ must not compute paths from it, except through findProjectRoot. A module may name itself
 * (`new URL(import.meta.url)`: the pdf command's site worker runs the CLI's entry module again),
 * which is the same file in the bundle as in the sources.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TMP = mkdtempSync(path.join(os.tmpdir(), 'lecture-deck-cli-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe('the CLI bundle', () => {
  it('src/ (outside the client, which vite bundles) reads import.meta.url only in project-root.ts and for createRequire', () => {
    const uses = sourceFiles(ROOT, 'src')
      .filter((f) => !f.startsWith('src/client/') && f !== 'src/vite/project-root.ts')
      .flatMap((f) =>
        readFileSync(path.join(ROOT, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ at: `${f}:${i + 1}`, line }))
          .filter(({ line }) => /import\.meta\.(url|dirname|filename)/.test(line.replace(/(createRequire|new URL)\(import\.meta\.url\)/g, ''))),
      )
      .map((u) => u.at);
    expect(uses).toEqual([]);
  });

  it('finds the checkout from the sources and from the bundle folder alike', () => {
    expect(findProjectRoot(path.join(ROOT, 'src', 'vite'))).toBe(ROOT);
    expect(findProjectRoot(path.join(ROOT, '.cache', 'cli'))).toBe(ROOT);
    // Another package's package.json on the way up is skipped.
    expect(findProjectRoot(path.join(ROOT, 'node_modules', 'vite', 'dist'))).toBe(ROOT);
  });

  it('builds a deck through the real entry (node scripts/cli.mjs build)', async () => {
    const out = path.join(TMP, 'site');
    const r = await promisify(execFile)(process.execPath, ['scripts/cli.mjs', 'build', '--deck', 'tests/fixtures/basic', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toMatch(/^built 6 slides into .* in \d+ ms\n$/);
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('最初のスライド');
    // The deck font came through (its files are found from the project root).
    expect(html).toMatch(/\.woff2/);
  });
});
