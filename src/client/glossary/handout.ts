import type { ClientDeck } from '../../deck/model.ts';
import { glossaryEntry } from './list.ts';
import { glossaryStrings } from './strings.ts';

/**
 * The handout's glossary: A4 pages appended after the slide pages (in the print view's `.slides`,
 * shaped like its `.pdf-page`s), filled entry by entry and continued on a new page when one is full.
 * Returns the number of pages added, so the exporter knows the handout's page count.
 * Called by print-layout.ts once the handout styles apply (html.print-handout).
 */
export function appendGlossaryPages(deck: ClientDeck): number {
  if (!deck.glossary?.length) return 0;
  const slides = document.querySelector('.reveal .slides');
  if (!slides) return 0;
  document.querySelectorAll('.handout-glossary').forEach((p) => p.remove());
  const t = glossaryStrings(deck.meta.lang);
  const pages: HTMLElement[] = [];
  let list!: HTMLElement;
  const newPage = (): void => {
    const page = document.createElement('div');
    page.className = 'pdf-page handout-glossary';
    const h = document.createElement('h2');
    h.className = 'handout-glossary-title';
    h.textContent = pages.length ? `${t.title} (${pages.length + 1})` : t.title;
    list = document.createElement('dl');
    list.className = 'glossary-list';
    page.append(h, list);
    slides.append(page);
    pages.push(page);
  };
  newPage();
  for (const e of deck.glossary) {
    const item = glossaryEntry(e, deck.meta.lang, false);
    list.append(item);
    const page = pages.at(-1)!;
    // Full: move the entry to a fresh page (unless it is alone there and simply long).
    if (page.scrollHeight > page.clientHeight + 1 && list.childElementCount > 1) {
      item.remove();
      newPage();
      list.append(item);
    }
  }
  // The later pages' headings count from the first: retitle when more than one.
  if (pages.length > 1) pages.forEach((p, i) => (p.querySelector('h2')!.textContent = `${t.title} (${i + 1}/${pages.length})`));
  return pages.length;
}
