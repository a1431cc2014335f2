import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { exportPdfs } from '../src/node/pdf/export.ts';
import { browser } from './helpers/browser.ts';
import { buildFixture } from './helpers/site.ts';

/* `npm run pdf -- --only slides|handout|html`: just those outputs, the others untouched. */

const FIXTURE = path.resolve('tests/fixtures/basic');

describe('pdf --only', () => {
  it('prints slides.pdf alone, without the handout or standalone.html, and leaves an old handout as it was', async () => {
    const tmp = mkdtempSync(path.join(inject('tmpDir'), 'pdf-only-'));
    // The basic fixture's one build of the run (pdf.test.ts prints from it too); the export only reads it.
    const site = await buildFixture('basic', 'pdf-only');
    await site.close();
    const old = path.join(tmp, 'pdf', 'handout.pdf');
    await exportPdfs({ deckDir: FIXTURE, outDir: tmp, reuseBuild: site.dir, only: ['handout'], browser: await browser() });
    expect(existsSync(old)).toBe(true);
    expect(existsSync(path.join(tmp, 'pdf', 'slides.pdf'))).toBe(false);
    const before = readFileSync(old);

    const r = await exportPdfs({ deckDir: FIXTURE, outDir: tmp, reuseBuild: site.dir, only: ['slides'], browser: await browser() });
    expect(Object.keys(r.files)).toEqual(['slides']);
    expect(r.pages.slides).toBeGreaterThan(1);
    expect(r.pages.handout).toBeUndefined();
    expect(r.timings.handout).toBe(0);
    expect(readFileSync(r.files.slides!).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(old).equals(before)).toBe(true);
    expect(existsSync(path.join(tmp, 'standalone.html'))).toBe(false);
  });

  it('refuses an unknown output and lists --only in --help', () => {
    const help = spawnSync(process.execPath, ['scripts/cli.mjs', '--help'], { encoding: 'utf8' });
    expect(help.stdout).toMatch(/--only slides\|handout\|html/);
    const bad = spawnSync(process.execPath, ['scripts/cli.mjs', 'pdf', '--deck', FIXTURE, '--out', path.join(inject('tmpDir'), 'pdf-only-bad'), '--only', 'slide'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--only slide: unknown output');
    expect(bad.stderr).toContain('hint: use --only with slides, handout, html');
  });
});
