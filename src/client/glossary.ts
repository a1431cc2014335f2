import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { GlossaryEntry } from '../deck/model.ts';
import { readDeckData } from './deck-data.ts';
import { definitionNodes } from './glossary/list.ts';
import { glossaryStrings } from './glossary/strings.ts';
import { onShortcut } from './shortcuts.ts';
import { READING_CLASS } from './reading-view.ts';
import './styles/glossary.css';

/** Room kept between the popover and the edge of the slide (or screen), in CSS px. */
const EDGE = 8;
const GAP = 6;

/**
 * Glossary uses as plain text: each `<button class="term">` becomes a `<span>` (same class and
 * data-term). For printing (a button would be tagged as a form field in the PDF and is no use on
 * paper) and for the speaker console's slide previews (nothing in them may take focus).
 */
export function plainTerms(root: ParentNode = document): void {
  for (const b of root.querySelectorAll<HTMLElement>('button.term')) {
    const span = document.createElement('span');
    span.className = b.className;
    span.dataset.term = b.dataset.term ?? '';
    span.append(...b.childNodes);
    b.replaceWith(span);
  }
}

/**
 * Glossary popovers: a `[data-term]` use (a `<button>` the compiler wrote for `[[term]]`) shows the
 * term's definition beside it when clicked, tapped or activated with Enter/Space (native button
 * behaviour); Esc, a click elsewhere, the × or moving to another slide closes it; one is open at a
 * time. The popover lives outside reveal.js's scaled canvas, so its text stays readable on a
 * phone, and is kept inside the visible slide (the screen in the reading view).
 */
