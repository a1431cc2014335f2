import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDeck } from '../../src/deck/compile.ts';
import type { Deck } from '../../src/deck/model.ts';
import { readDeckFolder } from '../../src/node/deck-files.ts';
import { chunkWants, splitChunks } from '../../src/vite/font-chunks.ts';
import subsetFont from 'subset-font';
import { clientCharacters, deckFontFaces, fullFontFile, KEEP_FEATURES, planFaces, sharedFaceText, subsetText, truetype, type SubsetFace } from '../../src/vite/fonts.ts';
import { subsetTrueType } from '../../src/vite/hb-subset.ts';

/*
 * The deck font's faces (src/vite/fonts.ts, font-chunks.ts): the client's UI and base characters
 * are a face of their own, the same files for every deck (cut once, cached), and with the deck's
 * chunks and supplements every character the deck needs is declared by exactly one face of each
 * weight, whose file draws it. Two fixture decks the browser tests build anyway (their cuts are
 * cached for those builds).
 */

const deckOf = (name: string): Deck => compileDeck(readDeckFolder(path.resolve('tests/fixtures', name))).deck!;
const ui = clientCharacters();

/** Code points of a CSS unicode-range. */
const points = (range: string): number[] =>
  range.split(',').flatMap((r) => {
    const [a, b] = r.trim().replace(/^U\+/i, '').split('-').map((x) => parseInt(x, 16));
    return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
  });

/** Code points a woff2 file has glyphs for (its cmap), decoded as subset-font's own converter does. */
async function cmap(file: string): Promise<Set<number>> {
  const fontverter = createRequire(createRequire(import.meta.url).resolve('subset-font'))('fontverter') as { convert(font: Buffer, to: 'truetype'): Promise<Buffer> };
  const ttf = await fontverter.convert(readFileSync(file), 'truetype');
  const { Blob, Face } = await import('harfbuzzjs');
  return new Set(new Face(new Blob(ttf), 0).collectUnicodes());
}

describe('deck font faces', () => {
  it('declare each character the deck needs in exactly one face of each weight, whose file draws it', async () => {
    const deck = deckOf('basic');
    const { faces, missing } = await deckFontFaces(deck, ui);
    const need = [...subsetText(deck, ui)].filter((c) => !missing.includes(c)).map((c) => c.codePointAt(0)!);
    for (const w of [400, 700] as const) {
      const mine = faces.filter((f) => f.weight === w);
      const declared = mine.flatMap((f) => points(f.unicodeRange!));
      expect(new Set(declared).size, `weight ${w}: overlapping unicode-ranges`).toBe(declared.length);
      expect([...declared].sort((a, b) => a - b)).toEqual([...new Set(need)].sort((a, b) => a - b));
      // Each file has what its face declares (one weight checked: the other is cut the same way).
      if (w === 400) for (const f of mine) {
        const has = await cmap(f.file);
        expect(points(f.unicodeRange!).filter((c) => !has.has(c)), path.basename(f.file)).toEqual([]);
      }
    }
    // The first slide's chunk is whole: it alone paints the first slide (inline, font-display: block).
    const first = faces.find((f) => f.weight === 400 && f.chunk === 'first' && !/-s\d+\.woff2$/.test(f.file))!;
    const firstPoints = new Set(points(first.unicodeRange!));
    const { main } = await planFaces(subsetText(deck, ui));
    const wanted = new Set(chunkWants(deck)[0]);
    expect([...main].filter((c) => wanted.has(c)).every((c) => firstPoints.has(c.codePointAt(0)!))).toBe(true);
  });

  it('share the UI faces between decks: the same files, each deck declaring them for what its own chunks lack', async () => {
    const [a, b] = await Promise.all([deckFontFaces(deckOf('basic'), ui), deckFontFaces(deckOf('quiz'), ui)]);
    const shared = (faces: SubsetFace[]): string[] => faces.filter((f) => /-ui(-s\d+)?\.woff2$/.test(f.file)).map((f) => f.file).sort();
    // Main font and supplements, both weights.
    expect(shared(a.faces).length).toBeGreaterThanOrEqual(2);
    expect(shared(b.faces)).toEqual(shared(a.faces));
    const uiMain = a.faces.find((f) => f.weight === 400 && f.chunk === 'ui')!;
    expect(path.basename(uiMain.file)).toBe('noto-sans-jp-400-ui.woff2');
    // The deck's own chunks differ, and its "rest" holds no character of the shared face.
    const chunkFiles = (faces: SubsetFace[]): string[] => faces.filter((f) => f.chunk === 'first' || f.chunk === 'near').map((f) => f.file);
    expect(chunkFiles(a.faces).some((f) => chunkFiles(b.faces).includes(f))).toBe(false);
    const sharedChars = new Set([...sharedFaceText(ui)].map((c) => c.codePointAt(0)!));
    for (const r of b.faces.filter((f) => f.chunk === 'rest')) expect(points(r.unicodeRange!).filter((c) => sharedChars.has(c))).toEqual([]);
    // ASCII is in every deck's "near" chunk, so the shared face leaves it out.
    expect(sharedFaceText(ui)).not.toMatch(/[\x20-\x7e]/);
  });

  it('split a deck\'s characters by when they are first shown; a rest of a few characters joins "near", the shared face keeps its own', () => {
    const later = Array.from({ length: 40 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    expect(splitChunks(`ab${later}`, ['a', 'b'])).toEqual([
      { name: 'first', chars: 'a' },
      { name: 'near', chars: 'b' },
      { name: 'rest', chars: later },
    ]);
    expect(splitChunks('abxyz', ['a', 'b'])).toEqual([
      { name: 'first', chars: 'a' },
      { name: 'near', chars: 'bxyz' },
    ]);
    // What the shared face has is left to it, unless a slide of the first four shows it.
    expect(splitChunks(`ab${later}`, ['a', 'b'], new Set([...later, 'b']))).toEqual([
      { name: 'first', chars: 'a' },
      { name: 'near', chars: 'b' },
    ]);
  });

  it('are cut by harfbuzz as subset-font cuts them, byte for byte, from a kept face or a new one', async () => {
    const main = await truetype(fullFontFile(400));
    const viaSubsetFont = (font: Uint8Array, text: string): Promise<Buffer> => subsetFont(font, text, { targetFormat: 'truetype', keepFeatures: KEEP_FEATURES });
    const same = async (font: Uint8Array, text: string): Promise<boolean> => Buffer.from(await subsetTrueType(font, text, KEEP_FEATURES)).equals(await viaSubsetFont(font, text));
    expect(await same(main, 'アメリカとロシアの関係 1945、ABC…')).toBe(true);
    // The rest from sources of a few KiB (a cut of the main font): the face kept from the first cut, ...
    const small = await viaSubsetFont(main, 'A関係の歴史');
    for (const text of ['関係', 'A歴史']) expect(await same(small, text), text).toBe(true);
    // ... and more sources than faces kept (16): the oldest is dropped and made again when it is cut next.
    const copies = Array.from({ length: 18 }, () => Buffer.from(small));
    for (const c of copies) await subsetTrueType(c, 'A', KEEP_FEATURES);
    expect(await same(copies[0]!, '関係')).toBe(true);
  });
});
