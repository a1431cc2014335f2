import type { ClientDeck } from '../../deck/model.ts';
import type { HandoutFit, HandoutPerPage } from '../../shared/print.ts';
import { el } from '../dom.ts';
import { appendixPages } from './appendix.ts';
import './handout.css';

/**
 * The A4 handout, 1, 2 or 3 slides per page (issue 14), laid out on the print view's pages after
 * slides.pdf has been printed from them (print-layout.ts keeps the slide pages; this restyles).
 *   1  one slide per page, its notes beneath, ruled lines below (the original handout)
 *   2  two slides per page, each thumbnail with its notes beside and beneath it
 *   3  three thumbnails with ruled lines beside them for the student's own notes (no notes)
 * Every page has a header (deck title, phase) and a page number; cells have a fixed size, so no
 * slide is split across pages. Notes that do not fit their cell even at the smallest size
 * continue on "continued notes" pages, with a visible "continued on p. N" where they break.
 * Then come the appendix pages other features register (appendix.ts).
 */

/** Notes type per layout (CSS px; 15 px ≈ 11.3 pt) and the smallest it may shrink to. */
const NOTES_PX: Record<HandoutPerPage, number> = { 1: 15, 2: 13.5, 3: 0 };
const NOTES_MIN_PX = 10.5;

const overflows = (box: HTMLElement): boolean => box.scrollHeight > box.clientHeight + 1;

function head(deck: ClientDeck, phaseIds: string[]): HTMLElement {
  const h = el('div', 'handout-head');
  const labels = [...new Set(phaseIds)].map((id) => deck.phases.find((p) => p.id === id)?.label ?? id);
  h.append(el('span', 'handout-deck', deck.meta.title), el('span', 'handout-phase', labels.join(' / ')));
  return h;
}

function sheet(deck: ClientDeck, phaseIds: string[], kind: string): { sheet: HTMLElement; body: HTMLElement } {
  const s = el('div', `handout-sheet ${kind}`);
  if (phaseIds[0]) s.dataset.phase = phaseIds[0];
  const body = el('div', 'handout-body');
  s.append(head(deck, phaseIds), body, el('div', 'handout-foot'));
  return { sheet: s, body };
}

/** Shrinks a notes box's type until it fits, down to NOTES_MIN_PX; true when it fits. */
function shrink(box: HTMLElement, start: number): boolean {
  let px = start;
  box.style.fontSize = `${px}px`;
  while (overflows(box) && px > NOTES_MIN_PX) {
    px -= 0.5;
    box.style.fontSize = `${px}px`;
  }
  return !overflows(box);
}

/**
 * Moves the end of an overflowing notes box into a new container until the box (with its
 * "continued" marker) fits: whole blocks first, then sentences of the last paragraph.
 */
function splitNotes(box: HTMLElement, marker: HTMLElement): HTMLElement {
  const rest = el('div', 'handout-rest');
  box.append(marker);
  while (overflows(box)) {
    const last = marker.previousSibling;
    if (!last) break;
    const blocks = [...box.childNodes].filter((n) => n !== marker);
    if (blocks.length > 1) {
      rest.prepend(last);
      continue;
    }
    // One block left: split its text at sentence ends (plain text; inline markup of the moved part is dropped).
    const text = last.textContent ?? '';
    const sentences = text.match(/[^。.!?!?]+[。.!?!?」』)]*|.+$/gu) ?? [text];
    let keep = sentences.length - 1;
    const moved = document.createElement(last instanceof HTMLElement ? last.tagName : 'p');
    while (keep > 0) {
      last.textContent = sentences.slice(0, keep).join('');
      if (!overflows(box)) break;
      keep--;
    }
    if (keep === 0) {
      rest.prepend(last);
      break;
    }
    moved.textContent = sentences.slice(keep).join('');
    rest.prepend(moved);
    break;
  }
  return rest;
}

