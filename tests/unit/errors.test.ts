import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/node/pipeline/build.ts';
import { checkDeck } from '../../src/node/pipeline/check.ts';
import { UserError } from '../../src/node/user-error.ts';
import { compile, type DeckSource } from '../../src/deck/compile.ts';
import { capture } from '../helpers/capture.ts';
import { memoryDeck } from '../helpers/memory-deck.ts';

const FIXTURES = 'tests/fixtures';
/** This file's scratch folder (a unit test: no global setup, so no shared tmpDir). */
const TMP = mkdtempSync(path.join(os.tmpdir(), 'lecture-deck-errors-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

interface Case {
  fixture: string;
  /** `file:line:col` of the first diagnostic, relative to the fixture. */
  at: string;
  severity: 'error' | 'warning';
  message: string;
  /** A substring of its hint. */
  hint: string;
  /** How many diagnostics the deck yields in all (default 1: no follow-on noise). */
  count?: number;
}

/** Each broken fixture → where its problem is and what the author is told. */
const CASES: Case[] = [
  { fixture: 'broken-yaml-deck', at: 'deck.yaml:6:23', severity: 'error', message: 'invalid YAML', hint: 'must be quoted' },
  { fixture: 'broken-yaml-frontmatter', at: 'b.md:3:8', severity: 'error', message: 'invalid YAML', hint: 'must be quoted' },
  { fixture: 'broken-tab-indent', at: 'deck.yaml:5:1', severity: 'error', message: 'invalid YAML: Tabs are not allowed', hint: 'use spaces' },
  // The second diagnostic ("phase "two" has no sections") is the likely typo's other half.
  { fixture: 'broken-unknown-phase', at: 'b.md:3:1', severity: 'error', message: 'unknown phase "three"', hint: 'one, two', count: 2 },
  { fixture: 'broken-missing-phase', at: 'b.md:2:1', severity: 'error', message: 'missing required key "phase"', hint: 'phase: <id>' },
  { fixture: 'broken-duplicate-phase', at: 'deck.yaml:7:5', severity: 'error', message: 'duplicate phase id "one"', hint: 'its own id' },
  { fixture: 'broken-missing-section', at: 'deck.yaml:10:5', severity: 'error', message: 'section file "c.md" not found', hint: 'create the file' },
  { fixture: 'broken-unlisted-section', at: 'c-draft.md:1:1', severity: 'warning', message: 'not listed in deck.yaml', hint: 'add "c-draft.md" to sections' },
  { fixture: 'broken-invalid-color', at: 'deck.yaml:11:12', severity: 'error', message: 'phases.1.color: not a valid CSS color', hint: '"#c2410c"' },
  { fixture: 'broken-missing-image', at: 'b.md:13:1', severity: 'error', message: 'image "europe-map.png" not found', hint: 'assets/' },
  { fixture: 'broken-shift-jis', at: 'b.md:4:4', severity: 'error', message: 'file is not UTF-8 (it looks like Shift_JIS)', hint: 'save the file as UTF-8' },
  { fixture: 'broken-utf16', at: 'b.md:1:1', severity: 'error', message: 'file is not UTF-8 (it is UTF-16', hint: 'save the file as UTF-8' },
  { fixture: 'broken-fullwidth-colon', at: 'b.md:2:6', severity: 'error', message: 'full-width colon', hint: 'half-width colon' },
  { fixture: 'broken-empty-deck', at: 'deck.yaml:1:1', severity: 'error', message: 'deck.yaml is empty', hint: 'title, duration, phases and sections' },
  { fixture: 'broken-no-deck-yaml', at: 'deck.yaml:1:1', severity: 'error', message: 'deck.yaml not found', hint: 'create deck.yaml' },
  { fixture: 'broken-no-slides', at: 'b.md:4:1', severity: 'error', message: 'section has no slides', hint: 'write at least one slide' },
  { fixture: 'broken-unclosed-fence', at: 'b.md:6:1', severity: 'error', message: 'code fence ``` is never closed', hint: 'close it with a line holding only ```' },
  { fixture: 'broken-note-without-content', at: 'b.md:9:1', severity: 'error', message: 'slide has speaker notes but no content', hint: 'above the Note: line' },
  { fixture: 'broken-minutes-mismatch', at: 'deck.yaml:3:1', severity: 'warning', message: 'phase minutes add up to 10, but duration is 50', hint: 'add up to duration' },
  { fixture: 'broken-title-number', at: 'deck.yaml:1:8', severity: 'error', message: 'title: expected text (a string), got a number (123)', hint: 'quote it' },
  { fixture: 'broken-title-list', at: 'deck.yaml:2:8', severity: 'error', message: 'title: expected text (a string), got a list', hint: 'quote it' },
  { fixture: 'broken-slide-attr', at: 'b.md:9:1', severity: 'error', message: 'slide attribute "onload" is not allowed', hint: 'event handlers and style are refused' },
  // Quiz and activity slides (issue 12).
  { fixture: 'broken-quiz-no-correct', at: 'b.md:6:1', severity: 'error', message: 'a quiz with no correct choice', hint: 'with [x]' },
  { fixture: 'broken-quiz-one-choice', at: 'b.md:6:1', severity: 'error', message: 'a quiz needs at least 2 choices (found 1)', hint: '- [ ] wrong' },
  { fixture: 'broken-quiz-two-quizzes', at: 'b.md:10:1', severity: 'error', message: 'a second quiz on one slide', hint: 'its own slide' },
  { fixture: 'broken-answer-unclosed', at: 'b.md:10:1', severity: 'error', message: '::: answer is never closed', hint: 'a line holding only :::' },
  { fixture: 'broken-activity-minutes', at: 'b.md:9:29', severity: 'error', message: 'data-activity="45" is not a number of minutes from 1 to 30', hint: 'data-activity="3"' },
  { fixture: 'broken-answer-stray', at: 'b.md:8:1', severity: 'warning', message: 'neither a quiz nor an activity', hint: 'data-activity' },
  { fixture: 'broken-unknown-key', at: 'deck.yaml:3:1', severity: 'error', message: 'unknown key "duraton"', hint: 'did you mean "duration"?' },
];

const DIAG = /^(\S.*?):(\d+):(\d+): (error|warning): (.*)$/;

/** Diagnostics as printed: `path:line:col: severity: message` each followed by its `    hint:` line. */
function parseReport(stderr: string): Array<{ at: string; severity: string; message: string; hint?: string }> {
  const lines = stderr.split('\n');
  const out: Array<{ at: string; severity: string; message: string; hint?: string }> = [];
  lines.forEach((line, i) => {
    const m = DIAG.exec(line);
    if (!m) return;
    const hint = /^ {4}hint: (.*)$/.exec(lines[i + 1] ?? '')?.[1];
    out.push({ at: `${m[1]}:${m[2]}:${m[3]}`, severity: m[4]!, message: m[5]!, hint });
  });
  return out;
}

function expectReport(stderr: string, c: Case): void {
  const report = parseReport(stderr);
  expect(report.length, stderr).toBe(c.count ?? 1);
  const first = report[0]!;
  expect(first.at).toBe(`${FIXTURES}/${c.fixture}/${c.at}`);
  expect(first.severity).toBe(c.severity);
  expect(first.message).toContain(c.message);
  expect(first.hint).toContain(c.hint);
  // Every diagnostic says how to fix it, and nothing looks like a crash.
  for (const d of report) expect(d.hint).toBeTruthy();
  expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(stderr).not.toMatch(/TypeError|ReferenceError|unexpected error/);
  const errors = report.filter((d) => d.severity === 'error').length;
  expect(stderr).toContain(`${errors} error${errors === 1 ? '' : 's'}, ${report.length - errors} warning`);
}

/** An earlier build (its index.html embeds the model), plus a file that must survive a failed build. */
const PREVIOUS = '<!doctype html><script type="application/json" id="deck-data">{}</script>previous build';
function previousOutput(name: string): string {
  const out = path.join(TMP, name);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'index.html'), PREVIOUS);
  writeFileSync(path.join(out, 'marker.txt'), 'keep me');
  return out;
}

