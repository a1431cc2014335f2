import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PDFDict, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { finishPdf } from '../../src/node/pdf/finish.ts';
import { joinPdfs } from '../../src/node/pdf/join.ts';
import { parseDict, PdfFile, ref } from '../../src/node/pdf/pdf-file.ts';
import { pdfLib } from '../helpers/pdf-lib.ts';

const { PDFDocument, PDFName } = pdfLib;

/*
 * The PDF finishing without pdf-lib (src/node/pdf/pdf-file.ts): a file written the way Chromium's
 * PDF backend writes one (classic cross-reference table, uncompressed dictionaries, a nested page
 * tree), with the awkward parts a reader must get right, read back by poppler and pdf-lib.
 */

/** A classic PDF from object bodies (object i + 1 = bodies[i]), with byte-exact xref offsets. */
function classicPdf(bodies: string[], trailer: string, comments = new Map<number, string>()): Buffer {
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n${comments.get(i + 1) ?? ''}`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<<${trailer.replace('SIZE', String(bodies.length + 1))}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const content = (text: string): string => {
  const stream = `BT /F1 24 Tf 72 700 Td (${text}) Tj ET`;
  // "endstream" inside a stream's data is found by its /Length, not by searching.
  return `<</Length ${stream.length}>> stream\n${stream}\nendstream`;
};

/** Three pages in a two-level page tree, a tagged structure root, strings that look like syntax. */
function sample(): Buffer {
  return classicPdf(
    [
      /* 1 info */ "<</Title (Chromium's \\(title\\) >> stream) /Producer (Skia/PDF m150) /CreationDate (D:20251101000000+00'00')>>",
      /* 2 catalog */ '<</Type /Catalog /Pages 3 0 R /StructTreeRoot 10 0 R /MarkInfo <</Marked true>> /Lang (en)>>',
      /* 3 root pages */ '<</Type /Pages /Count 3 /Kids [4 0 R 5 0 R]>>',
      /* 4 inner pages */ '<</Type /Pages /Parent 3 0 R /Count 2 /Kids [6 0 R 7 0 R]>>',
      /* 5 page 3 */ '<</Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 13 0 R /Resources <</Font <</F1 9 0 R>>>>>>',
      /* 6 page 1 */ '<</Type /Page /Parent 4 0 R /MediaBox [0 0 612 792] /Contents 11 0 R /Resources <</Font <</F1 9 0 R>>>>>>',
      /* 7 page 2 */ '<</Type /Page /Parent 4 0 R /MediaBox [0 0 612 792] /Contents 12 0 R /Resources <</Font <</F1 9 0 R>>>>>>',
      /* 8 an unused array object */ '[1 0 R (a \\) ] string) <41> /Name 3.14]',
      /* 9 font */ '<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>',
      /* 10 struct root */ '<</Type /StructTreeRoot /K 14 0 R>>',
      /* 11 */ content('First page'),
      /* 12 */ content('Second endstream page'),
      /* 13 */ content('Third page'),
      /* 14 */ '<</Type /StructElem /S /Strong /P 10 0 R /Alt (x >> y)>>',
    ],
    '/Size SIZE /Root 2 0 R /Info 1 0 R',
    // Something between two objects: the reader parses those objects rather than slicing them.
    new Map([[2, '% a comment between objects\n'], [12, '%\n']]),
  );
}

const deck = {
  meta: { title: 'アメリカとロシアの関係', author: '国際関係入門', subtitle: '冷戦から現在まで', lang: 'ja' },
  phases: [
    { id: 'a', label: '①冷戦期', color: '#000', minutes: 1 },
    { id: 'b', label: '②現在', color: '#000', minutes: 1 },
  ],
  slides: [
    { index: 0, phase: 'a', title: '始まり' },
    { index: 1, phase: 'a', title: '同盟 (1941)' },
    { index: 2, phase: 'b', title: '今' },
  ],
} as unknown as Parameters<typeof finishPdf>[1];

const tool = (cmd: string, file: string, ...args: string[]): string => {
  try {
    return execFileSync(cmd, [...args, file], { encoding: 'utf8' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${cmd} is not installed: sudo apt-get install -y poppler-utils qpdf (see README)`);
    throw e;
  }
};

