// Over 250 lines: one small PDF reader and writer (xref, dictionaries, object streams) that only works as a whole.
import { deflateSync } from 'node:zlib';

/**
 * Just enough PDF to finish what Chromium prints (finish.ts): read the classic cross-reference
 * table and trailer Chromium's PDF backend (Skia) writes, look up a few dictionaries (catalog, page
 * tree, structure tree root, document information), and write the file again with changed and
 * added dictionaries. Why not pdf-lib: it parses every object of the file into objects and
 * serialises them back (~0.3 s of CPU for a 32-slide deck here, plus ~0.1 s to load it), where
 * this only slices bytes: stream objects (fonts, page contents, images) are copied as they are, and
 * every other object's text goes, unparsed, into compressed object streams (PDF 1.5), which keeps
 * the file as small as pdf-lib's (Skia writes ~1,200 small tag dictionaries uncompressed).
 * Values are handled as their source text; only what finish.ts asks for is parsed.
 */

/** `n 0 R`. */
export interface Ref {
  num: number;
}

/** A dictionary as its entries' source text, in order: `/Key` (without the slash) → value text. */
export type Dict = Map<string, string>;

const WS = new Set([0, 9, 10, 12, 13, 32]);
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));
const ch = (s: string): number => s.charCodeAt(0);

export class PdfError extends Error {}

/** PDF syntax over a file's bytes as latin1 text (one character per byte). */
class Syntax {
  constructor(readonly text: string) {}

  skipWs(pos: number): number {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(pos);
      if (WS.has(c)) pos += 1;
      else if (c === ch('%')) {
        while (pos < t.length && t.charCodeAt(pos) !== 10 && t.charCodeAt(pos) !== 13) pos += 1;
      } else return pos;
    }
  }

  /** Parses the dictionary at `pos` into its entries' source text. */
  dictAt(pos: number): { dict: Dict; end: number } {
    const t = this.text;
    if (!t.startsWith('<<', pos)) throw new PdfError(`no dictionary at offset ${pos}`);
    const dict: Dict = new Map();
    pos = this.skipWs(pos + 2);
    while (!t.startsWith('>>', pos)) {
      if (t.charCodeAt(pos) !== ch('/')) throw new PdfError(`a dictionary key expected at offset ${pos}`);
      const keyEnd = this.tokenEnd(pos + 1);
      const key = t.slice(pos + 1, keyEnd);
      const at = this.skipWs(keyEnd);
      const end = this.valueEnd(at);
      dict.set(key, t.slice(at, end));
      pos = this.skipWs(end);
      if (pos >= t.length) throw new PdfError('unterminated dictionary');
    }
    return { dict, end: pos + 2 };
  }

  /** End of a regular token (a number, a keyword, a name without its slash). */
  tokenEnd(pos: number): number {
    const t = this.text;
    while (pos < t.length) {
      const c = t.charCodeAt(pos);
      if (WS.has(c) || DELIM.has(c)) break;
      pos += 1;
    }
    return pos;
  }

  /** End of the value at `pos`: a reference `n g R` counts as one value. */
  valueEnd(pos: number): number {
    const t = this.text;
    const c = t.charCodeAt(pos);
    if (c === ch('<') && t.charCodeAt(pos + 1) === ch('<')) return this.dictAt(pos).end;
    if (c === ch('<')) {
      const end = t.indexOf('>', pos);
      if (end < 0) throw new PdfError('unterminated hex string');
      return end + 1;
    }
    if (c === ch('(')) {
      let depth = 0;
      for (let i = pos; i < t.length; i++) {
        const d = t.charCodeAt(i);
        if (d === ch('\\')) i += 1;
        else if (d === ch('(')) depth += 1;
        else if (d === ch(')') && --depth === 0) return i + 1;
      }
      throw new PdfError('unterminated string');
    }
    if (c === ch('[')) {
      pos = this.skipWs(pos + 1);
      while (t.charCodeAt(pos) !== ch(']')) {
        if (pos >= t.length) throw new PdfError('unterminated array');
        pos = this.skipWs(this.valueEnd(pos));
      }
      return pos + 1;
    }
    if (c === ch('/')) return this.tokenEnd(pos + 1);
    const end = this.tokenEnd(pos);
    if (end === pos) throw new PdfError(`unexpected "${t[pos]}" at offset ${pos}`);
    // n g R
    const m = /^\s+\d+\s+R(?![^\s()<>[\]{}/%])/.exec(t.slice(end, end + 24));
    return /^\d+$/.test(t.slice(pos, end)) && m ? end + m[0].length : end;
  }
}

