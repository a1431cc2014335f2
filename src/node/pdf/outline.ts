import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef } from './pdf-lib.ts';
import type { Deck } from '../../deck/model.ts';

/** One bookmark: a title, the 0-based page it opens, and bookmarks nested under it. */
export interface OutlineItem {
  title: string;
  page: number;
  children: OutlineItem[];
}

/**
 * Bookmarks from the Deck model: one per phase (at its first page), the slide titles under it.
 * A phase's divider slide, whose title is the phase label, is the phase bookmark itself rather
 * than a child repeating its parent. `pages[i]` is the model slide index printed on page i (the
 * print view reports it), or the indices when a page shows several (the 2- and 3-up handout).
 */
export function deckOutline(deck: Pick<Deck, 'phases' | 'slides'>, pages: Array<number | number[]>): OutlineItem[] {
  const pageOf = new Map<number, number>();
  pages.forEach((shown, page) => {
    for (const slide of [shown].flat()) if (!pageOf.has(slide)) pageOf.set(slide, page);
  });
  const items: OutlineItem[] = [];
  for (const phase of deck.phases) {
    const children: OutlineItem[] = [];
    for (const s of deck.slides) {
      const page = pageOf.get(s.index);
      if (s.phase !== phase.id || page === undefined) continue;
      children.push({ title: s.title.trim() || `${s.index + 1}`, page, children: [] });
    }
    if (children.length === 0) continue;
    const page = Math.min(...children.map((c) => c.page));
    const nested = children.filter((c) => !(c.page === page && c.title === phase.label.trim()));
    items.push({ title: phase.label, page, children: nested });
  }
  return items;
}

/**
 * Writes the document outline (bookmarks). pdf-lib has no outline API, so this builds the
 * dictionaries of ISO 32000-1 §12.3.3 itself: each item has /Title, /Parent, /Prev, /Next, /First,
 * /Last, /Count (positive: shown open) and a /Dest that fits its page in the window.
 * Returns the number of bookmarks written.
 */
export function writeOutline(doc: PDFDocument, items: OutlineItem[]): number {
  const ctx = doc.context;
  const pageRefs = doc.getPages().map((p) => p.ref);
  let written = 0;

  const level = (list: OutlineItem[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = list.map(() => ctx.nextRef());
    let count = 0;
    list.forEach((item, i) => {
      const target = pageRefs[item.page];
      if (!target) throw new Error(`bookmark "${item.title}" points at page ${item.page + 1}, but the PDF has ${pageRefs.length}`);
      const dict: PDFDict = ctx.obj({});
      dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title));
      dict.set(PDFName.of('Parent'), parent);
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < list.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
      dict.set(PDFName.of('Dest'), ctx.obj([target, PDFName.of('Fit')]));
      count += 1;
      if (item.children.length) {
        const sub = level(item.children, refs[i]!);
        dict.set(PDFName.of('First'), sub.first);
        dict.set(PDFName.of('Last'), sub.last);
        dict.set(PDFName.of('Count'), PDFNumber.of(sub.count));
        count += sub.count;
      }
      ctx.assign(refs[i]!, dict);
      written += 1;
    });
    return { first: refs[0]!, last: refs[refs.length - 1]!, count };
  };

  if (items.length === 0) return 0;
  const rootRef = ctx.nextRef();
  const top = level(items, rootRef);
  ctx.assign(
    rootRef,
    ctx.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: PDFNumber.of(top.count) }),
  );
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
  // Open with the bookmarks panel showing.
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  return written;
}