describe('pdf-file.ts', () => {
  it('reads the page tree in order and dictionaries as their source text', () => {
    const pdf = new PdfFile(sample());
    expect(pdf.pages().map((p) => p.num)).toEqual([6, 7, 5]);
    expect(pdf.dict(1).get('Title')).toBe("(Chromium's \\(title\\) >> stream)");
    expect(pdf.dict(14).get('Alt')).toBe('(x >> y)');
    expect(pdf.object(8).stream).toBe(false);
    expect(pdf.object(12).stream).toBe(true);
    expect([...parseDict('<</A [1 0 R 2 0 R] /B <</C /D>> /E 12 0 R>>')]).toEqual([
      ['A', '[1 0 R 2 0 R]'],
      ['B', '<</C /D>>'],
      ['E', '12 0 R'],
    ]);
  });

  it('writes metadata, bookmarks and the RoleMap that poppler and pdf-lib read back, text and pages unchanged', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pdf-file-'));
    const before = path.join(dir, 'before.pdf');
    const after = path.join(dir, 'after.pdf');
    writeFileSync(before, sample());
    const r = finishPdf(sample(), deck, [0, 1, 2]);
    writeFileSync(after, r.bytes);
    expect([r.pages, r.bookmarks]).toEqual([3, 5]);
    // qpdf finds the rewritten file (object streams, a cross-reference stream) sound.
    expect(tool('qpdf', after, '--check')).toMatch(/No syntax or stream encoding errors/);
    const info = tool('pdfinfo', after);
    expect(info).toMatch(/Title:\s+アメリカとロシアの関係\n/);
    expect(info).toMatch(/Author:\s+国際関係入門\n/);
    expect(info).toMatch(/Subject:\s+冷戦から現在まで\n/);
    expect(info).toMatch(/Creator:\s+lecture-deck \(reveal\.js, Chromium\)\n/);
    // Chromium's producer and dates are kept.
    expect(info).toMatch(/Producer:\s+Skia\/PDF m150\n/);
    expect(info).toMatch(/Pages:\s+3\n/);
    expect(tool('pdftotext', after, '-raw')).toBe(tool('pdftotext', before, '-raw'));
    const outline = tool('pdftohtml', after, '-xml', '-i', '-q', '-stdout');
    expect([...outline.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((m) => [m[2], Number(m[1])])).toEqual([
      ['①冷戦期', 1],
      ['始まり', 1],
      ['同盟 (1941)', 2],
      ['②現在', 3],
      ['今', 3],
    ]);
    const doc = await PDFDocument.load(r.bytes, { updateMetadata: false });
    expect((doc.catalog.lookup(PDFName.of('Lang')) as PDFString).decodeText()).toBe('ja');
    expect(String(doc.catalog.lookup(PDFName.of('PageMode')))).toBe('/UseOutlines');
    const roleMap = (doc.catalog.lookup(PDFName.of('StructTreeRoot')) as PDFDict).lookup(PDFName.of('RoleMap')) as PDFDict;
    expect([String(roleMap.get(PDFName.of('Strong'))), String(roleMap.get(PDFName.of('Em')))]).toEqual(['/Span', '/Span']);
    // Smaller than the uncompressed original: the dictionaries went into object streams.
    expect(r.bytes.length).toBeLessThan(sample().length);
  });

  it('refuses a page count that differs from the layout, and a file it cannot read', () => {
    expect(() => finishPdf(sample(), deck, [0, 1])).toThrow(/printed 3 pages where 2 were laid out/);
    expect(() => new PdfFile(Buffer.from('%PDF-1.7\nnot a pdf'))).toThrow(/startxref/);
  });
});

/**
 * A tagged part as Chromium prints one: Document → NonStruct → one P per page, each P's marked
 * content on its page (/StructParents → the parent tree), an /Alt that looks like a reference.
 */
function taggedPart(texts: string[]): Buffer {
  const n = texts.length;
  const page = (i: number): number => 9 + 3 * i;
  const bodies = [
    /* 1 info */ `<</Title (part of ${n}) /Producer (Skia/PDF m150)>>`,
    /* 2 catalog */ '<</Type /Catalog /Pages 3 0 R /StructTreeRoot 4 0 R /MarkInfo <</Marked true>> /Lang (ja)>>',
    /* 3 pages */ `<</Type /Pages /Count ${n} /Kids [${texts.map((_, i) => `${page(i)} 0 R`).join(' ')}]>>`,
    /* 4 struct root */ `<</Type /StructTreeRoot /K 5 0 R /ParentTree 7 0 R /ParentTreeNextKey ${n}>>`,
    /* 5 */ '<</Type /StructElem /S /Document /P 4 0 R /K 6 0 R>>',
    /* 6 */ `<</Type /StructElem /S /NonStruct /P 5 0 R /K [${texts.map((_, i) => `${page(i) + 2} 0 R`).join(' ')}]>>`,
    /* 7 parent tree */ `<</Nums [${texts.map((_, i) => `${i} [${page(i) + 2} 0 R]`).join(' ')}]>>`,
    /* 8 font */ '<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>',
  ];
  texts.forEach((text, i) => {
    const stream = `/P <</MCID 0>> BDC BT /F1 24 Tf 72 700 Td (${text}) Tj ET EMC`;
    bodies.push(
      `<</Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents ${page(i) + 1} 0 R /Resources <</Font <</F1 8 0 R>>>> /StructParents ${i}>>`,
      `<</Length ${stream.length}>> stream\n${stream}\nendstream`,
      `<</Type /StructElem /S /P /P 6 0 R /Pg ${page(i)} 0 R /K 0 /Alt (${text} \\(see 1 0 R\\))>>`,
    );
  });
  return classicPdf(bodies, '/Size SIZE /Root 2 0 R /Info 1 0 R');
}

