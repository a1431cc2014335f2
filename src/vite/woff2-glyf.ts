// Over 250 lines: one transform, its seven streams and the glyph parsing they are made from.
/**
 * The WOFF2 glyf/loca transform (https://www.w3.org/TR/WOFF2/ section 5.1–5.3) for woff2.ts: each
 * glyph's contours, point counts, flags, triplet-coded coordinates, composite records, bboxes and
 * instructions go to separate streams (which brotli packs ~15 % tighter than glyf), and loca is
 * left for the decoder to rebuild. Follows Google's encoder (transform.cc), with the checks its
 * decoder (woff2_dec.cc) makes in mind: the loca format it will write, each glyph's xMin it will see.
 */

/** A growable byte buffer (big-endian writes). */
export class Bytes {
  buf = new Uint8Array(256);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.length++] = v & 0xff;
  }
  u16(v: number): void {
    this.room(2);
    this.buf[this.length++] = (v >> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
  }
  u32(v: number): void {
    this.u16(v >>> 16);
    this.u16(v & 0xffff);
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  /** 255UInt16 (spec section 6.1.1). */
  u255(v: number): void {
    if (v < 253) this.u8(v);
    else if (v < 506) (this.u8(255), this.u8(v - 253));
    else if (v < 762) (this.u8(254), this.u8(v - 506));
    else (this.u8(253), this.u16(v));
  }
  /** UIntBase128 (spec section 6.1.1): 7 bits a byte, most significant first, no leading zeros. */
  base128(v: number): void {
    const out: number[] = [v & 0x7f];
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) out.unshift((v & 0x7f) | 0x80);
    for (const b of out) this.u8(b);
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

const FLAG_ON_CURVE = 1;
const FLAG_X_SHORT = 2;
const FLAG_Y_SHORT = 4;
const FLAG_REPEAT = 8;
const FLAG_X_SAME = 16;
const FLAG_Y_SAME = 32;
const COMPOSITE_ARGS_ARE_WORDS = 1;
const COMPOSITE_HAVE_SCALE = 8;
const COMPOSITE_MORE = 32;
const COMPOSITE_XY_SCALE = 64;
const COMPOSITE_TWO_BY_TWO = 128;
const COMPOSITE_HAVE_INSTRUCTIONS = 256;

/**
 * How the decoder stores a coordinate delta (its StorePoints), as a flag's bits: none but `same` for
 * 0 (repeat the coordinate), `short` for a byte (with `same` when positive), nothing for a word.
 */
const deltaFlag = (d: number, short: number, same: number): number => (d === 0 ? same : d > -256 && d < 256 ? short | (d > 0 ? same : 0) : 0);
/** The bytes that delta takes there: 0, 1 or 2 (as deltaFlag tells). */
const deltaBytes = (d: number): number => (d === 0 ? 0 : d > -256 && d < 256 ? 1 : 2);

/** The glyf streams of the transform (section 5.1), one glyph at a time. */
class GlyfEncoder {
  nContours = new Bytes();
  nPoints = new Bytes();
  flags = new Bytes();
  glyphs = new Bytes();
  composites = new Bytes();
  bboxes = new Bytes();
  instructions = new Bytes();
  bboxBitmap: Uint8Array;
  /** Each glyph's xMin as the decoder rebuilds it (0 for an empty glyph): the transformed hmtx relies on it. */
  xMins: Int16Array;
  /** Size of the glyf table the decoder rebuilds (each glyph padded to 4 bytes). */
  rebuiltSize = 0;

  constructor(readonly numGlyphs: number) {
    this.bboxBitmap = new Uint8Array(((numGlyphs + 31) >> 5) << 2);
    this.xMins = new Int16Array(numGlyphs);
  }

  add(id: number, g: DataView): void {
    if (g.byteLength === 0) {
      this.nContours.u16(0);
      return;
    }
    const n = g.getInt16(0);
    // A simple glyph's rebuilt bbox is its points' unless stored (when it differs), so xMin is the stored one.
    if (n !== 0) this.xMins[id] = g.getInt16(2);
    if (n === 0) this.nContours.u16(0);
    else if (n > 0) this.simple(id, g, n);
    else this.composite(id, g);
  }

  private bbox(id: number, g: DataView): void {
    this.bboxBitmap[id >> 3]! |= 0x80 >> (id & 7);
    for (let i = 2; i < 10; i += 2) this.bboxes.u16(g.getUint16(i));
  }

  private simple(id: number, g: DataView, n: number): void {
    this.nContours.u16(n);
    let at = 10;
    let points = 0;
    for (let i = 0; i < n; i++) {
      const end = g.getUint16(at) + 1;
      this.nPoints.u255(end - points);
      points = end;
      at += 2;
    }
    const instructionLength = g.getUint16(at);
    const instructions = new Uint8Array(g.buffer, g.byteOffset + at + 2, instructionLength);
    at += 2 + instructionLength;
    const flags = new Uint8Array(points);
    for (let i = 0; i < points; ) {
      const f = g.getUint8(at++);
      flags[i++] = f;
      if (f & FLAG_REPEAT) for (let r = g.getUint8(at++); r > 0; r--) flags[i++] = f;
    }
    const xs = new Int32Array(points);
    const ys = new Int32Array(points);
    for (const [out, short, same] of [
      [xs, FLAG_X_SHORT, FLAG_X_SAME],
      [ys, FLAG_Y_SHORT, FLAG_Y_SAME],
    ] as const) {
      let v = 0;
      for (let i = 0; i < points; i++) {
        const f = flags[i]!;
        if (f & short) v += f & same ? g.getUint8(at++) : -g.getUint8(at++);
        else if (!(f & same)) (v += g.getInt16(at), (at += 2));
        out[i] = v;
      }
    }
    let xMin = xs[0]!, yMin = ys[0]!, xMax = xMin, yMax = yMin;
    let lastX = 0;
    let lastY = 0;
    // The size of the glyph the decoder rebuilds (its StorePoints: flags with repeats, short or word deltas).
    let rebuilt = 12 + 2 * n + instructionLength;
    let lastFlag = -1;
    let repeats = 0;
    for (let i = 0; i < points; i++) {
      const x = xs[i]!, y = ys[i]!;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
      const onCurve = (flags[i]! & FLAG_ON_CURVE) !== 0;
      const dx = x - lastX;
      const dy = y - lastY;
      this.triplet(onCurve, dx, dy);
      const f = (onCurve ? FLAG_ON_CURVE : 0) | deltaFlag(dx, FLAG_X_SHORT, FLAG_X_SAME) | deltaFlag(dy, FLAG_Y_SHORT, FLAG_Y_SAME);
      rebuilt += deltaBytes(dx) + deltaBytes(dy);
      if (f === lastFlag && repeats !== 255) {
        if (repeats++ === 0) rebuilt++; // the repeat count byte
      } else {
        rebuilt++;
        repeats = 0;
      }
      lastFlag = f;
      lastX = x;
      lastY = y;
    }
    // The decoder computes the bbox from the points; a stored one that differs is kept.
    if (xMin !== g.getInt16(2) || yMin !== g.getInt16(4) || xMax !== g.getInt16(6) || yMax !== g.getInt16(8)) this.bbox(id, g);
    this.glyphs.u255(instructionLength);
    this.instructions.bytes(instructions);
    this.rebuiltSize += round4(rebuilt);
  }

  private composite(id: number, g: DataView): void {
    this.nContours.u16(0xffff);
    this.bbox(id, g); // composites always carry theirs
    let at = 10;
    let flags = COMPOSITE_MORE;
    let haveInstructions = false;
    while (flags & COMPOSITE_MORE) {
      flags = g.getUint16(at);
      haveInstructions ||= (flags & COMPOSITE_HAVE_INSTRUCTIONS) !== 0;
      at += 4 + (flags & COMPOSITE_ARGS_ARE_WORDS ? 4 : 2);
      if (flags & COMPOSITE_HAVE_SCALE) at += 2;
      else if (flags & COMPOSITE_XY_SCALE) at += 4;
      else if (flags & COMPOSITE_TWO_BY_TWO) at += 8;
    }
    this.composites.bytes(new Uint8Array(g.buffer, g.byteOffset + 10, at - 10));
    let instructionLength = 0;
    if (haveInstructions) {
      instructionLength = g.getUint16(at);
      this.glyphs.u255(instructionLength);
      this.instructions.bytes(new Uint8Array(g.buffer, g.byteOffset + at + 2, instructionLength));
    }
    this.rebuiltSize += round4(haveInstructions ? at + 2 + instructionLength : at);
  }

  /** A point as a flag byte and 1–4 bytes of coordinates (section 5.2, triplet encoding). */
  private triplet(onCurve: boolean, dx: number, dy: number): void {
    const ax = Math.abs(dx);
    const ay = Math.abs(dy);
    const on = onCurve ? 0 : 128;
    const xSign = dx < 0 ? 0 : 1;
    const ySign = dy < 0 ? 0 : 1;
    const signs = xSign + 2 * ySign;
    if (dx === 0 && ay < 1280) {
      this.flags.u8(on + ((ay & 0xf00) >> 7) + ySign);
      this.glyphs.u8(ay & 0xff);
    } else if (dy === 0 && ax < 1280) {
      this.flags.u8(on + 10 + ((ax & 0xf00) >> 7) + xSign);
      this.glyphs.u8(ax & 0xff);
    } else if (ax < 65 && ay < 65) {
      this.flags.u8(on + 20 + ((ax - 1) & 0x30) + (((ay - 1) & 0x30) >> 2) + signs);
      this.glyphs.u8((((ax - 1) & 0xf) << 4) | ((ay - 1) & 0xf));
    } else if (ax < 769 && ay < 769) {
      this.flags.u8(on + 84 + 12 * (((ax - 1) & 0x300) >> 8) + (((ay - 1) & 0x300) >> 6) + signs);
      this.glyphs.u8((ax - 1) & 0xff);
      this.glyphs.u8((ay - 1) & 0xff);
    } else if (ax < 4096 && ay < 4096) {
      this.flags.u8(on + 120 + signs);
      this.glyphs.u8(ax >> 4);
      this.glyphs.u8(((ax & 0xf) << 4) | (ay >> 8));
      this.glyphs.u8(ay & 0xff);
    } else {
      this.flags.u8(on + 124 + signs);
      this.glyphs.u16(ax);
      this.glyphs.u16(ay);
    }
  }

  table(indexFormat: number): Uint8Array {
    const streams = [this.nContours, this.nPoints, this.flags, this.glyphs, this.composites];
    const out = new Bytes();
    out.u16(0); // reserved
    out.u16(0); // optionFlags: no overlapSimpleBitmap
    out.u16(this.numGlyphs);
    out.u16(indexFormat);
    for (const s of streams) out.u32(s.length);
    out.u32(this.bboxBitmap.length + this.bboxes.length);
    out.u32(this.instructions.length);
    for (const s of streams) out.bytes(s.view());
    out.bytes(this.bboxBitmap);
    out.bytes(this.bboxes.view());
    out.bytes(this.instructions.view());
    return out.view();
  }
}

export const round4 = (n: number): number => (n + 3) & ~3;

/**
 * glyf and loca transformed, and head with the loca format the decoder will write: the font's own,
 * unless its glyphs, rebuilt and padded to 4 bytes, could pass what short offsets reach.
 */
export function transformGlyf(glyf: Uint8Array, loca: Uint8Array, head: Uint8Array, maxp: Uint8Array): { glyf: Uint8Array; head: Uint8Array; locaLength: number; xMins: Int16Array } {
  const numGlyphs = new DataView(maxp.buffer, maxp.byteOffset, maxp.byteLength).getUint16(4);
  const h = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let indexFormat = h.getInt16(50);
  const l = new DataView(loca.buffer, loca.byteOffset, loca.byteLength);
  const offset = (i: number): number => (indexFormat === 0 ? l.getUint16(2 * i) * 2 : l.getUint32(4 * i));
  const enc = new GlyfEncoder(numGlyphs);
  for (let i = 0; i < numGlyphs; i++) {
    const [a, b] = [offset(i), offset(i + 1)];
    if (b < a || b > glyf.length) throw new Error(`woff2: glyph ${i} has a bad loca entry`);
    enc.add(i, new DataView(glyf.buffer, glyf.byteOffset + a, b - a));
  }
  if (indexFormat === 0 && enc.rebuiltSize > 0x1fffe) {
    indexFormat = 1;
    head = head.slice();
    new DataView(head.buffer).setInt16(50, 1);
  }
  return { glyf: enc.table(indexFormat), head, locaLength: (numGlyphs + 1) * (indexFormat === 0 ? 2 : 4), xMins: enc.xMins };
}
