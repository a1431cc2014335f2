import { titledRegion } from '../dom.ts';
import type { ClientDeck, GlossaryEntry } from '../../deck/model.ts';
import { glossaryStrings } from './strings.ts';

/**
 * The deck's glossary as a list, built from the deck data (the same entries, order and definitions as
 * the generated glossary slide): the end of the reading view and the handout's glossary page.
 * Definitions are the compiler's own rendered, escaped Markdown, so they are parsed as HTML.
 */
export function definitionNodes(e: GlossaryEntry): DocumentFragment {
  const t = document.createElement('template');
  t.innerHTML = e.html;
  return t.content;
}

export function termName(e: GlossaryEntry): HTMLElement {
  const dt = document.createElement('dt');
  if (e.reading) {
    const ruby = document.createElement('ruby');
    const rt = document.createElement('rt');
    rt.textContent = e.reading;
    ruby.append(e.term, rt);
    dt.append(ruby);
  } else dt.textContent = e.term;
  return dt;
}

/** One `<div class="glossary-entry"><dt/><dd/></div>`; slide numbers as links or as plain text. */
export function glossaryEntry(e: GlossaryEntry, lang: string, links: boolean): HTMLElement {
  const t = glossaryStrings(lang);
  const item = document.createElement('div');
  item.className = 'glossary-entry';
  const dd = document.createElement('dd');
  dd.append(definitionNodes(e));
  if (e.see.length) {
    const see = document.createElement('span');
    see.className = 'glossary-see';
    see.textContent = ` → ${t.see}: ${e.see.join('、')}`;
    dd.append(see);
  }
  if (e.slides.length) {
    const uses = document.createElement('span');
    uses.className = 'glossary-uses';
    uses.append(` (${t.slides} `);
    e.slides.forEach((i, k) => {
      if (k) uses.append(', ');
      if (links) {
        const a = document.createElement('a');
        a.href = `#/${i}`;
        a.textContent = String(i + 1);
        a.setAttribute('aria-label', t.slideLink(i + 1));
        uses.append(a);
      } else uses.append(String(i + 1));
    });
    uses.append(')');
    dd.append(uses);
  }
  item.append(termName(e), dd);
  return item;
}

/** `<section class="glossary-appendix">` with a heading and every term, or undefined without a glossary. */
export function glossaryList(deck: ClientDeck, links: boolean): HTMLElement | undefined {
  if (!deck.glossary?.length) return undefined;
  const t = glossaryStrings(deck.meta.lang);
  const { box, heading: h } = titledRegion('section', 'glossary-appendix', 'glossary-appendix-title', t.title);
  const dl = document.createElement('dl');
  dl.className = 'glossary-list';
  for (const e of deck.glossary) dl.append(glossaryEntry(e, deck.meta.lang, links));
  box.append(h, dl);
  return box;
}