export class PdfFile extends Syntax {
  readonly bytes: Uint8Array;
  /** Object number → byte offset of `n g obj`, for objects in use. */
  readonly offsets = new Map<number, number>();
  readonly trailer: Dict;
  /** One past the highest object number (the trailer's /Size). */
  readonly size: number;
  private readonly xrefAt: number;

  constructor(bytes: Uint8Array) {
    // One byte per character: offsets in the text are offsets in the file.
    super(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
    this.bytes = bytes;
    const sx = this.text.lastIndexOf('startxref');
    if (sx < 0) throw new PdfError('no startxref');
    const xrefAt = Number(/^startxref\s+(\d+)/.exec(this.text.slice(sx, sx + 40))?.[1]);
    this.xrefAt = xrefAt;
    if (!this.text.startsWith('xref', xrefAt)) throw new PdfError('no classic cross-reference table (an xref stream?)');
    const trailerAt = this.text.indexOf('trailer', xrefAt);
    if (trailerAt < 0) throw new PdfError('no trailer');
    // Subsections: "first count" then count 20-byte entries "oooooooooo ggggg n".
    const table = this.text.slice(xrefAt + 4, trailerAt);
    let num = 0;
    for (const m of table.matchAll(/(\d+)[ \t]+(\d+)(?:[ \t]+([nf]))?/g)) {
      if (m[3] === undefined) {
        num = Number(m[1]);
        continue;
      }
      if (m[3] === 'n') {
        if (m[2] !== '00000' && Number(m[2]) !== 0) throw new PdfError(`object ${num} has generation ${m[2]}`);
        this.offsets.set(num, Number(m[1]));
      }
      num += 1;
    }
    this.trailer = this.dictAt(this.skipWs(trailerAt + 'trailer'.length)).dict;
    if (this.trailer.has('Prev')) throw new PdfError('incremental updates are not supported');
    this.size = Number(this.trailer.get('Size'));
  }

  /** The dictionary of object `num` (a plain dictionary or a stream's). */
  dict(ref: Ref | number): Dict {
    const { valueAt } = this.object(typeof ref === 'number' ? ref : ref.num);
    return this.dictAt(valueAt).dict;
  }

  /** Where object `num`'s value starts, whether it is a stream, and where the object ends (after `endobj`). */
  object(num: number): { start: number; valueAt: number; valueEnd: number; stream: boolean; end: number } {
    const start = this.offsets.get(num);
    if (start === undefined) throw new PdfError(`object ${num} is not in the cross-reference table`);
    const head = /^(\d+)\s+(\d+)\s+obj/.exec(this.text.slice(start, start + 40));
    if (!head || Number(head[1]) !== num) throw new PdfError(`object ${num} is not at offset ${start}`);
    const valueAt = this.skipWs(start + head[0].length);
    // Objects follow one another (as Chromium writes them): this one ends with the last `endobj`
    // before the next one starts, and it is a stream when `endstream` comes right before that (in a
    // dictionary, such a word could only sit inside a string, which ends with ")" before endobj).
    // Found so without tokenizing every dictionary of the file; else parsed below.
    const limit = this.nextOffset(start);
    const last = this.text.lastIndexOf('endobj', limit - 6);
    if (last > valueAt && /^\s*$/.test(this.text.slice(last + 6, limit))) {
      const tail = this.text.slice(Math.max(valueAt, last - 24), last);
      if (/endstream\s*$/.test(tail)) return { start, valueAt, valueEnd: -1, stream: true, end: last + 6 };
      let valueEnd = last;
      while (WS.has(this.text.charCodeAt(valueEnd - 1))) valueEnd -= 1;
      return { start, valueAt, valueEnd, stream: false, end: last + 6 };
    }
    const valueEnd = this.valueEnd(valueAt);
    const after = this.skipWs(valueEnd);
    if (this.text.startsWith('endobj', after)) return { start, valueAt, valueEnd, stream: false, end: after + 'endobj'.length };
    if (!this.text.startsWith('stream', after)) throw new PdfError(`object ${num}: neither endobj nor stream after its value`);
    const length = this.dictAt(valueAt).dict.get('Length');
    let dataAt = after + 'stream'.length;
    if (this.text.charCodeAt(dataAt) === 13) dataAt += 1;
    if (this.text.charCodeAt(dataAt) === 10) dataAt += 1;
    const direct = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
    const endstream = this.text.indexOf('endstream', direct !== undefined ? dataAt + direct : dataAt);
    const endobj = endstream < 0 ? -1 : this.text.indexOf('endobj', endstream);
    if (endobj < 0) throw new PdfError(`object ${num}: unterminated stream`);
    return { start, valueAt, valueEnd, stream: true, end: endobj + 'endobj'.length };
  }

  private sortedOffsets?: number[];

  /** Where the next object (or the cross-reference table) starts after the object at `start`. */
  private nextOffset(start: number): number {
    this.sortedOffsets ??= [...this.offsets.values(), this.xrefAt].sort((a, b) => a - b);
    const list = this.sortedOffsets;
    let lo = 0;
    let hi = list.length - 1;
    // The first offset greater than start (binary search).
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! > start) hi = mid;
      else lo = mid + 1;
    }
    return list[lo]! > start ? list[lo]! : this.text.length;
  }

  /** The pages in order, walking the page tree from the catalog. */
  pages(): Ref[] {
    const out: Ref[] = [];
    const walk = (ref: Ref, depth: number): void => {
      if (depth > 64) throw new PdfError('page tree too deep');
      const node = this.dict(ref);
      if (node.get('Type') === '/Pages') for (const kid of refs(node.get('Kids') ?? '')) walk(kid, depth + 1);
      else out.push(ref);
    };
    walk(ref(this.catalog().get('Pages')), 0);
    return out;
  }

  catalog(): Dict {
    return this.dict(ref(this.trailer.get('Root')));
  }

}

