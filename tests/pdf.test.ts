import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { compileDeck } from '../src/deck/compile.ts';
import type { Deck } from '../src/deck/model.ts';
import { readDeckFolder } from '../src/node/deck-files.ts';
import { exportPdfs, type ExportResult } from '../src/node/pdf/export.ts';
import { progressLine } from '../src/node/pdf/progress.ts';
import { UserError } from '../src/node/user-error.ts';
import { browser, squash } from './helpers/browser.ts';
import { capture } from './helpers/capture.ts';
import { BASIC_PRINT, printedFixture } from './helpers/printed.ts';
import { pdfLib } from './helpers/pdf-lib.ts';

const { PDFDocument, PDFName, PDFString, PDFHexString } = pdfLib;

/*
 * One export of the default deck (its site is the one global-setup built; the run's shared
 * Chromium), read back with poppler's tools, which share no code with the exporter.
 */

const DECK_DIR = path.resolve(process.env.TEST_DECK ?? 'slides');
const FIXTURE = path.resolve('tests/fixtures/basic');
const { deck } = compileDeck(readDeckFolder(DECK_DIR));
const N = deck.slides.length;

const tool = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
/** Text of each page (pdftotext separates pages with form feeds); `raw`: in drawing order, not by
 * position (handout notes beside a thumbnail would otherwise interleave with the slide's lines). */
const pageTexts = (file: string, raw = false): string[] => tool('pdftotext', ['-enc', 'UTF-8', ...(raw ? ['-raw'] : []), file, '-']).split('\f').slice(0, -1);
const info = (file: string): Record<string, string> =>
  Object.fromEntries(tool('pdfinfo', [file]).split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));

/**
 * Whether `text` (squashed) holds `expected` (squashed), allowing furigana readings of the slide
 * (`<rt>` in its HTML) between its characters: pdftotext puts a reading among the line it sits
 * over, wherever its position falls.
 */
function containsBase(text: string, expected: string, html: string): boolean {
  const readings = [...new Set([...html.matchAll(/<rt>([^<]*)<\/rt>/g)].map((m) => squash(m[1])))].filter(Boolean);
  if (readings.length === 0) return text.includes(expected);
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp([...expected].map(esc).join(`(?:${readings.map(esc).join('|')})*`)).test(text);
}

interface Bookmark {
  title: string;
  page: number;
  children: Bookmark[];
}

/** The outline as poppler reads it (pdftohtml -xml): nested <outline><item page="n">…</item>. Read once a file (pdftohtml extracts every page's text too). */
const outlines = new Map<string, Bookmark[]>();
function bookmarks(file: string): Bookmark[] {
  const known = outlines.get(file);
  if (known) return known;
  const read = readOutline(file);
  outlines.set(file, read);
  return read;
}

function readOutline(file: string): Bookmark[] {
  const xml = tool('pdftohtml', ['-xml', '-i', '-q', '-stdout', file]);
  const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const root: Bookmark[] = [];
  const stack: Bookmark[][] = [];
  let current = root;
  let last: Bookmark | undefined;
  let started = false;
  for (const m of xml.matchAll(/<outline>|<\/outline>|<item page="(\d+)">([\s\S]*?)<\/item>/g)) {
    if (m[0] === '<outline>') {
      if (started) {
        stack.push(current);
        current = last!.children;
      }
      started = true;
    } else if (m[0] === '</outline>') {
      current = stack.pop() ?? root;
    } else {
      last = { title: unescape(m[2]!), page: Number(m[1]), children: [] };
      current.push(last);
    }
  }
  return root;
}

/**
 * What holds for any deck's outline without restating the exporter's rule (the exact outline is
 * asserted literally on the fixture deck below): one entry per phase at its first page, beneath it
 * slides of that phase in page order, each under its own title; no divider among them.
 */
function expectOutlineFits(outline: Bookmark[], d: Deck): void {
  expect(outline.map((b) => [b.title, b.page])).toEqual(d.phases.map((p) => [p.label, p.firstSlide + 1]));
  for (const [i, b] of outline.entries()) {
    const phase = d.phases[i]!;
    expect(b.children.map((c) => c.page)).toEqual([...b.children.map((c) => c.page)].sort((x, y) => x - y));
    for (const c of b.children) {
      const slide = d.slides[c.page - 1]!;
      expect([c.title, slide.phase, c.children]).toEqual([slide.title, phase.id, []]);
      expect(slide.kind).not.toBe('divider');
    }
  }
}

