// Over 250 lines: one join — the objects' renumbering, the page tree, the parent and ID trees and the structure tree share the same per-part offsets.
import { arrayItems, dictText, parseDict, PdfError, PdfFile, PdfWriter, ref, refs, refText, type Dict, type Ref } from './pdf-file.ts';

/**
 * Joins PDFs Chromium printed in parts (one long deck printed a part at a time, see batches.ts)
 * into one document, as if printed at once: the first part's catalog, document information and
 * structure tree root, every part's pages in order under one page tree, and one structure tree.
 * Why: Chromium's print of one long document costs more per page the longer it is (at 2,000 slides
 * ~7× the per-page CPU of 250), so a 5,000-slide deck prints in parts of 100 pages.
 *
 * Objects are copied as source text, renumbered by an offset per part (part i's object n becomes
 * n + the sizes of the parts before it); stream data (fonts, page contents, images) is copied as it
 * is. Each part embeds its own font subsets, so the file is a little larger than one print.
 * Tagging: part i's /StructParent(s) keys move by the keys of the parts before it; the parent trees
 * (by key) and the ID trees (table headers' /ID, by name) are merged into one each; each part's
 * elements go under the first part's deepest wrapper element (Document, then the NonStruct of
 * <body>, …) that both have, and the other parts' copies of those wrappers are left out. Named
 * destinations (/Dests) are merged; a link from one part to a page of another is not made (none
 * of our pages links to another page). The result has a classic cross-reference table, so
 * finish.ts reads it like Chromium's own output (and writes it compressed).
 */
