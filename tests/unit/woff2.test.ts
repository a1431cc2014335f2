import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fullFontFile, KEEP_FEATURES, truetype } from '../../src/vite/fonts.ts';
import { subsetTrueType } from '../../src/vite/hb-subset.ts';
import { encodeWoff2 } from '../../src/vite/woff2.ts';

/*
 * The WOFF2 encoder (src/vite/woff2.ts) against Google's decoder (wawoff2, the wasm build that
 * subset-font's converter uses): what it decodes is the font that went in, table by table, and
 * each glyph's outline as harfbuzz draws it.
 */

const fromSubsetFont = createRequire(createRequire(import.meta.url).resolve('subset-font'));
const google = createRequire(fromSubsetFont.resolve('fontverter'))('wawoff2') as {
  compress(font: Uint8Array): Promise<Uint8Array>;
  decompress(font: Uint8Array): Promise<Uint8Array>;
};
// Copied: wawoff2 returns a view of its wasm memory, which its next call overwrites.
const wawoff2 = {
  compress: async (font: Uint8Array): Promise<Uint8Array> => (await google.compress(font)).slice(),
  decompress: async (font: Uint8Array): Promise<Uint8Array> => (await google.decompress(font)).slice(),
};

const TEXT = 'アメリカとロシアの関係、冷戦から現在まで。ABC abc 0123 ①②… 「」（）→';

/** The tables of an sfnt by tag. */
function tables(font: Uint8Array): Map<string, Uint8Array> {
  const d = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const out = new Map<string, Uint8Array>();
  for (let i = 0; i < d.getUint16(4); i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(...font.subarray(at, at + 4));
    out.set(tag, font.subarray(d.getUint32(at + 8), d.getUint32(at + 8) + d.getUint32(at + 12)));
  }
  return out;
}

/** An sfnt of these tables (checksums left 0: harfbuzz and the decoder do not read them). */
function sfnt(parts: Map<string, Uint8Array>): Uint8Array {
  const tags = [...parts.keys()].sort();
  const pad = (n: number): number => (n + 3) & ~3;
  const out = new Uint8Array(12 + 16 * tags.length + tags.reduce((a, t) => a + pad(parts.get(t)!.length), 0));
  const d = new DataView(out.buffer);
  d.setUint32(0, 0x00010000);
  d.setUint16(4, tags.length);
  let at = 12 + 16 * tags.length;
  tags.forEach((tag, i) => {
    const data = parts.get(tag)!;
    for (let k = 0; k < 4; k++) out[12 + 16 * i + k] = tag.charCodeAt(k);
    d.setUint32(12 + 16 * i + 8, at);
    d.setUint32(12 + 16 * i + 12, data.length);
    out.set(data, at);
    at += pad(data.length);
  });
  return out;
}

/** The transform version of each table in a WOFF2 file's directory (by known-tag index: glyf 10, loca 11, hmtx 3). */
function transforms(woff2: Uint8Array): Map<number, number> {
  const out = new Map<number, number>();
  let at = 48;
  const base128 = (): void => {
    while (woff2[at++]! & 0x80);
  };
  for (let i = 0; i < ((woff2[12]! << 8) | woff2[13]!); i++) {
    const flags = woff2[at++]!;
    const [index, version] = [flags & 63, flags >> 6];
    if (index === 63) at += 4;
    base128();
    if (index === 10 || index === 11 ? version === 0 : version !== 0) base128();
    out.set(index, version);
  }
  return out;
}

/** Every glyph's outline (SVG path data) as harfbuzz draws it. */
async function outlines(font: Uint8Array): Promise<string[]> {
  const { Blob, Face, Font } = await import('harfbuzzjs');
  const hb = new Font(new Face(new Blob(font), 0));
  const count = new DataView(tables(font).get('maxp')!.buffer, tables(font).get('maxp')!.byteOffset).getUint16(4);
  return Array.from({ length: count }, (_, g) => hb.glyphToPath(g));
}

/** The font decoded is the font encoded: every table as it was (head but its checksum, which the decoder writes), every outline. */
async function expectSameFont(decoded: Uint8Array, original: Uint8Array, drawn: number): Promise<void> {
  const [a, b] = [tables(decoded), tables(original)];
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [tag, data] of b) {
    if (tag === 'glyf' || tag === 'loca') continue;
    const got = tag === 'head' ? [...a.get(tag)!].map((x, i) => (i >= 8 && i < 12 ? 0 : x)) : [...a.get(tag)!];
    const want = tag === 'head' ? [...data].map((x, i) => (i >= 8 && i < 12 ? 0 : x)) : [...data];
    expect(got, tag).toEqual(want);
  }
  const [got, want] = await Promise.all([outlines(decoded), outlines(original)]);
  expect(want.filter((p) => p.length > 0).length).toBeGreaterThanOrEqual(drawn);
  expect(got).toEqual(want);
}