/** The entries of a dictionary's text (`<</A 1 /B 2 0 R>>`). */
export function parseDict(text: string): Dict {
  return new Syntax(text).dictAt(0).dict;
}

/** The values of an array's text (`[1 0 R (a) /B]` → `1 0 R`, `(a)`, `/B`). */
export function arrayItems(text: string): string[] {
  const syntax = new Syntax(text);
  let pos = syntax.skipWs(0);
  if (text.charCodeAt(pos) !== ch('[')) throw new PdfError('an array expected');
  const items: string[] = [];
  pos = syntax.skipWs(pos + 1);
  while (text.charCodeAt(pos) !== ch(']')) {
    if (pos >= text.length) throw new PdfError('unterminated array');
    const end = syntax.valueEnd(pos);
    items.push(text.slice(pos, end));
    pos = syntax.skipWs(end);
  }
  return items;
}

/** The reference in a value's text (`12 0 R`). */
export function ref(value: string | undefined): Ref {
  const m = /^(\d+)\s+\d+\s+R$/.exec(value?.trim() ?? '');
  if (!m) throw new PdfError(`a reference expected, got ${value}`);
  return { num: Number(m[1]) };
}

/** Every reference in an array's text. */
export function refs(value: string): Ref[] {
  return [...value.matchAll(/(\d+)\s+\d+\s+R/g)].map((m) => ({ num: Number(m[1]) }));
}

export const refText = (r: Ref): string => `${r.num} 0 R`;