export async function layoutHandout(
  deck: ClientDeck,
  pageSlides: number[],
  perPage: HandoutPerPage,
  assetsLoaded: () => Promise<void>,
): Promise<HandoutFit> {
  const root = document.documentElement;
  root.classList.add('print-handout', `handout-${perPage}up`);
  const slidesEl = document.querySelector<HTMLElement>('.reveal .slides')!;
  // Slide pages become cells; pages other features appended (the quiz's answer key, which flows
  // over as many A4 pages as it needs) move to the very end.
  const cells = [...slidesEl.querySelectorAll<HTMLElement>(':scope > .pdf-page:not(.answer-key-page)')];
  const trailing = [...slidesEl.children].filter((e): e is HTMLElement => e instanceof HTMLElement && !cells.includes(e));
  const phaseOf = (i: number): string => deck.slides[pageSlides[i]!]?.phase ?? '';
  const ja = deck.meta.lang.startsWith('ja');

  const sheets: HTMLElement[] = [];
  const pages: number[][] = [];
  if (perPage === 1) {
    // Today's layout: each print page is an A4 page with its own header, notes and footer.
    cells.forEach((c, i) => {
      sheets.push(c);
      pages.push([pageSlides[i]!]);
    });
  } else {
    for (let i = 0; i < cells.length; i += perPage) {
      const group = cells.slice(i, i + perPage);
      const { sheet: s, body } = sheet(deck, group.map((_, k) => phaseOf(i + k)), 'handout-slides');
      body.append(...group);
      sheets.push(s);
      pages.push(group.map((_, k) => pageSlides[i + k]!));
    }
    slidesEl.replaceChildren(...sheets);
  }
  await assetsLoaded();

  const result: HandoutFit = { pages, shrunk: [], continued: [], overflow: [] };
  const rests: Array<{ slide: number; marker: HTMLElement; rest: HTMLElement }> = [];
  if (perPage !== 3) {
    const boxes = cells.map((cell) => {
      const box = cell.querySelector<HTMLElement>('.handout-notes');
      return box && !box.classList.contains('is-empty') ? box : undefined;
    });
    // Every box at the layout's size first, then one layout tells which overflow (most notes fit
    // as they are): not a forced layout per slide. Cells have fixed sizes, so none affects another.
    for (const box of boxes) if (box) box.style.fontSize = `${NOTES_PX[perPage]}px`;
    const over = boxes.map((box) => box !== undefined && overflows(box));
    cells.forEach((_cell, i) => {
      const box = boxes[i];
      if (!box || !over[i]) return;
      const slide = pageSlides[i]!;
      if (shrink(box, NOTES_PX[perPage]) && box.style.fontSize === `${NOTES_PX[perPage]}px`) return;
      if (!overflows(box)) {
        result.shrunk.push(slide);
        return;
      }
      const marker = el('p', 'handout-continues');
      rests.push({ slide, marker, rest: splitNotes(box, marker) });
      result.continued.push(slide);
    });
  }

  // Continued notes: as many per page as fit, in slide order.
  const extra: Array<{ sheet: HTMLElement; body: HTMLElement }> = [];
  const continuedTitle = ja ? 'ノートの続き' : 'Notes, continued';
  for (const r of rests) {
    const s = deck.slides[r.slide];
    const entry = el('div', 'handout-continued');
    entry.append(el('h2', 'handout-continued-title', `${r.slide + 1}. ${s?.title ?? ''}`), r.rest);
    let page = extra.at(-1);
    if (page) {
      page.body.append(entry);
      if (overflows(page.body) && page.body.children.length > 2) {
        entry.remove();
        page = undefined;
      }
    }
    if (!page) {
      page = sheet(deck, s ? [s.phase] : [], 'handout-extra');
      page.body.append(el('h1', 'handout-extra-title', continuedTitle), entry);
      slidesEl.append(page.sheet);
      extra.push(page);
      sheets.push(page.sheet);
      pages.push([]);
    }
    if (overflows(page.body)) result.overflow.push(r.slide);
    r.marker.dataset.page = String(sheets.length);
  }

  // Then the pages other features appended (the quiz's answer key, flowing over as many A4 pages as
  // it needs), then the registered appendix pages (the glossary closes the handout).
  slidesEl.append(...trailing);
  const appendix: HTMLElement[] = [];
  for (const content of await appendixPages({ deck, perPage })) {
    const page = sheet(deck, [], 'handout-extra handout-appendix');
    page.body.append(content);
    slidesEl.append(page.sheet);
    appendix.push(page.sheet);
    pages.push([]);
  }
  if (appendix.length) result.appendix = true;
  await assetsLoaded();
  // Flowing pages count as many A4 pages as they are tall (296 mm ≈ 1118.7 CSS px) in the page
  // numbers; `pages` lists only the pages laid out here (the exporter allows more after them).
  const flowing = trailing.reduce((n, e) => n + Math.max(1, Math.ceil(e.getBoundingClientRect().height / 1118.7 - 0.01)), 0);
  const total = sheets.length + flowing + appendix.length;
  const number = (s: HTMLElement, n: number): void => {
    const foot = s.querySelector<HTMLElement>(':scope > .handout-foot');
    if (foot) foot.textContent = `${n} / ${total}`;
  };
  sheets.forEach((s, i) => number(s, i + 1));
  appendix.forEach((s, i) => number(s, sheets.length + flowing + i + 1));
  for (const r of rests) r.marker.textContent = ja ? `(ノートの続きは p. ${r.marker.dataset.page})` : `(notes continue on p. ${r.marker.dataset.page})`;
  await assetsLoaded();
  return result;
}
