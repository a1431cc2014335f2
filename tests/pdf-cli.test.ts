import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { compileDeck } from '../src/deck/compile.ts';
import { readDeckFolder } from '../src/node/deck-files.ts';
import { CHROMIUM_ARGS, PLAYWRIGHT_ARGS } from '../src/node/chromium.ts';
import { suiteBrowser } from './helpers/suite-browser.ts';

/*
 * `npm run pdf` as a teacher runs it: the CLI starts Chromium itself, first thing
 * (src/node/pdf/early-chromium.ts), and ends it with its own process.
 */

const FIXTURE = path.resolve('tests/fixtures/basic');

describe('npm run pdf (the real command)', () => {
  it('starts Chromium with the arguments playwright-core would launch it with', async () => {
    // The worker's Chromium, which suite-browser.ts launched through playwright-core with
    // launchOptions() (launching one more here only to read its command line cost a Chromium start).
    const theirs = (await suiteBrowser()).args
      // Per run (a profile folder) or how the protocol is carried (the pipe: the same in both).
      .filter((a) => !/^--(user-data-dir|remote-debugging-pipe|no-startup-window)/.test(a));
    expect([...PLAYWRIGHT_ARGS, ...CHROMIUM_ARGS]).toEqual(theirs);
  });

  it('prints slides.pdf with bookmarks, then ends its Chromium and removes its temporary folders', async () => {
    const out = mkdtempSync(path.join(inject('tmpDir'), 'pdf-cli-'));
    // A temporary folder of its own: whatever the command leaves there is seen. Short (in the
    // system's, not the run's folder): Chromium puts a Unix socket a few levels below it.
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'ld-cli-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    // As a user runs it: without the test runner's variable (cleanup.ts leaves signals to vitest then).
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
    delete env.VITEST;
    const child = spawn(process.execPath, ['scripts/cli.mjs', 'pdf', '--deck', FIXTURE, '--out', out, '--only', 'slides'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    const deck = compileDeck(readDeckFolder(FIXTURE)).deck;
    const slides = path.join(out, 'pdf', 'slides.pdf');
    expect(stdout).toContain(`slides.pdf: ${deck.slides.length} pages`);
    expect(execFileSync('pdfinfo', [slides], { encoding: 'utf8' })).toMatch(new RegExp(`Pages:\\s+${deck.slides.length}\\n`));
    expect(execFileSync('pdftohtml', ['-xml', '-i', '-q', '-stdout', slides], { encoding: 'utf8' })).toContain('<outline>');
    expect(readdirSync(out).sort()).toEqual(['pdf']);
    // Chromium's profile (which its command line names) is gone, and no Chromium runs with it.
    expect(readdirSync(tmp)).toEqual([]);
    const running = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(tmp));
    expect(running).toEqual([]);
  });

  it("reports a broken deck's errors once (the site builds in a worker thread), exits 1 and writes nothing", async () => {
    const deck = mkdtempSync(path.join(inject('tmpDir'), 'pdf-cli-broken-'));
    cpSync(FIXTURE, deck, { recursive: true });
    writeFileSync(path.join(deck, 'b.md'), readFileSync(path.join(deck, 'b.md'), 'utf8').replace('phase: two', 'phase: three'));
    const out = path.join(deck, '..', `${path.basename(deck)}-out`);
    const child = spawn(process.execPath, ['scripts/cli.mjs', 'pdf', '--deck', deck, '--out', out, '--only', 'slides'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    const lines = stderr.split('\n').filter((l) => /error|warning/.test(l));
    expect(lines.filter((l) => l.endsWith('error: unknown phase "three"'))).toHaveLength(1);
    expect(lines.at(-1)).toBe('2 errors, 0 warnings');
    expect(() => readdirSync(out)).toThrow();
  });
});
