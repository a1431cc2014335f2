import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import { Bytes, round4, transformGlyf } from './woff2-glyf.ts';

const compress = promisify(brotliCompress);

/**
 * A WOFF2 writer (https://www.w3.org/TR/WOFF2/) for the TrueType subsets fonts.ts cuts, on Node's
 * native brotli. Why not wawoff2 (Google's encoder in wasm, what subset-font calls): brotli at
 * quality 11 in wasm was ~90 % of a cold font cut, and every fresh clone and CI run cuts ~100.
 * Nor npm's native encoders: ttf2woff2 compiles Google's C++ with node-gyp at install (a compiler
 * and a minute on every fresh clone, else its wasm fallback), @napi-rs/ttf2woff2 is a 0.0.x
 * binary few use.
 *
 * Like Google's encoder: one brotli stream (font mode) over the tables in tag order,
 * loca right after glyf; glyf/loca in the WOFF2 transform (woff2-glyf.ts; contours, points, triplet
 * coordinates, composites, bboxes, instructions in separate streams; loca rebuilt by the decoder),
 * which makes CJK subsets ~15 % smaller than stored glyf; other tables as they are (null
 * transform). Unlike it: hmtx transformed too when its side bearings are the glyphs' xMin (section
 * 5.4; −0.3 % bytes), a simple glyph whose stored bbox differs from its points' keeps it (the
 * spec's lossless rule; Google's always drops it), and no font collections; brotli at quality 10,
 * not 11: over the suite's 90 cuts it was as small (852.7 KB against 853.1 KB) for half the CPU
 * (1.3 s against 2.6 s native, 4.7 s in wasm); quality 9 was 4 % bigger.
 */

/** The table tags a directory entry names by index (spec section 4.2, "Known Table Tags"). */
const KNOWN_TAGS = [
  'cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'OS/2', 'post', 'cvt ', 'fpgm', 'glyf', 'loca', 'prep', 'CFF ', 'VORG', 'EBDT',
  'EBLC', 'gasp', 'hdmx', 'kern', 'LTSH', 'PCLT', 'VDMX', 'vhea', 'vmtx', 'BASE', 'GDEF', 'GPOS', 'GSUB', 'EBSC', 'JSTF', 'MATH',
  'CBDT', 'CBLC', 'COLR', 'CPAL', 'SVG ', 'sbix', 'acnt', 'avar', 'bdat', 'bloc', 'bsln', 'cvar', 'fdsc', 'feat', 'fmtx', 'fvar',
  'gvar', 'hsty', 'just', 'lcar', 'mort', 'morx', 'opbd', 'prop', 'trak', 'Zapf', 'Silf', 'Glat', 'Gloc', 'Feat', 'Sill',
];

export interface Woff2Options {
  /** Store glyf/loca as they are (transform version 3) instead of transformed; for comparison in tests. */
  nullTransform?: boolean;
}

interface Table {
  tag: string;
  data: Uint8Array;
}

const tagOf = (d: DataView, at: number): string => String.fromCharCode(d.getUint8(at), d.getUint8(at + 1), d.getUint8(at + 2), d.getUint8(at + 3));

function readTables(sfnt: Uint8Array): { flavor: number; tables: Table[] } {
  const d = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
  const flavor = d.getUint32(0);
  if (flavor !== 0x00010000 && flavor !== 0x74727565) throw new Error('woff2: not a TrueType font');
  const tables: Table[] = [];
  for (let i = 0; i < d.getUint16(4); i++) {
    const at = 12 + 16 * i;
    const offset = d.getUint32(at + 8);
    const length = d.getUint32(at + 12);
    if (offset + length > sfnt.length) throw new Error(`woff2: table ${tagOf(d, at)} runs past the end of the font`);
    tables.push({ tag: tagOf(d, at), data: sfnt.subarray(offset, offset + length) });
  }
  return { flavor, tables };
}

/**
 * hmtx without the left side bearings the decoder can take from the glyphs' xMin (section 5.4: the
 * proportional ones, the monospaced ones, or both), ~2 bytes a glyph before brotli; undefined
 * when neither set can go or the table is not exactly the size its counts give.
 */