export function joinPdfs(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 0) throw new PdfError('no PDF to join');
  if (parts.length === 1) return parts[0]!;
  const pdfs = parts.map((b) => new PdfFile(b));
  const bases: number[] = [];
  const keyBases: number[] = [];
  let total = 0;
  let keys = 0;
  const trees = pdfs.map((pdf) => structure(pdf));
  pdfs.forEach((pdf, i) => {
    bases.push(total);
    keyBases.push(keys);
    total += pdf.size;
    keys += trees[i]?.nextKey ?? 0;
  });
  const pagesRoot = total;
  const parentTree = total + 1;
  const idTree = total + 2;
  const size = total + 3;

  // Output object number → its new value text (replaces the part's object), or null: left out.
  const replaced = new Map<number, string | null>();
  const first = pdfs[0]!;
  const catalog0 = first.catalog();
  const catalogRef0 = ref(first.trailer.get('Root'));
  const dests = new Map<string, string>();

  const pageRoots: string[] = [];
  let pageCount = 0;
  const tree0 = trees[0];
  const nums: string[] = [];
  const ids: Array<[string, string]> = [];
  // Structure elements of the first part that get the other parts' elements: their new /K.
  const kidsOf = new Map<number, string[]>();
  pdfs.forEach((pdf, i) => {
    const base = bases[i]!;
    const shift = (text: string): string => renumber(text, base, keyBases[i]!);
    const catalogRef = ref(pdf.trailer.get('Root'));
    const catalog = i === 0 ? catalog0 : pdf.catalog();
    const rootPages = ref(catalog.get('Pages'));
    const rootDict = parseDict(shift(dictText(pdf.dict(rootPages))));
    rootDict.set('Parent', `${pagesRoot} 0 R`);
    replaced.set(rootPages.num + base, dictText(rootDict));
    pageRoots.push(`${rootPages.num + base} 0 R`);
    pageCount += Number(rootDict.get('Count'));
    for (const [name, dest] of namedDests(pdf, catalog, replaced, base)) dests.set(name, shift(dest));
    if (i > 0) {
      replaced.set(catalogRef.num + base, null);
      if (pdf.trailer.has('Info')) replaced.set(ref(pdf.trailer.get('Info')).num + base, null);
    }
    const tree = trees[i];
    if (!tree) {
      if (tree0) throw new PdfError(`part ${i + 1} is not tagged, the first is`);
      return;
    }
    if (!tree0) throw new PdfError(`part ${i + 1} is tagged, the first is not`);
    for (const [key, value] of tree.nums) nums.push(`${key + keyBases[i]!} ${shift(value)}`);
    for (const [key, value] of tree.ids) ids.push([key, shift(value)]);
    for (const node of tree.treeNodes) replaced.set(node + base, null);
    // Where this part's elements go: the deepest wrapper (body, .reveal, …) that both documents
    // have in common, so the joined tree has one of each, as a single print has.
    let depth = 0;
    while (depth + 1 < tree0.chain.length && depth + 1 < tree.chain.length && tree.chain[depth + 1]!.s === tree0.chain[depth + 1]!.s) depth += 1;
    const target = tree0.chain[depth]!;
    const source = tree.chain[depth]!;
    const list = kidsOf.get(target.ref.num) ?? [...target.kids.map((k) => refText(k))];
    kidsOf.set(target.ref.num, list);
    if (i === 0) return;
    for (const kid of source.kids) {
      list.push(`${kid.num + base} 0 R`);
      // The element's parent is now the first part's.
      const d = parseDict(shift(dictText(pdf.dict(kid))));
      d.set('P', refText(target.ref));
      replaced.set(kid.num + base, dictText(d));
    }
    replaced.set(tree.root.num + base, null);
    for (const wrapper of tree.chain.slice(0, depth + 1)) replaced.set(wrapper.ref.num + base, null);
  });
  if (tree0) {
    const root = first.dict(tree0.root);
    root.set('ParentTree', `${parentTree} 0 R`);
    root.set('ParentTreeNextKey', String(keys));
    if (ids.length) root.set('IDTree', `${idTree} 0 R`);
    else root.delete('IDTree');
    replaced.set(tree0.root.num, dictText(root));
    for (const [num, list] of kidsOf) {
      const d = first.dict(num);
      d.set('K', `[${list.join(' ')}]`);
      replaced.set(num, dictText(d));
    }
  }
  catalog0.set('Pages', `${pagesRoot} 0 R`);
  if (dests.size) catalog0.set('Dests', `<<${[...dests].map(([k, v]) => `/${k} ${v}`).join('\n')}>>`);
  else catalog0.delete('Dests');
  replaced.set(catalogRef0.num, dictText(catalog0));

  const file = new PdfWriter();
  const offsets = new Map<number, number>();
  const writeObject = (num: number, value: string): void => {
    offsets.set(num, file.at);
    file.push(`${num} 0 obj\n${value}\nendobj\n`);
  };
  pdfs.forEach((pdf, i) => {
    const base = bases[i]!;
    const bytes = Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength);
    for (const num of [...pdf.offsets.keys()].sort((a, b) => a - b)) {
      const out = num + base;
      const value = replaced.get(out);
      if (value === null) continue;
      if (value !== undefined) {
        writeObject(out, value);
        continue;
      }
      const o = pdf.object(num);
      if (!o.stream) {
        writeObject(out, renumber(pdf.text.slice(o.valueAt, o.valueEnd), base, keyBases[i]!));
        continue;
      }
      // A stream: its dictionary renumbered, its data (and `endstream endobj`) as it is.
      const dictEnd = pdf.dictAt(o.valueAt).end;
      offsets.set(out, file.at);
      file.push(`${out} 0 obj\n${renumber(pdf.text.slice(o.valueAt, dictEnd), base, keyBases[i]!)}`);
      file.push(bytes.subarray(dictEnd, o.end));
      file.push('\n');
    }
  });
  writeObject(pagesRoot, `<</Type /Pages\n/Count ${pageCount}\n/Kids [${pageRoots.join(' ')}]>>`);
  if (tree0) writeObject(parentTree, `<</Nums [${nums.join('\n')}]>>`);
  // A name tree's keys are in order (Chromium's IDs are literal strings "(node…)": text order is byte order).
  if (ids.length) writeObject(idTree, `<</Names [${ids.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k} ${v}`).join('\n')}]>>`);

  const xref = file.at;
  let table = `xref\n0 ${size}\n`;
  for (let n = 0; n < size; n++) {
    const o = offsets.get(n);
    table += o === undefined ? `0000000000 ${n === 0 ? '65535' : '00000'} f \n` : `${String(o).padStart(10, '0')} 00000 n \n`;
  }
  const trailer: Dict = new Map([
    ['Size', String(size)],
    ['Root', refText(catalogRef0)],
  ]);
  if (first.trailer.has('Info')) trailer.set('Info', first.trailer.get('Info')!);
  if (first.trailer.has('ID')) trailer.set('ID', first.trailer.get('ID')!);
  file.push(`${table}trailer\n${dictText(trailer)}\nstartxref\n${xref}\n%%EOF\n`);
  return file.bytes();
}

interface Wrapper {
  ref: Ref;
  /** Its structure type (`/Document`, `/NonStruct`, …). */
  s: string;
  kids: Ref[];
}

interface Structure {
  root: Ref;
  /**
   * The Document element (the root's only child), then its only child while it has one, down to
   * the first element with several children or none.
   */
  chain: Wrapper[];
  /** The parent tree's entries (key, value text), the ID tree's (key text, value text), and the objects of both trees' nodes. */
  nums: Array<[number, string]>;
  ids: Array<[string, string]>;
  treeNodes: number[];
  nextKey: number;
}

/** The part's structure tree as the join needs it; undefined for an untagged part. */
function structure(pdf: PdfFile): Structure | undefined {
  const rootValue = pdf.catalog().get('StructTreeRoot');
  if (!rootValue) return undefined;
  const root = ref(rootValue);
  const rootDict = pdf.dict(root);
  const k = refs(rootDict.get('K') ?? '');
  if (k.length !== 1) throw new PdfError(`the structure tree root has ${k.length} children (one Document element expected)`);
  const chain: Wrapper[] = [];
  for (let at: Ref | undefined = k[0]; at && chain.length < 64; ) {
    const d = pdf.dict(at);
    const kidsText = d.get('K') ?? '';
    const kids = refs(kidsText);
    // Only elements (references) below a wrapper: marked content (numbers, MCR dictionaries)
    // belongs to its page and cannot move to another element.
    if (kidsText.replace(/\d+\s+\d+\s+R|[[\]\s]/g, '') !== '') {
      if (chain.length === 0) throw new PdfError('the Document element has content of its own (only elements expected)');
      break;
    }
    chain.push({ ref: at, s: d.get('S') ?? '', kids });
    at = kids.length === 1 ? kids[0] : undefined;
  }
  // The parent tree (a number tree) and the ID tree (a name tree: /ID of table headers, which
  // /Headers of cells name) as their entries, and the objects of their nodes.
  const treeNodes: number[] = [];
  const walk = (value: string, entries: 'Nums' | 'Names', out: Array<[string, string]>, depth = 0): void => {
    if (depth > 32) throw new PdfError('number or name tree too deep');
    let node: Dict;
    if (/^\d/.test(value)) {
      const r = ref(value);
      treeNodes.push(r.num);
      node = pdf.dict(r);
    } else node = parseDict(value);
    for (const kid of refs(node.get('Kids') ?? '')) walk(refText(kid), entries, out, depth + 1);
    const list = node.get(entries);
    if (list) out.push(...pairs(list));
  };
  const numEntries: Array<[string, string]> = [];
  const ids: Array<[string, string]> = [];
  const parentTree = rootDict.get('ParentTree');
  if (parentTree) walk(parentTree, 'Nums', numEntries);
  const idTree = rootDict.get('IDTree');
  if (idTree) walk(idTree, 'Names', ids);
  const nums = numEntries.map(([key, v]): [number, string] => [Number(key), v]);
  const maxKey = nums.reduce((m, [key]) => Math.max(m, key + 1), 0);
  return { root, chain, nums, ids, treeNodes, nextKey: Math.max(maxKey, Number(rootDict.get('ParentTreeNextKey') ?? 0)) };
}

/** A number tree's /Nums or a name tree's /Names array as (key text, value text) pairs. */
function pairs(list: string): Array<[string, string]> {
  const items = arrayItems(list);
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < items.length; i += 2) out.push([items[i]!, items[i + 1]!]);
  return out;
}

/** The part's named destinations (/Dests in the catalog), whose dictionary the join replaces. */
function namedDests(pdf: PdfFile, catalog: Dict, replaced: Map<number, string | null>, base: number): Dict {
  const value = catalog.get('Dests');
  if (!value) return new Map();
  if (/^\d/.test(value)) {
    const r = ref(value);
    replaced.set(r.num + base, null);
    return pdf.dict(r);
  }
  return parseDict(value);
}

/**
 * `text` (PDF objects' source, never stream data) with every reference `n g R` moved by `base` and
 * every /StructParent(s) key by `keyBase`; strings are copied untouched (a string may hold "1 0 R").
 */
export function renumber(text: string, base: number, keyBase: number): string {
  const token = /\(|<<?|(\d+)\s+\d+\s+R(?![^\s()<>[\]{}\/%])|\/(StructParents?)\s+(\d+)/g;
  let out = '';
  let from = 0;
  for (;;) {
    token.lastIndex = from;
    const m = token.exec(text);
    if (!m) break;
    out += text.slice(from, m.index);
    if (m[0] === '(') {
      const end = stringEnd(text, m.index);
      out += text.slice(m.index, end);
      from = end;
    } else if (m[0] === '<<') {
      out += '<<';
      from = m.index + 2;
    } else if (m[0] === '<') {
      const end = text.indexOf('>', m.index);
      if (end < 0) throw new PdfError('unterminated hex string');
      out += text.slice(m.index, end + 1);
      from = end + 1;
    } else if (m[1] !== undefined) {
      out += `${Number(m[1]) + base} 0 R`;
      from = m.index + m[0].length;
    } else {
      out += `/${m[2]} ${Number(m[3]) + keyBase}`;
      from = m.index + m[0].length;
    }
  }
  return out + text.slice(from);
}

/** End (one past the closing parenthesis) of the literal string at `pos`. */
function stringEnd(text: string, pos: number): number {
  let depth = 0;
  for (let i = pos; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i += 1;
    else if (c === 40) depth += 1;
    else if (c === 41 && --depth === 0) return i + 1;
  }
  throw new PdfError('unterminated string');
}
