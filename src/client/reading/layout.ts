import type { RevealApi } from 'reveal.js';
import { readDeckData } from '../deck-data.ts';
import { glossaryList } from '../glossary/list.ts';
import { strings } from '../i18n.ts';
import '../styles/reading.css';

/** A copy of a slide as it looks when fully built: every fragment shown, no notes, no ids. */
function slideCopy(section: HTMLElement): HTMLElement {
  const copy = section.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('aside.notes').forEach((n) => n.remove());
  for (const a of ['style', 'hidden', 'aria-hidden', 'inert', 'id']) copy.removeAttribute(a);
  copy.querySelectorAll('[id]').forEach((e) => e.removeAttribute('id'));
  copy.classList.remove('past', 'future');
  copy.classList.add('present');
  copy.style.display = 'block';
  copy.querySelectorAll('.fragment').forEach((f) => f.classList.add('visible'));
  // reveal.js loads data-src media only near the current slide; the copy is always "near".
  copy.querySelectorAll<HTMLElement>('[data-src]').forEach((m) => m.setAttribute('src', m.dataset.src!));
  return copy;
}

export interface ReadingLayout {
  /** The slide (0-based) being read. */
  readonly current: number;
  scrollToSlide(index: number): void;
  remove(): void;
}

/**
 * Lays out the reading page: for each slide a copy scaled to the column, then its notes. Reports
 * the slide being read (the last one whose top has passed a line a quarter down the screen) to
 * `onRead`.
 */
export function mountReadingLayout(reveal: RevealApi, onBack: () => void, onRead: (index: number) => void): ReadingLayout {
  const deck = readDeckData();
  const t = strings(deck.meta.lang);
  const c = reveal.getConfig();
  const w = Number(c.width) || 1280;
  const h = Number(c.height) || 720;

  const main = document.createElement('main');
  main.className = 'reading';
  main.setAttribute('aria-label', t.readingView);
  const head = document.createElement('div');
  head.className = 'reading-head';
  const back = document.createElement('button');
  back.type = 'button';
  back.textContent = `${t.backToSlides} (R)`;
  back.addEventListener('click', onBack);
  head.append(back);
  main.append(head);
  const items = reveal.getSlides().map((section, i) => {
    const item = document.createElement('article');
    item.className = 'reading-item';
    item.dataset.index = String(i);
    const phase = deck.phases.find((p) => p.id === section.dataset.phase);
    if (phase) item.style.setProperty('--phase-color', phase.color);
    const box = document.createElement('div');
    box.className = 'reading-slide';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', t.slideOf(i + 1, deck.slides.length));
    // The theme styles slides as `.reveal .slides section`: keep that context for the copy.
    const canvas = document.createElement('div');
    canvas.className = 'reveal reading-canvas';
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
    const bg = section.getAttribute('data-background-color');
    if (bg) canvas.style.background = bg;
    const slides = document.createElement('div');
    slides.className = 'slides';
    slides.append(slideCopy(section));
    canvas.append(slides);
    box.append(canvas);
    item.append(box);
    const notes = section.querySelector('aside.notes');
    if (notes) {
      const n = document.createElement('div');
      n.className = 'reading-notes';
      n.append(...Array.from(notes.childNodes, (node) => node.cloneNode(true)));
      item.append(n);
    }
    return item;
  });
  // The scale the slide copies are drawn at, from the column's width. Set first with one item in
  // the page (a small layout), so that the whole long page is laid out once, at its final scale,
  // not once more when the observer first reports (a second layout of every copy and note).
  const scale = (): void => {
    const box = main.querySelector<HTMLElement>('.reading-slide');
    const v = box ? String(box.clientWidth / w) : '';
    if (v && main.style.getPropertyValue('--reading-scale') !== v) main.style.setProperty('--reading-scale', v);
  };
  main.append(...items.slice(0, 1));
  document.body.append(main);
  scale();
  main.append(...items.slice(1));
  // The deck's glossary closes the page, its slide numbers linking back (glossary/list.ts).
  const glossary = glossaryList(deck, true);
  if (glossary) main.append(glossary);

  const resize = new ResizeObserver(scale);
  resize.observe(main);

  let current = -1;
  let frame = 0;
  const onScroll = (): void => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const line = innerHeight * 0.25;
      let i = 0;
      if (scrollY > 0 && scrollY + innerHeight >= document.documentElement.scrollHeight - 2) i = items.length - 1;
      else while (i + 1 < items.length && items[i + 1]!.getBoundingClientRect().top <= line) i++;
      if (i !== current) {
        current = i;
        onRead(i);
      }
    });
  };
  addEventListener('scroll', onScroll, { passive: true });

  return {
    get current() {
      return current;
    },
    scrollToSlide(index) {
      current = index;
      items[index]?.scrollIntoView({ block: 'start' });
    },
    remove() {
      removeEventListener('scroll', onScroll);
      cancelAnimationFrame(frame);
      resize.disconnect();
      main.remove();
    },
  };
}
