import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { finishPdf } from '../../src/node/pdf/finish.ts';
import { parseDict, PdfFile } from '../../src/node/pdf/pdf-file.ts';

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
