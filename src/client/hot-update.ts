import type { RevealApi, RevealPlugin } from 'reveal.js';
import { DECK_UPDATE_EVENT, type DeckUpdate } from '../shared/hmr.ts';

/** The pre-rendered `<section>` strings of an update, one per slide. */
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

/**
 * Dev only: applies a `deck:update` from the vite plugin in place: new slide HTML and model,
 * same slide on screen, no reload. Other plugins listen for the `deckupdate` event to re-read the model.
 *
 * Saving one file usually changes one slide: when the slide count is unchanged, only the sections
 * whose markup changed are parsed, swapped and re-synced (reveal.js's full sync() re-processes
 * every slide, and parsing every slide's markup cost more than the rest of an update); a slide
 * whose source line alone moved keeps its element and gets the new `data-source`.
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
      apply = (update: DeckUpdate) => {
        const { h, f } = reveal.getIndices();
        const live = reveal.getSlides();
        const data = document.querySelector('script#deck-data');
        if (data) data.textContent = update.data;
        const changed = previous && previous.length === update.slides.length && live.length === update.slides.length
          ? update.slides.flatMap((html, i) => (html === previous![i] ? [] : [i]))
          : undefined;
        const fresh = changed && sectionsOf(changed.map((i) => update.slides[i]).join(''));
        if (changed && fresh && fresh.length === changed.length) {
          changed.forEach((i, k) => {
            const section = fresh[k]!;
            const old = live[i]!;
            if (withoutSource(update.slides[i]!) === withoutSource(previous![i]!)) {
              old.setAttribute('data-source', section.getAttribute('data-source') ?? '');
              return;
            }
            // reveal.js keeps a slide's place (present/past/future, visibility) on the element itself
            // and does not re-apply it for the slide it is already on: carry it over.
            for (const state of ['present', 'past', 'future']) if (old.classList.contains(state)) section.classList.add(state);
            for (const attr of ['hidden', 'aria-hidden']) {
              const value = old.getAttribute(attr);
              if (value !== null) section.setAttribute(attr, value);
            }
            // Through the CSSOM: the page's CSP (the same in dev as in the build) refuses a style attribute.
            section.style.cssText = old.style.cssText;
            // reveal.js's syncSlide() re-syncs the slide's background element, which it keeps on the
            // section object: hand it over, or syncSlide throws on the new section.
            const bg = old as HTMLElement & { slideBackgroundElement?: HTMLElement; slideBackgroundContentElement?: HTMLElement };
            Object.assign(section, { slideBackgroundElement: bg.slideBackgroundElement, slideBackgroundContentElement: bg.slideBackgroundContentElement });
            old.replaceWith(section);
            reveal.syncSlide(section);
          });
        } else {
          reveal.getSlidesElement()!.replaceChildren(...sectionsOf(update.slides.join('\n')));
          reveal.sync();
        }
        previous = update.slides;
        // Re-applies present/past/future to swapped sections and keeps the fragment step.
        reveal.slide(Math.min(h, reveal.getTotalSlides() - 1), 0, f);
        reveal.dispatchEvent({ type: 'deckupdate', data: {} });
      };
      import.meta.hot.on(DECK_UPDATE_EVENT, apply);
    },
    destroy() {
      if (apply) import.meta.hot?.off(DECK_UPDATE_EVENT, apply);
    },
  };
}