function transformHmtx(hmtx: Uint8Array, hhea: Uint8Array, xMins: Int16Array): Uint8Array | undefined {
  if (hhea.length < 36) return undefined;
  const numGlyphs = xMins.length;
  const numH = new DataView(hhea.buffer, hhea.byteOffset, hhea.byteLength).getUint16(34);
  if (numH < 1 || numH > numGlyphs || hmtx.length !== 4 * numH + 2 * (numGlyphs - numH)) return undefined;
  const d = new DataView(hmtx.buffer, hmtx.byteOffset, hmtx.byteLength);
  const lsb = (i: number): number => (i < numH ? d.getInt16(4 * i + 2) : d.getInt16(4 * numH + 2 * (i - numH)));
  let proportional = true;
  let monospaced = true;
  for (let i = 0; i < numGlyphs; i++) if (lsb(i) !== xMins[i]) (i < numH ? (proportional = false) : (monospaced = false));
  if (!proportional && !monospaced) return undefined;
  const out = new Bytes();
  out.u8((proportional ? 1 : 0) | (monospaced ? 2 : 0));
  for (let i = 0; i < numH; i++) out.u16(d.getUint16(4 * i));
  if (!proportional) for (let i = 0; i < numH; i++) out.u16(lsb(i));
  if (!monospaced) for (let i = numH; i < numGlyphs; i++) out.u16(lsb(i));
  return out.view();
}

/**
 * Encodes a TrueType font (an sfnt with glyf outlines) as WOFF2. Brotli runs on libuv's thread
 * pool: a build's cuts (a dozen a deck) compress while harfbuzz cuts the next ones.
 */
export async function encodeWoff2(sfnt: Uint8Array, opts: Woff2Options = {}): Promise<Uint8Array> {
  const { flavor, tables } = readTables(sfnt);
  const byTag = new Map(tables.map((t) => [t.tag, t]));
  const order = tables.map((t) => t.tag).sort();
  const glyf = byTag.get('glyf');
  const loca = byTag.get('loca');
  const transform = !opts.nullTransform && glyf !== undefined && loca !== undefined;
  // loca right after glyf: the decoder rebuilds both at once.
  if (glyf && loca) order.splice(order.indexOf('loca'), 1), order.splice(order.indexOf('glyf') + 1, 0, 'loca');
  const stored = new Map<string, Uint8Array>(tables.map((t) => [t.tag, t.data]));
  const origLength = new Map<string, number>(tables.map((t) => [t.tag, t.data.length]));
  /** Tables stored transformed (their transformLength follows in the directory). */
  const transformed = new Set<string>();
  if (transform) {
    const head = byTag.get('head')?.data;
    const maxp = byTag.get('maxp')?.data;
    if (!head || head.length < 54 || !maxp || maxp.length < 6) throw new Error('woff2: a TrueType font needs head and maxp');
    const t = transformGlyf(glyf.data, loca.data, head, maxp);
    stored.set('glyf', t.glyf).set('loca', new Uint8Array(0)).set('head', t.head);
    // The decoder checks loca's against the glyph count and the format it writes.
    origLength.set('loca', t.locaLength);
    transformed.add('glyf').add('loca');
    const hmtx = byTag.get('hmtx')?.data;
    const hhea = byTag.get('hhea')?.data;
    const lean = hmtx && hhea ? transformHmtx(hmtx, hhea, t.xMins) : undefined;
    if (lean) (stored.set('hmtx', lean), transformed.add('hmtx'));
  }

  const dir = new Bytes();
  let streamLength = 0;
  let sfntSize = 12 + 16 * tables.length;
  for (const tag of order) {
    const orig = origLength.get(tag)!;
    const data = stored.get(tag)!;
    const known = KNOWN_TAGS.indexOf(tag);
    // Transform version: 0 is the transform for glyf/loca, 3 their null transform; for hmtx 1 is the transform, 0 null.
    const version = tag === 'glyf' || tag === 'loca' ? (transform ? 0 : 3) : transformed.has(tag) ? 1 : 0;
    dir.u8((version << 6) | (known < 0 ? 63 : known));
    if (known < 0) for (let i = 0; i < 4; i++) dir.u8(tag.charCodeAt(i));
    dir.base128(orig);
    if (transformed.has(tag)) dir.base128(data.length);
    streamLength += data.length;
    sfntSize += round4(orig);
  }
  const stream = new Uint8Array(streamLength);
  let at = 0;
  for (const tag of order) {
    const data = stored.get(tag)!;
    stream.set(data, at);
    at += data.length;
  }
  const compressed = await compress(stream, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_FONT,
      [constants.BROTLI_PARAM_QUALITY]: 10,
      [constants.BROTLI_PARAM_SIZE_HINT]: stream.length,
    },
  });

  const headerAndDir = 48 + dir.length;
  const length = round4(headerAndDir + compressed.length);
  const out = new Uint8Array(length);
  const d = new DataView(out.buffer);
  d.setUint32(0, 0x774f4632); // 'wOF2'
  d.setUint32(4, flavor);
  d.setUint32(8, length);
  d.setUint16(12, tables.length);
  d.setUint32(16, sfntSize);
  d.setUint32(20, compressed.length);
  // majorVersion.minorVersion: the font's revision, as Google's encoder writes it; meta and private blocks: none.
  const head = byTag.get('head')?.data;
  if (head && head.length >= 8) out.set(head.subarray(4, 8), 24);
  out.set(dir.view(), 48);
  out.set(compressed, headerAndDir);
  return out;
}
