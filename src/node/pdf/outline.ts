import { dictText, refText, textString, type Ref } from './pdf-file.ts';
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
 * The document outline (bookmarks) as PDF objects (ISO 32000-1 §12.3.3): each item has /Title,
 * /Parent, /Prev, /Next, /First, /Last, /Count (positive: shown open) and a /Dest that fits its
 * page in the window. `allocate` gives new object numbers; `root` is the /Outlines dictionary's
 * (none without items), `count` the number of bookmarks.
 */
export function outlineObjects(items: OutlineItem[], pageRefs: Ref[], allocate: () => number): { objects: Map<number, string>; root?: Ref; count: number } {
  const objects = new Map<number, string>();
  let written = 0;

  const level = (list: OutlineItem[], parent: Ref): { first: Ref; last: Ref; count: number } => {
    const refs = list.map(() => ({ num: allocate() }));
    let count = 0;
    list.forEach((item, i) => {
      const target = pageRefs[item.page];
      if (!target) throw new Error(`bookmark "${item.title}" points at page ${item.page + 1}, but the PDF has ${pageRefs.length}`);
      const dict = new Map<string, string>([
        ['Title', textString(item.title)],
        ['Parent', refText(parent)],
      ]);
      if (i > 0) dict.set('Prev', refText(refs[i - 1]!));
      if (i < list.length - 1) dict.set('Next', refText(refs[i + 1]!));
      dict.set('Dest', `[${refText(target)} /Fit]`);
      count += 1;
      if (item.children.length) {
        const sub = level(item.children, refs[i]!);
        dict.set('First', refText(sub.first));
        dict.set('Last', refText(sub.last));
        dict.set('Count', String(sub.count));
        count += sub.count;
      }
      objects.set(refs[i]!.num, dictText(dict));
      written += 1;
    });
    return { first: refs[0]!, last: refs[refs.length - 1]!, count };
  };

  if (items.length === 0) return { objects, count: 0 };
  const root = { num: allocate() };
  const top = level(items, root);
  objects.set(root.num, dictText(new Map([['Type', '/Outlines'], ['First', refText(top.first)], ['Last', refText(top.last)], ['Count', String(top.count)]])));
  return { objects, root, count: written };
}
