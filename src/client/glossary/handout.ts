import type { HandoutContext } from '../handout/appendix.ts';
import { glossaryEntry } from './list.ts';
import { glossaryStrings } from './strings.ts';

/**
 * The handout's glossary pages, an appendix of the A4 handout (handout/appendix.ts): entries fill a
 * page-sized probe one by one and continue on a new page when it is full, so each returned element
 * fits the appendix body (182 × 255 mm). The two-column list overflows sideways when full, hence
 * both directions are checked.
 */
export function glossaryAppendix({ deck }: HandoutContext): HTMLElement[] {
  if (!deck.glossary?.length) return [];
  const t = glossaryStrings(deck.meta.lang);
  const probe = document.createElement('div');
  probe.className = 'handout-glossary-probe';
  document.body.append(probe);
  const full = (): boolean => probe.scrollHeight > probe.clientHeight + 1 || probe.scrollWidth > probe.clientWidth + 1;
  const pages: HTMLElement[] = [];
  let list!: HTMLElement;
  const newPage = (): void => {
    const page = document.createElement('div');
    page.className = 'handout-glossary';
    const h = document.createElement('h2');
    h.className = 'handout-glossary-title';
    h.textContent = t.title;
    list = document.createElement('dl');
    list.className = 'glossary-list';
    page.append(h, list);
    probe.replaceChildren(page);
    pages.push(page);
  };
  newPage();
  for (const e of deck.glossary) {
    const item = glossaryEntry(e, deck.meta.lang, false);
    list.append(item);
    // Full: move the entry to a fresh page (unless it is alone there and simply long).
    if (full() && list.childElementCount > 1) {
      item.remove();
      newPage();
      list.append(item);
    }
  }
  probe.remove();
  if (pages.length > 1) pages.forEach((p, i) => (p.querySelector('h2')!.textContent = `${t.title} (${i + 1}/${pages.length})`));
  return pages;
}