/** A text string for any Unicode text: UTF-16BE with a byte order mark, as hex. */
export function textString(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/** A literal string of ASCII text (e.g. a language tag). */
export function asciiString(s: string): string {
  return `(${s.replace(/[\\()]/g, (c) => '\\' + c).replace(/[^\x20-\x7e]/g, '')})`;
}

export function dictText(d: Dict): string {
  return `<<${[...d].map(([k, v]) => `/${k} ${v}`).join('\n')}>>`;
}

/** Objects per object stream: large enough to compress well, small enough for a reader's random access. */
const PER_STREAM = 200;

/**
 * A PDF written front to back: the header, then each piece in order, with the offset the next one
 * starts at (what a cross-reference records).
 */
export class PdfWriter {
  private readonly parts: Uint8Array[] = [];
  /** Bytes written so far: the offset of the next piece. */
  at = 0;
  constructor() {
    // The usual binary comment: transfer tools treat the file as binary.
    this.push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  }
  push(b: Uint8Array | string): void {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    this.parts.push(buf);
    this.at += buf.length;
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

/**
 * Writes `pdf` again with `changed` objects (number → value text, replacing or adding) and a
 * trailer whose entries are `trailer` (e.g. Root, Info): stream objects verbatim, all other objects
 * in flate-compressed object streams, a cross-reference stream at the end. Numbers ≥ pdf.size
 * must come from allocating in order (see `next`).
 */
export function rewritePdf(pdf: PdfFile, changed: Map<number, string>, trailer: Dict): Uint8Array {
  const out = new PdfWriter();
  // Type 1 (offset) or type 2 (object stream, index) per object number.
  const where = new Map<number, [1, number] | [2, number, number]>();
  const packed: Array<[number, string]> = [];
  const text = Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength);
  for (const num of [...pdf.offsets.keys()].sort((a, b) => a - b)) {
    if (changed.has(num)) continue;
    const o = pdf.object(num);
    if (o.stream) {
      where.set(num, [1, out.at]);
      out.push(pdf.bytes.subarray(o.start, o.end));
      out.push('\n');
    } else packed.push([num, text.toString('latin1', o.valueAt, o.valueEnd)]);
  }
  for (const [num, value] of changed) packed.push([num, value]);
  let next = Math.max(pdf.size, ...[...changed.keys()].map((n) => n + 1));
  for (let i = 0; i < packed.length; i += PER_STREAM) {
    const group = packed.slice(i, i + PER_STREAM);
    const stm = next++;
    let head = '';
    let body = '';
    group.forEach(([num, value], j) => {
      where.set(num, [2, stm, j]);
      head += `${num} ${body.length} `;
      body += value + '\n';
    });
    const data = deflateSync(Buffer.from(head + '\n' + body, 'latin1'));
    where.set(stm, [1, out.at]);
    out.push(`${stm} 0 obj\n<</Type /ObjStm\n/N ${group.length}\n/First ${head.length + 1}\n/Filter /FlateDecode\n/Length ${data.length}>> stream\n`);
    out.push(data);
    out.push('\nendstream\nendobj\n');
  }
  const xref = next++;
  const size = next;
  where.set(xref, [1, out.at]);
  // W [1 4 2]: type, offset or object stream number, generation or index.
  const rows = Buffer.alloc(size * 7);
  for (let n = 0; n < size; n++) {
    const w = where.get(n);
    const o = n * 7;
    if (!w) {
      rows[o] = 0;
      rows.writeUInt32BE(0, o + 1);
      rows.writeUInt16BE(n === 0 ? 65535 : 0, o + 5);
    } else {
      rows[o] = w[0];
      rows.writeUInt32BE(w[1], o + 1);
      rows.writeUInt16BE(w[0] === 2 ? w[2] : 0, o + 5);
    }
  }
  const data = deflateSync(rows);
  const t = new Map(trailer);
  for (const k of ['Size', 'Prev', 'XRefStm', 'Type', 'W', 'Index', 'Filter', 'DecodeParms', 'Length']) t.delete(k);
  out.push(`${xref} 0 obj\n<</Type /XRef\n/Size ${size}\n/W [1 4 2]\n${[...t].map(([k, v]) => `/${k} ${v}\n`).join('')}/Filter /FlateDecode\n/Length ${data.length}>> stream\n`);
  out.push(data);
  out.push(`\nendstream\nendobj\nstartxref\n${where.get(xref)![1]}\n%%EOF\n`);
  return out.bytes();
}
