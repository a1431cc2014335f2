import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { exportPdfs, type PartialExportResult } from '../src/node/pdf/export.ts';
import { browser } from './helpers/browser.ts';
import { BASIC_PRINT, GLOSSARY_PRINT, printedFixture } from './helpers/printed.ts';
import { buildFixture } from './helpers/site.ts';

/*
 * A long deck prints in parts (slides.pdf and handout.pdf) that are joined into one PDF
 * (src/node/pdf/batches.ts, join.ts). Forced here on small fixture decks (parts of 2 pages, the
 * slides fitted in parts of 2 too): the joined PDFs must read as the one-piece prints do — pages,
 * text, word positions, fonts, structure tree, bookmarks, metadata — in poppler's and qpdf's eyes,
 * which share no code with the joiner.
 */

const FIXTURE = path.resolve('tests/fixtures/basic');
const tool = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });

/** Fonts embedded in the file (pdffonts lists each below two header lines). */
const fontCount = (file: string): number => tool('pdffonts', [file]).trim().split('\n').length - 2;

let whole: PartialExportResult;
let parts: PartialExportResult;
let glossaryWhole: PartialExportResult;
let glossaryParts: PartialExportResult;

beforeAll(async () => {
  const site = await buildFixture('basic', 'pdf-batch');
  await site.close();
  const b = await browser();
  const out = (name: string): string => mkdtempSync(path.join(inject('tmpDir'), `pdf-batch-${name}-`));
  // The one-piece prints are the run's shared ones (helpers/printed.ts: other files read them too).
  whole = await printedFixture('basic', BASIC_PRINT);
  parts = await exportPdfs({ deckDir: FIXTURE, outDir: out('parts'), reuseBuild: site.dir, only: ['slides', 'handout'], handout: 1, browser: b, printBatch: 2 });
  // A handout with appendix pages after the slides' (the glossary), 2 slides per sheet.
  glossaryWhole = await printedFixture('glossary', GLOSSARY_PRINT);
  const glossary = await buildFixture('glossary', 'pdf-batch');
  await glossary.close();
  const deckDir = path.resolve('tests/fixtures/glossary');
  glossaryParts = await exportPdfs({ deckDir, outDir: out('g-parts'), reuseBuild: glossary.dir, only: ['handout'], browser: b, printBatch: 2 });
});

describe('slides.pdf printed in parts', () => {
  it('is one sound document with the pages of the one-piece print, in order, with the same text', () => {
    const a = whole.files.slides!;
    const b = parts.files.slides!;
    // More than two parts: the join of a middle part is exercised too.
    expect(whole.pages.slides).toBeGreaterThan(4);
    expect(parts.pages.slides).toBe(whole.pages.slides);
    expect(tool('qpdf', ['--check', b])).toMatch(/No syntax or stream encoding errors/);
    const info = (f: string): string => tool('pdfinfo', [f]).replace(/^(CreationDate|ModDate|File size):.*\n/gm, '');
    expect(info(b)).toBe(info(a));
    expect(info(b)).toMatch(/Tagged:\s+yes/);
    for (const mode of [[], ['-raw']]) expect(tool('pdftotext', ['-enc', 'UTF-8', ...mode, b, '-'])).toBe(tool('pdftotext', ['-enc', 'UTF-8', ...mode, a, '-']));
    // Every word at the same place and size: the slides were fitted (grown to fill the slide) in
    // parts too, each as in one piece.
    const words = (f: string): string => tool('pdftotext', ['-enc', 'UTF-8', '-bbox', f, '-']).replace(/<head>[\s\S]*<\/head>/, '');
    expect(words(b)).toBe(words(a));
  });

  it('has one structure tree, the same as the one-piece print, and every font a CID TrueType font', () => {
    const a = whole.files.slides!;
    const b = parts.files.slides!;
    const tree = tool('pdfinfo', ['-struct-text', b]);
    expect(tree.match(/^Document$/gm)).toHaveLength(1);
    expect(tree).toBe(tool('pdfinfo', ['-struct-text', a]));
    const fonts = tool('pdffonts', [b]);
    expect(fonts).not.toMatch(/Type 3/);
    expect(fonts).toMatch(/CID TrueType/);
    // Each part embeds its own font subsets: more fonts than the one-piece print shows that it was
    // printed in parts at all.
    expect(fontCount(b)).toBeGreaterThan(fontCount(a));
  });

  it('has the same bookmarks, each at its page', () => {
    const outline = (f: string): string[] => [...tool('pdftohtml', ['-xml', '-i', '-q', '-stdout', f]).matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(outline(parts.files.slides!)).toEqual(outline(whole.files.slides!));
    expect(parts.bookmarks).toBe(whole.bookmarks);
  });
});

describe('handout.pdf printed in parts', () => {
  it.each([
    ['one slide per page', () => [whole, parts] as const],
    ['two per page, then the glossary', () => [glossaryWhole, glossaryParts] as const],
  ])('%s: the pages, text, structure and bookmarks of the one-piece print', (_name, get) => {
    const [w, p] = get();
    const a = w.files.handout!;
    const b = p.files.handout!;
    expect(p.pages.handout).toBe(w.pages.handout);
    expect(p.pages.handout).toBeGreaterThan(2);
    expect(tool('qpdf', ['--check', b])).toMatch(/No syntax or stream encoding errors/);
    expect(tool('pdftotext', ['-enc', 'UTF-8', '-layout', b, '-'])).toBe(tool('pdftotext', ['-enc', 'UTF-8', '-layout', a, '-']));
    // Table header cells have IDs (Chromium's node numbers, which differ between two prints) that
    // data cells name in /Headers: the same tree but for those numbers, and every name an ID there.
    const tree = tool('pdfinfo', ['-struct-text', b]);
    const nodeless = (t: string): string => t.replace(/node\d+/g, 'node');
    expect(nodeless(tree)).toBe(nodeless(tool('pdfinfo', ['-struct-text', a])));
    const ids = new Set([...tree.matchAll(/ <(node\d+)>:/g)].map((m) => m[1]));
    for (const m of tree.matchAll(/\/Headers \[([^\]]*)\]/g)) for (const id of m[1]!.match(/node\d+/g) ?? []) expect(ids).toContain(id);
    expect(tool('pdffonts', [b])).not.toMatch(/Type 3/);
    expect(fontCount(b)).toBeGreaterThan(fontCount(a));
    expect(p.bookmarks).toBe(w.bookmarks);
  });
});
