import type { ClientDeck } from '../../deck/model.ts';
import { el } from '../dom.ts';
import { barText } from './model.ts';
import { buildLabel, buildTrack, paintLabel, paintTrack } from './track.ts';

/**
 * The bar as it looks on slide `index`, static (no buttons, no progressbar role: an image with a
 * text alternative), for print: each PDF page shows the bar in its own slide's state.
 */
export function renderStaticBar(deck: ClientDeck, index: number, doc: Document = document, visited: ReadonlySet<string> = new Set()): HTMLElement {
  const bar = el('div', 'phase-bar phase-bar-static', undefined, doc);
  bar.setAttribute('role', 'img');
  bar.setAttribute('aria-label', barText(deck, index));
  const parts = buildLabel(doc);
  paintLabel(deck, parts, index);
  const rail = el('div', 'phase-bar-rail', undefined, doc);
  const t = buildTrack(deck, doc);
  paintTrack(deck, t, index, visited);
  rail.append(t.track);
  bar.append(parts.label, rail);
  return bar;
}

/**
 * Print view: puts a static bar into every `.pdf-page` for the slide on that page (fragment
 * copies of a page included). Idempotent: pages that already hold a bar are left alone, so the
 * PDF export may call it too.
 */
export function addPrintBars(deck: ClientDeck, root: ParentNode = document): void {
  const bySource = new Map(deck.slides.map((s) => [s.source, s.index]));
  for (const page of root.querySelectorAll<HTMLElement>('.pdf-page')) {
    if (page.querySelector(':scope > .phase-bar-static')) continue;
    const source = page.querySelector('section[data-source]')?.getAttribute('data-source');
    const index = source === null || source === undefined ? undefined : bySource.get(source);
    if (index === undefined) continue;
    page.append(renderStaticBar(deck, index, page.ownerDocument));
  }
}