/** The glyphs of a font (each glyf slice its loca gives). */
function glyphsOf(parts: Map<string, Uint8Array>): Uint8Array[] {
  const long = new DataView(parts.get('head')!.buffer, parts.get('head')!.byteOffset).getInt16(50) === 1;
  const loca = parts.get('loca')!;
  const l = new DataView(loca.buffer, loca.byteOffset, loca.byteLength);
  const offsets = Array.from({ length: loca.length / (long ? 4 : 2) }, (_, i) => (long ? l.getUint32(4 * i) : l.getUint16(2 * i) * 2));
  return offsets.slice(0, -1).map((a, i) => parts.get('glyf')!.slice(a, offsets[i + 1]));
}

/** The font of `parts` with these glyphs instead (loca long, glyphs padded to 4 bytes; or short, padded to 2). */
function withGlyphs(parts: Map<string, Uint8Array>, glyphs: Uint8Array[], long: boolean): Uint8Array {
  const pad = (g: Uint8Array): number => (long ? (g.length + 3) & ~3 : (g.length + 1) & ~1);
  const glyf = new Uint8Array(glyphs.reduce((a, g) => a + pad(g), 0));
  const loca = new DataView(new ArrayBuffer((long ? 4 : 2) * (glyphs.length + 1)));
  const put = (i: number, at: number): void => (long ? loca.setUint32(4 * i, at) : loca.setUint16(2 * i, at / 2));
  let at = 0;
  glyphs.forEach((g, i) => {
    put(i, at);
    glyf.set(g, at);
    at += pad(g);
  });
  put(glyphs.length, at);
  const head = parts.get('head')!.slice();
  new DataView(head.buffer).setInt16(50, long ? 1 : 0);
  const maxp = parts.get('maxp')!.slice();
  new DataView(maxp.buffer).setUint16(4, glyphs.length);
  return sfnt(new Map(parts).set('glyf', glyf).set('loca', new Uint8Array(loca.buffer)).set('head', head).set('maxp', maxp));
}

/** A cut as fonts.ts makes it. */
const cut = async (text = TEXT): Promise<Uint8Array> => subsetTrueType(await truetype(fullFontFile(400)), text, KEEP_FEATURES);

