import { escapeHtml } from './html.ts';
import type { Deck, Slide } from './model.ts';

/** One slide as the `<section>` reveal.js expects, notes in `<aside class="notes">`. */
export function renderSection(slide: Slide): string {
  const attrs: Record<string, string> = {
    ...slide.attrs,
    class: ['slide-' + slide.kind, slide.attrs.class].filter(Boolean).join(' '),
    'data-phase': slide.phase,
    'data-timing': String(slide.timing),
    'data-source': `${slide.source.file}:${slide.source.line}`,
  };
  const attrText = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
    .join('');
  const notes = slide.notesHtml ? `<aside class="notes">${slide.notesHtml}</aside>` : '';
  return `<section${attrText}>${slide.html}${notes}</section>`;
}

export function renderSlides(deck: Deck): string {
  return deck.slides.map(renderSection).join('\n');
}

/** Phase colors as CSS custom properties, so the page needs no inline style (CSP). */
export function renderPhaseCss(deck: Deck): string {
  return deck.phases
    .map((p) => `[data-phase="${cssEscape(p.id)}"]{--phase-color:${p.color};--phase-ink:${p.ink};--phase-text:${p.accentText}}`)
    .join('\n');
}

function cssEscape(id: string): string {
  // Phase ids are validated to [a-z0-9-], so this is belt and braces.
  return id.replace(/[^a-z0-9-]/gi, '');
}

/** The model for the browser, as JSON safe to embed in `<script type="application/json">`. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