function expectUntouched(out: string): void {
  expect(readFileSync(path.join(out, 'marker.txt'), 'utf8')).toBe('keep me');
  expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe(PREVIOUS);
  // No half-written temporary folder is left beside it.
  expect(readdirSync(path.dirname(out)).filter((f) => f.startsWith(path.basename(out) + '.'))).toEqual([]);
}

describe('broken decks: check and build report the exact file and line, and keep the old output', () => {
  it('covers at least 15 decks that fail', () => {
    expect(CASES.filter((c) => c.severity === 'error').length).toBeGreaterThanOrEqual(15);
    const onDisk = readdirSync(FIXTURES).filter((f) => f.startsWith('broken-'));
    expect(onDisk.sort()).toEqual(CASES.map((c) => c.fixture).sort());
  });

  it.each(CASES)('$fixture → $at: $message', async (c) => {
    const deck = path.join(FIXTURES, c.fixture);
    const check = await capture(() => checkDeck(deck));
    expectReport(check.stderr, c);
    if (c.severity === 'warning') {
      expect(check.error).toBeUndefined();
      expect(check.value?.slides.length).toBeGreaterThan(0);
      return;
    }
    expect(check.error).toBeInstanceOf(UserError);

    const out = previousOutput(c.fixture);
    const build = await capture(() => buildSite(deck, out));
    expect(build.error).toBeInstanceOf(UserError);
    expectReport(build.stderr, c);
    expectUntouched(out);
  });
});