/** tests/fixtures/basic: the title slide and two slides of 第一部; 第二部's divider is its entry. */
const leaf = (title: string, page: number): Bookmark => ({ title, page, children: [] });
const BASIC_OUTLINE: Bookmark[] = [
  { title: '第一部', page: 1, children: [leaf('テストデッキ', 1), leaf('最初のスライド', 2), leaf('二枚目', 3)] },
  { title: '第二部', page: 4, children: [leaf('コード例', 5), leaf('最後', 6)] },
];

function fonts(file: string): Array<{ name: string; type: string; emb: string }> {
  return tool('pdffonts', [file])
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      // name, type (may contain spaces), encoding, emb, sub, uni, object id
      const m = /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/.exec(line);
      if (!m) throw new Error(`unexpected pdffonts line: ${line}`);
      return { name: m[1]!, type: m[2]!, emb: m[4]! };
    });
}

/**
 * One row of RGB pixels of each page as pdftoppm renders it at `dpi` (binary PPM): row `y` (in
 * pixels of the whole page) from its left edge, `width` pixels long. Only that band is rendered
 * (-x/-y/-W/-H): a fifth of the CPU of whole pages, and the same pixels (checked on every page of
 * the default deck when this was changed).
 */
function renderRows(file: string, dir: string, dpi: number, y: number, width: number): Array<(x: number) => [number, number, number]> {
  mkdirSync(dir, { recursive: true });
  tool('pdftoppm', ['-r', String(dpi), '-x', '0', '-y', String(y), '-W', String(width), '-H', '1', file, path.join(dir, 'p')]);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ppm'))
    .sort()
    .map((f) => {
      const buf = readFileSync(path.join(dir, f));
      const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 40).toString('latin1'))!;
      const [w, h, off] = [Number(header[1]), Number(header[2]), header[0].length];
      if (w !== width || h !== 1) throw new Error(`pdftoppm rendered ${w} × ${h} pixels, not ${width} × 1`);
      return (x: number) => [0, 1, 2].map((c) => buf[off + x * 3 + c]!) as [number, number, number];
    });
}

