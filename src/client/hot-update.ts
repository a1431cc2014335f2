import type { RevealApi, RevealPlugin } from 'reveal.js';
import { DECK_UPDATE_EVENT, DECK_VERSION_META, type DeckUpdate } from '../shared/hmr.ts';

/** Pre-rendered `<section>` markup (one slide or several in a row) as elements. */
function sectionsOf(html: string): HTMLElement[] {
  const t = document.createElement('template');
  t.innerHTML = html;
  return Array.from(t.content.children).filter((e): e is HTMLElement => e.tagName === 'SECTION');
}

/** A section's markup without its `data-source` (file:line): a line added above a slide changes only that. */
function withoutSource(html: string): string {
  // renderSection writes data-source once, in the opening tag, so the first match is that one.
  return html.replace(/ data-source="[^"]*"/, '');
}

/** The opening `<section …>` tag (attribute values are escaped, so the first `>` ends it). */
function openingTag(html: string): string {
  return html.slice(0, html.indexOf('>') + 1);
}

/** What reveal.js writes on a slide element (its place, visibility and layout), kept across a renewal. */
const REVEAL_ATTRS = new Set(['hidden', 'aria-hidden', 'inert', 'style', 'data-index-h', 'data-index-v']);
const REVEAL_CLASSES = ['present', 'past', 'future'];

/**
 * Gives the live slide element the markup of `fresh`: its children, and its attributes except the
 * ones reveal.js keeps there. The element itself stays, so reveal.js's own references to it (the
 * current slide, the slide's background element) stay valid and nothing needs placing again; other
 * plugins' marks on it go, as with a new element (they redo them on `deckupdate`).
 */
function renew(live: HTMLElement, fresh: HTMLElement): void {
  const place = REVEAL_CLASSES.filter((c) => live.classList.contains(c));
  for (const { name } of [...live.attributes]) if (!REVEAL_ATTRS.has(name) && !fresh.hasAttribute(name)) live.removeAttribute(name);
  for (const { name, value } of fresh.attributes) {
    if (!REVEAL_ATTRS.has(name) && live.getAttribute(name) !== value) live.setAttribute(name, value);
  }
  live.classList.add(...place);
  live.replaceChildren(...fresh.childNodes);
}

/**
 * Dev only: applies a `deck:update` from the vite plugin in place: new slide HTML and model,
 * same slide on screen, no reload. Other plugins listen for the `deckupdate` event to re-read the model.
 *
 * Saving one file usually changes one slide: when the slide count is unchanged, only the sections
 * whose markup changed are parsed and renewed in place (reveal.js's full sync() re-processes every
 * slide, and parsing every slide's markup cost more than the rest of an update); a slide whose
 * source line alone moved just gets the new `data-source`.
 */
export function HotUpdate(): RevealPlugin {
  let apply: ((update: DeckUpdate) => void) | undefined;
  return {
    id: 'hot-update',
    init(reveal: RevealApi) {
      if (!import.meta.hot) return;
      // Markup of the last update, to see which sections changed (the live DOM carries reveal.js's
      // own classes and styles, so it cannot be compared with the server's HTML).
      let previous: string[] | undefined;
      // The deck version on screen: until the first update, the one the page was served with.
      let version = Number(document.querySelector(`meta[name="${DECK_VERSION_META}"]`)?.getAttribute('content') ?? NaN);
      apply = (update: DeckUpdate) => {
        // The deck compiles again: vite's overlay of its last errors goes (vite clears it only when
        // it updates a module of its own, and a save that fixes a slide updates none).
        for (const overlay of document.querySelectorAll('vite-error-overlay')) overlay.remove();
        const { h, f } = reveal.getIndices();
        const live = reveal.getSlides();
        const data = document.querySelector('script#deck-data');
        if (data) data.textContent = update.data;
        const before = previous;
        const same = live.length === update.slides.length;
        // Our own comparison, or (first update: no markup of our own yet) the server's, when the
        // page is at the deck the update was compared with.
        const changed = before && before.length === update.slides.length && same
          ? update.slides.flatMap((html, i) => (html === before[i] ? [] : [i]))
          : !before && update.base === version && same ? update.changed : undefined;
        previous = update.slides;
        version = update.version;
        const fresh = changed && sectionsOf(changed.map((i) => update.slides[i]).join(''));
        if (!changed || !fresh || fresh.length !== changed.length) {
          reveal.getSlidesElement()!.replaceChildren(...sectionsOf(update.slides.join('\n')));
          reveal.sync();
          reveal.slide(Math.min(h, reveal.getTotalSlides() - 1), 0, f);
          reveal.dispatchEvent({ type: 'deckupdate', data: {} });
          return;
        }
        // Whether reveal.js must place the current slide again (slide() below).
        let place = reveal.isOverview();
        changed.forEach((i, k) => {
          const html = update.slides[i]!;
          const old = before?.[i];
          const slide = live[i]!;
          if (old !== undefined && withoutSource(html) === withoutSource(old)) {
            slide.setAttribute('data-source', fresh[k]!.getAttribute('data-source') ?? '');
            return;
          }
          renew(slide, fresh[k]!);
          // Backgrounds, fragment order, lazy media: reveal.js's own re-sync of one slide.
          reveal.syncSlide(slide);
          // What reveal.js's slide() does to a slide before the current one: all its fragments shown.
          if (slide.classList.contains('past')) for (const el of slide.querySelectorAll('.fragment')) el.classList.add('visible');
          // The current slide's fragment step, and what its attributes (data-state…) set on the page.
          if (i === h && (slide.querySelector('.fragment') || old === undefined || openingTag(html) !== openingTag(old))) place = true;
        });
        // slide() re-marks every slide (hidden, aria-hidden, classes): the whole page's style and
        // layout were computed again, and the URL rewritten, for a change to one slide.
        if (place) reveal.slide(h, 0, f);
        reveal.dispatchEvent({ type: 'deckupdate', data: {} });
      };
      import.meta.hot.on(DECK_UPDATE_EVENT, apply);
    },
    destroy() {
      if (apply) import.meta.hot?.off(DECK_UPDATE_EVENT, apply);
    },
  };
}