describe('join.ts', () => {
  it('joins parts into one document: pages in order, one structure tree, parent tree keys renumbered', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pdf-join-'));
    const texts = ['Page one', 'Page two', 'Page three', 'Page four', 'Page five'];
    const joined = joinPdfs([taggedPart(texts.slice(0, 2)), taggedPart(texts.slice(2, 3)), taggedPart(texts.slice(3))]);
    const file = path.join(dir, 'joined.pdf');
    writeFileSync(file, joined);
    expect(tool('qpdf', file, '--check')).toMatch(/No syntax or stream encoding errors/);
    expect(tool('pdfinfo', file)).toMatch(/Pages:\s+5\n/);
    // The first part's document information.
    expect(tool('pdfinfo', file)).toMatch(/Title:\s+part of 2\n/);
    expect(tool('pdftotext', '-', '-raw', file).split('\f').map((t) => t.trim())).toEqual([...texts, '']);
    // One Document, one NonStruct, the five paragraphs in order, each with its page's text.
    const tree = tool('pdfinfo', file, '-struct-text');
    expect(tree.trim().split('\n').map((l) => l.trim())).toEqual(['Document', 'NonStruct', ...texts.flatMap((t) => ['P (block)', `"${t}"`])]);

    const pdf = new PdfFile(joined);
    const pages = pdf.pages();
    expect(pages.map((p) => pdf.dict(p).get('StructParents'))).toEqual(['0', '1', '2', '3', '4']);
    const root = pdf.dict(ref(pdf.catalog().get('StructTreeRoot')));
    expect(root.get('ParentTreeNextKey')).toBe('5');
    // Each key of the parent tree leads to the paragraph on that page; strings are not renumbered.
    const nums = pdf.dict(ref(root.get('ParentTree'))).get('Nums')!;
    pages.forEach((p, i) => {
      const elem = ref(new RegExp(`(?:^|\\s|\\[)${i} \\[(\\d+ 0 R)\\]`).exec(nums)![1]);
      const d = pdf.dict(elem);
      expect(ref(d.get('Pg')).num).toBe(p.num);
      expect(d.get('Alt')).toBe(`(${texts[i]} \\(see 1 0 R\\))`);
    });

    // finish.ts reads the joined file like Chromium's own.
    const r = finishPdf(joined, deckOf(5), [0, 1, 2, 3, 4]);
    writeFileSync(file, r.bytes);
    expect(tool('qpdf', file, '--check')).toMatch(/No syntax or stream encoding errors/);
    expect(tool('pdfinfo', file, '-struct-text')).toBe(tree);
  });

  it('leaves a single part as it is and refuses a mix of tagged and untagged parts', () => {
    const one = taggedPart(['only']);
    expect(joinPdfs([one])).toBe(one);
    const untagged = classicPdf(
      ['<</Type /Catalog /Pages 2 0 R>>', '<</Type /Pages /Count 1 /Kids [3 0 R]>>', '<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R>>', content('plain')],
      '/Size SIZE /Root 1 0 R',
    );
    expect(() => joinPdfs([one, untagged])).toThrow(/part 2 is not tagged, the first is/);
    expect(() => joinPdfs([untagged, one])).toThrow(/part 2 is tagged, the first is not/);
    // Two untagged parts join too (pages only).
    expect(new PdfFile(joinPdfs([untagged, untagged])).pages()).toHaveLength(2);
  });
});

function deckOf(n: number): Parameters<typeof finishPdf>[1] {
  return {
    meta: { title: 'T', lang: 'en' },
    phases: [{ id: 'a', label: 'A', color: '#000', minutes: 1 }],
    slides: Array.from({ length: n }, (_, index) => ({ index, phase: 'a', title: `S${index + 1}` })),
  } as unknown as Parameters<typeof finishPdf>[1];
}
