import { ParseSpeeds, PDFDict, PDFDocument, PDFName } from './pdf-lib.ts';
import type { Deck } from '../../deck/model.ts';
import { deckOutline, writeOutline } from './outline.ts';

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
 */
export async function finishPdf(
  raw: Uint8Array,
  deck: Pick<Deck, 'meta' | 'phases' | 'slides'>,
  pages: Array<number | number[]>,
  /** More pages may follow the slide pages (the handout's quiz answer key). */
  appendix = false,
): Promise<FinishedPdf> {
  // updateMetadata: false keeps Chromium's producer and dates instead of pdf-lib's. pdf-lib yields
  // to the event loop every few objects by default; nothing else runs meanwhile, so it need not.
  const doc = await PDFDocument.load(raw, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  if (appendix ? doc.getPageCount() < pages.length : doc.getPageCount() !== pages.length) {
    throw new Error(`Chromium printed ${doc.getPageCount()} pages where ${pages.length} were laid out (a page overflowed?)`);
  }
  const { meta } = deck;
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.subtitle) doc.setSubject(meta.subtitle);
  doc.setLanguage(meta.lang);
  doc.setCreator('lecture-deck (reveal.js, Chromium)');
  mapPdf2Tags(doc);
  const bookmarks = writeOutline(doc, deckOutline(deck, pages));
  return { bytes: await doc.save({ objectsPerTick: Infinity }), pages: doc.getPageCount(), bookmarks };
}

/**
 * Chromium tags <strong>/<em> as Strong/Em, which are PDF 2.0 structure types, in a PDF 1.7 file;
 * PDF 1.7 readers (poppler: "StructElem object is wrong type (Strong)") reject them unless the
 * structure tree's RoleMap maps them to a standard type.
 */
function mapPdf2Tags(doc: PDFDocument): void {
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'));
  if (!(root instanceof PDFDict)) return;
  let roleMap = root.lookup(PDFName.of('RoleMap'));
  if (!(roleMap instanceof PDFDict)) {
    roleMap = doc.context.obj({});
    root.set(PDFName.of('RoleMap'), roleMap as PDFDict);
  }
  const map = roleMap as PDFDict;
  for (const tag of ['Strong', 'Em']) if (!map.has(PDFName.of(tag))) map.set(PDFName.of(tag), PDFName.of('Span'));
}