const hex = (c: string): [number, number, number] => {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (!m) throw new Error(`test expects hex phase colors, got ${c}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
};

let result: ExportResult;
let slidesText: string[];
let handoutText: string[];

beforeAll(async () => {
  result = await exportPdfs({
    deckDir: DECK_DIR,
    outDir: path.join(inject('tmpDir'), 'pdf-default'),
    reuseBuild: inject('deckDist'),
    browser: await browser(),
  });
  slidesText = pageTexts(result.files.slides);
  handoutText = pageTexts(result.files.handout, true);
});

describe('export', () => {
  it('sends no request off the machine while printing', () => {
    expect(result.offMachine).toEqual([]);
  });
});

describe('slides.pdf', () => {
  it('has one 16:9 page per slide', () => {
    expect(result.pages.slides).toBe(N);
    const i = info(result.files.slides);
    expect(Number(i.Pages)).toBe(N);
    expect(i['Page size']).toMatch(/^960 x 540 pts/);
  });

  it('has title, author, subject and language in its metadata, and is tagged', async () => {
    const i = info(result.files.slides);
    expect(i.Title).toBe(deck.meta.title);
    if (deck.meta.author) expect(i.Author).toBe(deck.meta.author);
    if (deck.meta.subtitle) expect(i.Subject).toBe(deck.meta.subtitle);
    expect(i.Tagged).toBe('yes');
    const doc = await PDFDocument.load(readFileSync(result.files.slides), { updateMetadata: false });
    const lang = doc.catalog.lookup(PDFName.of('Lang'));
    expect(lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : lang).toBe(deck.meta.lang);
  });

  it('has a bookmark per phase with its slide titles nested, each at its page', () => {
    const outline = bookmarks(result.files.slides);
    expectOutlineFits(outline, deck);
    // Every slide but the dividers is listed once.
    expect(outline.flatMap((b) => b.children).length).toBe(deck.slides.filter((s) => s.kind !== 'divider').length);
    const count = outline.reduce((n, b) => n + 1 + b.children.length, 0);
    expect(result.bookmarks).toBe(count);
  });

  it('embeds every font as a real font (no Type 3), the deck font among them', () => {
    const list = fonts(result.files.slides);
    expect(list.length).toBeGreaterThan(0);
    for (const f of list) {
      expect(f.type, f.name).not.toMatch(/Type 3/);
      expect(f.emb, f.name).toBe('yes');
    }
    expect(list.some((f) => /NotoSansJP/.test(f.name))).toBe(true);
  });

  it("extracts each slide's title on its own page, exactly (no radicals, no zero-width or stray spaces)", () => {
    const all = slidesText.join('\n');
    expect(all).not.toMatch(/[\u2E80-\u2FDF]/u);
    expect(all).not.toMatch(/[\u200B-\u200D\u2060\uFEFF]/u);
    deck.slides.forEach((s, i) => expect(containsBase(squash(slidesText[i]!), squash(s.title), s.html), `page ${i + 1}: ${s.title}`).toBe(true));
    // A space between two Japanese characters that the deck itself does not have is a stray one.
    // Per-character furigana (<ruby>侵<rt>しん</rt>攻<rt>こう</rt></ruby>) puts each reading over its own
    // character, apart from the next one: pdftotext may read the readings as words with spaces between.
    const readings = deck.slides.flatMap((s) => [...s.html.matchAll(/<ruby>([\s\S]*?)<\/ruby>/g)].map((m) => [...m[1]!.matchAll(/<rt>([^<]*)<\/rt>/g)].map((r) => r[1]).join(' ')));
    const source = [...deck.slides.map((s) => `${s.title} ${s.html.replace(/<[^>]+>/g, '')}`), ...readings].join('\n');
    const jp = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}、。「」]';
    for (const m of all.matchAll(new RegExp(`${jp} +${jp}`, 'gu'))) expect(source, `stray space in "${m[0]}"`).toContain(m[0]);
  });

  it('tags the text of every slide (not only the one reveal.js left visible)', () => {
    const raw = execFileSync('pdfinfo', ['-struct-text', result.files.slides], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    // The tagged text alone, in order: inline tags (Span, Ruby) split a heading's text into several
    // strings; furigana readings (the subtree of an RT element) are not part of the title.
    const strings: string[] = [];
    let skipBelow = -1;
    for (const line of raw.split('\n')) {
      const indent = line.length - line.trimStart().length;
      if (skipBelow >= 0 && indent > skipBelow) continue;
      skipBelow = line.trim() === 'RT' ? indent : -1;
      const m = /^\s*"(.*)"$/.exec(line);
      if (m) strings.push(m[1]!);
    }
    const struct = squash(strings.join(''));
    for (const s of deck.slides) expect(struct).toContain(squash(s.title));
  });

  it("shows on every page the phase bar in that slide's state: phase label, color and page number", () => {
    // The page in pixels at 48 dpi, as pdftoppm sizes it (points × dpi / 72, rounded up); every
    // page has the first one's size, so the same band is every page's bar row.
    const sizes = tool('pdfinfo', ['-f', '1', '-l', String(N), result.files.slides]).match(/^Page\s+\d+ size:.*$/gm)!.map((l) => l.replace(/^Page\s+\d+ size:\s+/, ''));
    expect(sizes).toEqual(Array(N).fill(sizes[0]));
    const [wPt, hPt] = sizes[0]!.split(' x ').map(parseFloat);
    const [w, h] = [Math.ceil((wPt! * 48) / 72), Math.ceil((hPt! * 48) / 72)];
    // The bar's middle row, as far as the search below may look (a third of the width, +3).
    const y = Math.round(h * (1 - 22 / 720));
    const rows = renderRows(result.files.slides, path.join(inject('tmpDir'), 'pdf-pages'), 48, y, Math.min(w, Math.ceil(w / 3) + 4));
    expect(rows).toHaveLength(N);
    deck.slides.forEach((s, i) => {
      const phase = deck.phases.find((p) => p.id === s.phase)!;
      expect(squash(slidesText[i]!), `page ${i + 1}`).toContain(squash(`${phase.label} · ${i + 1} / ${N}`));
      // The label chip is the first colored thing from the left on the bar's middle row.
      const px = rows[i]!;
      let x = 0;
      while (x < w / 3 && px(x).every((c) => c > 235)) x++;
      const got = px(Math.min(x + 3, w - 1));
      const want = hex(phase.color);
      expect(Math.max(...got.map((c, k) => Math.abs(c - want[k]!))), `page ${i + 1}: ${got} vs ${phase.color}`).toBeLessThan(28);
    });
  });
});

describe('handout.pdf (default: two slides per page)', () => {
  const P = Math.ceil(N / 2);
  it('has one A4 portrait page per two slides, then continued notes and appendix pages (answer key, glossary)', () => {
    const slidePages = result.handoutFit.pages.filter((p) => p.length > 0);
    expect(slidePages.length).toBe(P);
    expect(slidePages.flat()).toEqual(deck.slides.map((_, i) => i));
    const hasAppendix = !!deck.glossary?.length || deck.slides.some((s) => s.quiz);
    expect(!!result.handoutFit.appendix).toBe(hasAppendix);
    const extra = result.pages.handout - P;
    if (hasAppendix) expect(extra).toBeGreaterThan(0);
    else if (!result.handoutFit.continued.length) expect(extra).toBe(0);
    const i = info(result.files.handout);
    expect(Number(i.Pages)).toBe(result.pages.handout);
    expect(i['Page size']).toMatch(/\(A4\)/);
    const [width, height] = i['Page size']!.split(' x ').map(parseFloat);
    expect(height!).toBeGreaterThan(width!);
    expect(i.Tagged).toBe('yes');
    expect(i.Title).toBe(deck.meta.title);
  });

  it('shows each slide with its notes as text, phase label and page number', () => {
    deck.slides.forEach((s, i) => {
      const page = Math.floor(i / 2);
      const text = squash(handoutText[page]!);
      const phase = deck.phases.find((p) => p.id === s.phase)!;
      expect(containsBase(text, squash(s.title), s.html), `page ${page + 1}: ${s.title}`).toBe(true);
      expect(text).toContain(squash(phase.label));
      expect(text).toContain(`${page + 1}/${result.pages.handout}`);
      if (s.notesText) expect(containsBase(text, squash(s.notesText).slice(0, 40), s.notesHtml), `notes of slide ${i + 1}: ${text}`).toBe(true);
    });
    expect(result.handoutFit.overflow).toEqual([]);
  });

  it("has bookmarks to each slide's page and real fonts", () => {
    // Two slides a page: the slides.pdf outline with each page p at handout page ⌈p / 2⌉.
    const onHandout = (b: Bookmark): Bookmark => ({ ...b, page: Math.floor((b.page - 1) / 2) + 1, children: b.children.map(onHandout) });
    expect(bookmarks(result.files.handout)).toEqual(bookmarks(result.files.slides).map(onHandout));
    for (const f of fonts(result.files.handout)) expect(f.type, f.name).not.toMatch(/Type 3/);
    expect(handoutText.join('')).not.toMatch(/[\u2E80-\u2FDF\u200B]/u);
  });

  it('writes standalone.html beside them', () => {
    expect(result.files.standalone).toBe(path.join(path.dirname(path.dirname(result.files.slides)), 'standalone.html'));
    expect(readFileSync(result.files.standalone!, 'utf8')).toContain('<meta http-equiv="Content-Security-Policy"');
  });
});

describe('a deck with fragments', () => {
  it('prints each slide once, with every fragment shown', async () => {
    // The print pdf-batch.test.ts compares its parts with (once per run): this test reads slides.pdf.
    const r = await printedFixture('basic', BASIC_PRINT);
    const file = r.files.slides;
    if (!file) throw new Error('the export made no slides.pdf');
    // The outline, literally: the title slide under the first phase, the divider is the phase entry.
    expect(bookmarks(file)).toEqual(BASIC_OUTLINE);
    const fixture = compileDeck(readDeckFolder(FIXTURE)).deck;
    const withFragments = fixture.slides.filter((s) => /class="[^"]*\bfragment\b/.test(s.html));
    expect(withFragments.length).toBeGreaterThan(0);
    expect(r.pages.slides).toBe(fixture.slides.length);
    const text = pageTexts(file);
    for (const s of withFragments) {
      for (const m of s.html.matchAll(/<(\w+)[^>]*class="[^"]*\bfragment\b[^"]*"[^>]*>([\s\S]*?)<\/\1>/g)) {
        expect(squash(text[s.index]!)).toContain(squash(m[2]!.replace(/<[^>]+>/g, '')));
      }
    }
  });
});

describe('npm run pdf failures', () => {
  /** The export in-process with `env` set (the CLI prints the error's message; pipeline output is captured). */
  const exportWith = async (deckDir: string, outDir: string, env: Record<string, string>): Promise<{ error: unknown; message: string; output: string }> => {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      const r = await capture(() => exportPdfs({ deckDir, outDir, standalone: false }));
      return { error: r.error, message: r.error instanceof Error ? r.error.message : '', output: r.stdout + r.stderr };
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  };
  const withOldPdf = (): { out: string; old: string; read(): string } => {
    const out = mkdtempSync(path.join(inject('tmpDir'), 'pdf-fail-'));
    const old = '%PDF-1.7 the previous export\n';
    mkdirSync(path.join(out, 'pdf'));
    writeFileSync(path.join(out, 'pdf', 'slides.pdf'), old);
    return { out, old, read: () => readFileSync(path.join(out, 'pdf', 'slides.pdf'), 'utf8') };
  };

  it('without Chromium (the real command): exit 1, an install hint, no stack trace, the previous PDF intact', () => {
    const o = withOldPdf();
    // The one child process here: exit code and terminal output of the real entry (scripts/cli.mjs).
    const r = spawnSync(process.execPath, ['scripts/cli.mjs', 'pdf', '--deck', FIXTURE, '--out', o.out], {
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('/nonexistent/chromium');
    expect(r.stderr).toMatch(/hint: .*apt-get install -y chromium/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(o.read()).toBe(o.old);
  });

  it('when the browser fails after the build: a UserError, the previous PDF intact, no temporary files left', async () => {
    const o = withOldPdf();
    const r = await exportWith(FIXTURE, o.out, { CHROMIUM_PATH: '/bin/false' });
    expect(r.error).toBeInstanceOf(UserError);
    expect(r.message).toMatch(/could not start Chromium/);
    expect(r.message).not.toMatch(/\n\s+at /);
    expect(o.read()).toBe(o.old);
    expect(readdirSync(path.join(o.out, 'pdf'))).toEqual(['slides.pdf']);
    expect(readdirSync(o.out).sort()).toEqual(['pdf']);
    // No progress line off a terminal.
    expect(r.output).not.toMatch(/\r|\x1b\[/);
  });

  it('when Chromium dies mid-print: a UserError saying so, the previous PDF intact, no Chromium or temporary folder left', async () => {
    const o = withOldPdf();
    // The exporter's own Chromium puts its profile and temporary files here (os.tmpdir()): whatever
    // is left is seen, and its processes are found by it. Short: Chromium puts a socket below it.
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'ld-crash-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    const withTmp = (): string[] =>
      execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.includes(tmp));
    let killed = 0;
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    let r: Awaited<ReturnType<typeof capture>>;
    try {
      r = await capture(() =>
        exportPdfs({
          deckDir: FIXTURE,
          outDir: o.out,
          standalone: false,
          // Just before slides.pdf is printed: Chromium is killed, as a crash would end it.
          progress: (stage) => {
            if (killed > 0 || !stage.startsWith('printing slides.pdf')) return;
            for (const line of withTmp()) {
              process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
              killed++;
            }
          },
        }),
      );
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(killed).toBeGreaterThan(0);
    expect(r.error).toBeInstanceOf(UserError);
    const message = (r.error as Error).message;
    expect(message).toMatch(/^pdf: Chromium (exited|closed)/);
    expect(message).toContain('no file was written');
    expect(message).not.toMatch(/\n\s+at /);
    expect(o.read()).toBe(o.old);
    expect(readdirSync(path.join(o.out, 'pdf'))).toEqual(['slides.pdf']);
    expect(readdirSync(tmp)).toEqual([]);
    expect(withTmp()).toEqual([]);
  });

  it('with an invalid deck: a UserError with the error located in the deck, no stack trace', async () => {
    const bad = mkdtempSync(path.join(inject('tmpDir'), 'pdf-bad-deck-'));
    writeFileSync(path.join(bad, 'deck.yaml'), 'title: x\nlang: ja\nduration: 10\nphases: []\nsections: [missing.md]\n');
    const o = withOldPdf();
    const r = await exportWith(bad, o.out, {});
    expect(r.error).toBeInstanceOf(UserError);
    expect(r.output + r.message).toMatch(/deck\.yaml:\d+:\d+: error/);
    expect(r.output + r.message).not.toMatch(/\n\s+at /);
    expect(o.read()).toBe(o.old);
  });
});

describe('progress', () => {
  const fake = (isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } => {
    const written: string[] = [];
    return { stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
  };

  it('rewrites one status line on a terminal, and says nothing otherwise or in CI', () => {
    const saved = process.env.CI;
    try {
      delete process.env.CI;
      const tty = fake(true);
      const line = progressLine(tty.stream);
      line.update('printing slides.pdf', 3, 42);
      line.end();
      expect(tty.written.join('')).toMatch(/\r\x1b\[Kprinting slides\.pdf 3 \/ 42/);
      const pipe = fake(false);
      progressLine(pipe.stream).update('x', 1, 2);
      expect(pipe.written).toEqual([]);
      process.env.CI = 'true';
      const ci = fake(true);
      progressLine(ci.stream).update('x', 1, 2);
      expect(ci.written).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.CI;
      else process.env.CI = saved;
    }
  });
});
