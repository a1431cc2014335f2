import type { Deck } from '../../deck/model.ts';
import { deckOutline, outlineObjects } from './outline.ts';
import { asciiString, dictText, parseDict, PdfFile, ref, refText, rewritePdf, textString } from './pdf-file.ts';

export interface FinishedPdf {
  bytes: Uint8Array;
  pages: number;
  bookmarks: number;
}

/**
 * What Chromium leaves out of its PDFs: the author, subject and language in the document
 * information, the title shown in the viewer's title bar, and bookmarks (phase → slide titles, from
 * the Deck model). Chromium's own outline option is not used: it makes a bookmark of every h1–h6
 * on the page, including headings inside slide content, and knows nothing of phases.
 * `pages[i]` is the model slide index on page i (or the indices, on a handout page of several).
 * The file is written again by pdf-file.ts, without parsing the page contents (see there why).
 */
export function finishPdf(
  raw: Uint8Array,
  deck: Pick<Deck, 'meta' | 'phases' | 'slides'>,
  pages: Array<number | number[]>,
  /** More pages may follow the slide pages (the handout's quiz answer key). */
  appendix = false,
): FinishedPdf {
  const pdf = new PdfFile(raw);
  const pageRefs = pdf.pages();
  if (appendix ? pageRefs.length < pages.length : pageRefs.length !== pages.length) {
    throw new Error(`Chromium printed ${pageRefs.length} pages where ${pages.length} were laid out (a page overflowed?)`);
  }
  const { meta } = deck;
  const changed = new Map<number, string>();
  let next = pdf.size;
  const allocate = (): number => next++;

  // Document information: Chromium's producer and dates are kept.
  const infoRef = pdf.trailer.has('Info') ? ref(pdf.trailer.get('Info')) : { num: allocate() };
  const info = pdf.offsets.has(infoRef.num) ? pdf.dict(infoRef) : new Map<string, string>();
  info.set('Title', textString(meta.title));
  if (meta.author) info.set('Author', textString(meta.author));
  if (meta.subtitle) info.set('Subject', textString(meta.subtitle));
  info.set('Creator', textString('lecture-deck (reveal.js, Chromium)'));
  changed.set(infoRef.num, dictText(info));

  const rootRef = ref(pdf.trailer.get('Root'));
  const catalog = pdf.catalog();
  catalog.set('Lang', asciiString(meta.lang));
  // The title, not the file name, in the viewer's title bar.
  catalog.set('ViewerPreferences', '<</Type /ViewerPreferences\n/DisplayDocTitle true>>');
  mapPdf2Tags(pdf, catalog, changed);

  const outline = outlineObjects(deckOutline(deck, pages), pageRefs, allocate);
  for (const [num, text] of outline.objects) changed.set(num, text);
  if (outline.root) {
    catalog.set('Outlines', refText(outline.root));
    // Open with the bookmarks panel showing.
    catalog.set('PageMode', '/UseOutlines');
  }
  changed.set(rootRef.num, dictText(catalog));

  const trailer = new Map([['Root', refText(rootRef)], ['Info', refText(infoRef)]]);
  const id = pdf.trailer.get('ID');
  if (id) trailer.set('ID', id);
  return { bytes: rewritePdf(pdf, changed, trailer), pages: pageRefs.length, bookmarks: outline.count };
}

/**
 * Chromium tags <strong>/<em> as Strong/Em, which are PDF 2.0 structure types, in a PDF 1.7 file;
 * PDF 1.7 readers (poppler: "StructElem object is wrong type (Strong)") reject them unless the
 * structure tree's RoleMap maps them to a standard type.
 */
function mapPdf2Tags(pdf: PdfFile, catalog: Map<string, string>, changed: Map<number, string>): void {
  const rootValue = catalog.get('StructTreeRoot');
  if (!rootValue) return;
  const rootRef = ref(rootValue);
  const root = pdf.dict(rootRef);
  const roleMap = root.get('RoleMap');
  // Chromium writes none; one it would write, direct or not, keeps its entries.
  const indirect = roleMap !== undefined && /^\d/.test(roleMap) ? ref(roleMap) : undefined;
  const map = indirect ? pdf.dict(indirect) : roleMap === undefined ? new Map<string, string>() : parseDict(roleMap);
  for (const tag of ['Strong', 'Em']) if (!map.has(tag)) map.set(tag, '/Span');
  if (indirect) changed.set(indirect.num, dictText(map));
  else {
    root.set('RoleMap', dictText(map));
    changed.set(rootRef.num, dictText(root));
  }
}