describe('the build never deletes what it did not make', () => {
  const basic = path.join(FIXTURES, 'basic');
  /** The basic deck outside the working folder, so that only `--out .` is at stake. */
  const elsewhere = (): string => {
    const dir = path.join(TMP, 'deck-elsewhere');
    cpSync(basic, dir, { recursive: true });
    return dir;
  };
  // [what --out is, the folder, the message, a file in it that must survive, the deck to build]
  const cases: Array<[label: string, out: () => string, message: RegExp, keep: string, deck?: () => string]> = [
    ['the deck folder itself', () => basic, /^--out tests\/fixtures\/basic is or contains the deck folder/, 'deck.yaml'],
    ['a parent of the deck folder', () => FIXTURES, /^--out tests\/fixtures is or contains the deck folder/, 'basic/a.md'],
    ['the current folder', () => '.', /^--out \. is or contains the current folder/, 'package.json', elsewhere],
    [
      'a folder with other files',
      () => {
        const dir = path.join(TMP, 'documents');
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'lesson-plan.docx'), 'precious');
        return dir;
      },
      /already holds other files \(lesson-plan\.docx\).*\n {4}hint: choose a new or empty folder/,
      'lesson-plan.docx',
    ],
  ];
  it.each(cases)('--out %s is refused and left as it was', async (_label, dir, message, keep, deck) => {
    const out = dir();
    const before = readFileSync(path.join(out, keep));
    const r = await capture(() => buildSite(deck ? deck() : basic, out));
    expect(r.error).toBeInstanceOf(UserError);
    expect((r.error as Error).message).toMatch(message);
    expect(readFileSync(path.join(out, keep))).toEqual(before);
    expect(readdirSync(path.dirname(path.resolve(out))).filter((f) => f.startsWith(path.basename(path.resolve(out)) + '.tmp-'))).toEqual([]);
  });

  it('replaces an earlier build', async () => {
    const out = previousOutput('replace');
    const r = await capture(() => buildSite(basic, out));
    expect(r.error).toBeUndefined();
    expect(existsSync(path.join(out, 'marker.txt'))).toBe(false);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('<section');
  });
});

describe('the build keeps going on warnings', () => {
  it('a warning alone still builds, replacing the earlier build', async () => {
    const out = previousOutput('warning-only');
    const r = await capture(() => buildSite(path.join(FIXTURES, 'broken-minutes-mismatch'), out));
    expect(r.error).toBeUndefined();
    expectReport(r.stderr, CASES.find((c) => c.fixture === 'broken-minutes-mismatch')!);
    expect(existsSync(path.join(out, 'marker.txt'))).toBe(false);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('<section');
  });
});