describe('WOFF2 encoder', () => {
  it('writes a font Google\'s decoder reads back as it went in, no bigger than Google\'s encoder makes it', async () => {
    const ttf = await cut();
    const woff2 = await encodeWoff2(ttf);
    expect(String.fromCharCode(...woff2.subarray(0, 4))).toBe('wOF2');
    expect(woff2.length % 4).toBe(0);
    // glyf/loca transformed, and hmtx too (harfbuzz's cuts keep each side bearing equal to its glyph's xMin).
    expect([10, 11, 3].map((t) => transforms(woff2).get(t))).toEqual([0, 0, 1]);
    await expectSameFont(await wawoff2.decompress(woff2), ttf, 30);
    // glyf/loca transformed: smaller than stored as they are, which decodes to the same font too.
    const stored = await encodeWoff2(ttf, { nullTransform: true });
    await expectSameFont(await wawoff2.decompress(stored), ttf, 30);
    expect(woff2.length).toBeLessThan(stored.length * 0.95);
    // Brotli at quality 10 against Google's 11: a few bytes either way per file (smaller over the suite's cuts).
    expect(woff2.length).toBeLessThanOrEqual((await wawoff2.compress(ttf)).length * 1.01);
  });

  it('round-trips Google\'s decoded form byte for byte (the glyph streams, flags and bboxes exact)', async () => {
    const once = await wawoff2.decompress(await encodeWoff2(await cut('関係の歴史 History 1945–1991')));
    expect([...(await wawoff2.decompress(await encodeWoff2(once)))]).toEqual([...once]);
  });

  it('keeps composite glyphs, their instructions and a simple glyph\'s stored bbox that its points do not give; stores an hmtx it cannot shorten as it is', async () => {
    const parts = new Map(tables(await cut('AB')));
    const glyphs = glyphsOf(parts);
    const simple = glyphs.findIndex((g) => g.length > 0);
    // A composite: the simple glyph moved by (120, -40) and scaled by 0.5, with 3 bytes of instructions.
    const comp = new Uint8Array(10 + 10 + 2 + 3);
    const c = new DataView(comp.buffer);
    c.setInt16(0, -1);
    comp.set(glyphs[simple]!.subarray(2, 10), 2);
    c.setUint16(10, 0x0001 | 0x0002 | 0x0008 | 0x0100); // words, xy values, scale, instructions
    c.setUint16(12, simple);
    c.setInt16(14, 120);
    c.setInt16(16, -40);
    c.setInt16(18, 0x2000); // F2Dot14 0.5
    c.setUint16(20, 3);
    comp.set([0xb0, 0x01, 0x2c], 22);
    // A simple glyph whose stored bbox is wider than its points.
    const wide = glyphs[simple]!.slice();
    new DataView(wide.buffer).setInt16(2, new DataView(wide.buffer).getInt16(2) - 7);
    const last = glyphs.length - 1;
    glyphs[last] = comp;
    glyphs.push(wide);
    const font = withGlyphs(parts, glyphs, true);

    const woff2 = await encodeWoff2(font);
    // hmtx has no entry for the added glyph, so it is stored as it is.
    expect([10, 11, 3].map((t) => transforms(woff2).get(t))).toEqual([0, 0, 0]);
    const decoded = await wawoff2.decompress(woff2);
    // A, the composite and the wide glyph (harfbuzz cuts .notdef empty).
    await expectSameFont(decoded, font, 3);
    const out = tables(decoded);
    const dl = new DataView(out.get('loca')!.buffer, out.get('loca')!.byteOffset);
    const glyphAt = (g: number): Uint8Array => out.get('glyf')!.subarray(dl.getUint32(4 * g), dl.getUint32(4 * g + 4));
    // As it was, padded to 4 bytes by the decoder.
    expect([...glyphAt(last)]).toEqual([...comp, 0, 0, 0]);
    expect([...glyphAt(last + 1).subarray(0, 10)]).toEqual([...wide.subarray(0, 10)]);
  });

  it('has the decoder write long loca offsets when the glyphs it rebuilds, padded to 4 bytes, pass what short ones reach', async () => {
    const parts = new Map(tables(await cut('ABCDEFGHKMNPRSXYZ')));
    const glyphs = glyphsOf(parts);
    // A glyph of 4n + 2 bytes: padded to 2 in the source, to 4 by the decoder.
    const g = glyphs.findIndex((x) => x.length % 4 === 2);
    expect(g).toBeGreaterThan(0);
    const copies = Math.floor(0x1fffe / glyphs[g]!.length) - 1;
    expect(copies * (glyphs[g]!.length + 2)).toBeGreaterThan(0x1fffe);
    // Each copy's stored xMin a little off (kept as a bbox of its own): Google's decoder refuses a
    // font that compresses more than 100:1, which identical copies would.
    let seed = 1;
    const copy = (): Uint8Array => {
      const c = glyphs[g]!.slice();
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      new DataView(c.buffer).setInt16(2, new DataView(c.buffer).getInt16(2) - 1 - (seed % 997));
      return c;
    };
    const font = withGlyphs(parts, [glyphs[0]!, ...Array.from({ length: copies }, copy)], false);
    const decoded = tables(await wawoff2.decompress(await encodeWoff2(font)));
    expect(new DataView(decoded.get('head')!.buffer, decoded.get('head')!.byteOffset).getInt16(50)).toBe(1);
    expect(decoded.get('loca')!.length).toBe(4 * (copies + 2));
    // The copies past 128 KiB of glyf are drawn as they were.
    const { Blob, Face, Font } = await import('harfbuzzjs');
    const draw = (f: Uint8Array, glyph: number): string => new Font(new Face(new Blob(f), 0)).glyphToPath(glyph);
    for (const i of [1, copies - 1, copies]) {
      expect(draw(font, i).length).toBeGreaterThan(0);
      expect(draw(sfnt(decoded), i), `glyph ${i}`).toBe(draw(font, i));
    }
  });

  it('refuses a font without TrueType outlines', async () => {
    const otf = new Uint8Array(12);
    otf.set([0x4f, 0x54, 0x54, 0x4f]); // 'OTTO'
    await expect(encodeWoff2(otf)).rejects.toThrow(/not a TrueType font/);
  });
});