export function Glossary(opts: { interactive?: boolean } = {}): RevealPlugin {
  let reveal: RevealApi;
  let entries = new Map<string, GlossaryEntry>();
  let lang = 'ja';
  let pop: HTMLElement | undefined;
  let opener: HTMLElement | undefined;
  // Listeners on document and window, removed by destroy().
  const cleanup: Array<() => void> = [];
  const listen = <K extends keyof WindowEventMap>(target: Window | Document, type: K, fn: (e: WindowEventMap[K]) => void, options?: AddEventListenerOptions): void => {
    target.addEventListener(type, fn as EventListener, options);
    cleanup.push(() => target.removeEventListener(type, fn as EventListener, options));
  };

  const load = (): void => {
    const deck = readDeckData();
    lang = deck.meta.lang;
    entries = new Map((deck.glossary ?? []).map((e) => [e.term, e]));
  };

  const close = (refocus = false): void => {
    if (!pop) return;
    pop.remove();
    pop = undefined;
    opener?.setAttribute('aria-expanded', 'false');
    if (refocus && opener?.isConnected) opener.focus();
    opener = undefined;
  };

  const build = (e: GlossaryEntry): HTMLElement => {
    const t = glossaryStrings(lang);
    const box = document.createElement('div');
    box.className = 'term-popover';
    box.id = 'term-popover';
    box.setAttribute('role', 'dialog');
    // Focusable, so a keyboard or screen-reader user lands on the definition (Esc goes back).
    box.tabIndex = -1;
    box.setAttribute('aria-label', t.term(e.term));
    box.lang = lang;
    const head = document.createElement('p');
    head.className = 'term-popover-head';
    const dfn = document.createElement('dfn');
    dfn.textContent = e.term;
    head.append(dfn);
    if (e.reading) {
      const r = document.createElement('span');
      r.className = 'term-popover-reading';
      r.textContent = e.reading;
      head.append(' ', r);
    }
    const x = document.createElement('button');
    x.type = 'button';
    x.className = 'term-popover-close';
    x.setAttribute('aria-label', t.close);
    x.textContent = '×';
    x.addEventListener('click', () => close(true));
    const def = document.createElement('p');
    def.className = 'term-popover-def';
    def.append(definitionNodes(e));
    box.append(head, x, def);
    if (e.see.length) {
      const see = document.createElement('p');
      see.className = 'term-popover-see';
      see.textContent = `→ ${t.see}: ${e.see.join('、')}`;
      box.append(see);
    }
    return box;
  };

  /** The area the popover must stay in: the slide as shown, or the screen in the reading view. */
  const bounds = (): DOMRect => {
    const screen = new DOMRect(0, 0, innerWidth, innerHeight);
    if (document.documentElement.classList.contains(READING_CLASS)) return screen;
    const r = reveal.getSlidesElement()?.getBoundingClientRect();
    if (!r) return screen;
    // The canvas may be larger than the screen (zoomed page): keep to what is visible of both.
    const left = Math.max(r.left, 0);
    const top = Math.max(r.top, 0);
    return new DOMRect(left, top, Math.min(r.right, innerWidth) - left, Math.min(r.bottom, innerHeight) - top);
  };

  const place = (box: HTMLElement, anchor: HTMLElement): void => {
    const area = bounds();
    const a = anchor.getBoundingClientRect();
    const width = Math.min(380, area.width - 2 * EDGE);
    box.style.width = `${width}px`;
    box.style.maxHeight = `${area.height - 2 * EDGE}px`;
    const h = box.offsetHeight;
    const below = area.bottom - EDGE - (a.bottom + GAP);
    const above = a.top - GAP - (area.top + EDGE);
    let top = below >= h || below >= above ? a.bottom + GAP : a.top - GAP - h;
    top = Math.min(Math.max(top, area.top + EDGE), area.bottom - EDGE - h);
    let left = a.left + a.width / 2 - width / 2;
    left = Math.min(Math.max(left, area.left + EDGE), area.right - EDGE - width);
    box.style.left = `${Math.round(left)}px`;
    box.style.top = `${Math.round(top)}px`;
  };

  const open = (anchor: HTMLElement, term = anchor.dataset.term ?? ''): void => {
    const e = entries.get(term);
    if (!e) return;
    close();
    pop = build(e);
    // Inside .reveal in the deck (so it shows in reveal.js's fullscreen), in body while reading.
    const host = document.documentElement.classList.contains(READING_CLASS) ? document.body : (reveal.getRevealElement() ?? document.body);
    host.append(pop);
    place(pop, anchor);
    opener = anchor;
    anchor.setAttribute('aria-expanded', 'true');
    anchor.setAttribute('aria-controls', pop.id);
  };

  return {
    id: 'glossary',
    init(r: RevealApi) {
      reveal = r;
      if (opts.interactive === false || r.isPrintView()) {
        plainTerms();
        r.on('deckupdate', () => plainTerms());
        return;
      }
      load();
      r.on('deckupdate', () => {
        close();
        load();
      });
      listen(document, 'click', (ev) => {
        const target = ev.target as Element | null;
        const term = target?.closest<HTMLElement>('[data-term]');
        if (term && pop?.contains(term) && opener) {
          // A term inside a definition: its definition replaces this one, beside the same use.
          open(opener, term.dataset.term);
          return;
        }
        if (term) {
          ev.preventDefault();
          if (opener === term) close();
          else {
            open(term);
            // detail 0: activated from the keyboard (Enter/Space), not by a pointer.
            if (ev.detail === 0) pop?.focus({ preventScroll: true });
          }
          return;
        }
        if (pop && target && !pop.contains(target)) close();
      });
      // Before reveal.js (Esc would open its overview) and before the reading view's own Esc.
      cleanup.push(
        onShortcut(
          (e) => e.key === 'Escape' && pop !== undefined,
          () => close(true),
        ),
      );
      // Space and Enter on a focused term activate it, and must not also turn the slide (reveal.js
      // listens on document; this capture listener on window runs first).
      listen(
        window,
        'keydown',
        (e) => {
          if ((e.key === ' ' || e.key === 'Enter') && (e.target as Element | null)?.closest?.('.term')) e.stopImmediatePropagation();
        },
        { capture: true },
      );
      r.on('slidechanged', () => close());
      // A fixed popover would drift away from its term: close it when the page moves.
      listen(window, 'resize', () => close());
      listen(window, 'scroll', () => close(), { passive: true });
    },
    destroy() {
      close();
      for (const off of cleanup.splice(0)) off();
    },
  };
}