/**
 * The real entry (npm → scripts/cli.mjs → src/cli/main.ts) in a child process, as a teacher runs
 * it: exit codes and what reaches the terminal. Few on purpose; everything the commands report is
 * tested in-process above. npm itself once (`npm run check`: its exit code and stderr come through
 * npm); the others run the entry npm runs (package.json's scripts: `node scripts/cli.mjs <command>`)
 * without npm's own start-up (~0.4 s of CPU each).
 */
describe('the real commands', () => {
  const run = promisify(execFile);
  const result = async (command: string, args: string[]): Promise<{ code: number; stderr: string; stdout: string }> => {
    try {
      const r = await run(command, args, { encoding: 'utf8' });
      return { code: 0, ...r };
    } catch (e) {
      const err = e as { code: number; stderr: string; stdout: string };
      return { code: err.code, stderr: err.stderr, stdout: err.stdout };
    }
  };
  const npm = (args: string[]) => result('npm', ['run', ...args]);
  const cli = (args: string[]) => result(process.execPath, ['scripts/cli.mjs', ...args]);

  it('npm run check and the build exit 1 on a broken deck, with no stack trace, and leave the output alone', async () => {
    const fixture = 'broken-shift-jis';
    const deck = path.join(FIXTURES, fixture);
    const out = previousOutput(`cli-${fixture}`);
    const [check, build] = await Promise.all([npm(['check', '--', '--deck', deck]), cli(['build', '--deck', deck, '--out', out])]);
    for (const r of [check, build]) {
      expect(r.code, r.stderr).toBe(1);
      expectReport(r.stderr, CASES.find((c) => c.fixture === fixture)!);
    }
    expect(build.stdout).not.toContain('built');
    expectUntouched(out);
  });

  it('a deck folder that does not exist is one clear line', async () => {
    const r = await cli(['check', '--deck', 'no/such/deck']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^deck folder not found: .*no\/such\/deck\n {4}hint: pass --deck/);
  });
});

describe('mangled input never crashes the compiler', () => {
  const base = path.join(FIXTURES, 'basic');
  const files = Object.fromEntries(readdirSync(base).map((f) => [f, readFileSync(path.join(base, f), 'utf8')]));
  const lineCount = (s: string) => s.split('\n').length;

  /** Compiles and checks every diagnostic points inside a file that exists. */
  const expectSane = (deck: Record<string, string>, label: string): void => {
    const source: DeckSource = memoryDeck(deck);
    let result: ReturnType<typeof compile> | undefined;
    expect(() => (result = compile(source)), label).not.toThrow();
    for (const d of result!.diagnostics) {
      const text = deck[d.file];
      if (d.message.endsWith('not found') && d.file === 'deck.yaml' && text === undefined) continue;
      expect(text, `${label}: ${d.file}:${d.line} ${d.message}`).toBeDefined();
      expect(d.line, `${label}: ${d.file}:${d.line} ${d.message}`).toBeGreaterThanOrEqual(1);
      expect(d.line, `${label}: ${d.file}:${d.line} ${d.message}`).toBeLessThanOrEqual(lineCount(text!));
      expect(d.hint, `${label}: ${d.message}`).toBeTruthy();
    }
  };

  it('survives every file cut short at every line and mid-line', () => {
    for (const [name, text] of Object.entries(files)) {
      for (let cut = 0; cut < text.length; cut += 3) expectSane({ ...files, [name]: text.slice(0, cut) }, `${name} cut at ${cut}`);
    }
  });

  it('survives characters that mean something in YAML or Markdown dropped anywhere', () => {
    // A small deterministic PRNG, so a failure reproduces.
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const specials = [':', '-', '---\n', '"', "'", '{', '[', '\t', '#', '`', '```', '%', '&', '\u0000', '\\', '：', '|', '>', '!', '<!-- .slide: -->', 'Note:\n', '\n'];
    for (let i = 0; i < 400; i++) {
      const name = Object.keys(files)[rand(Object.keys(files).length)]!;
      const text = files[name]!;
      const at = rand(text.length);
      const mangled = text.slice(0, at) + specials[rand(specials.length)] + text.slice(at + rand(3));
      expectSane({ ...files, [name]: mangled }, `${name} #${i}`);
    }
  });
});
