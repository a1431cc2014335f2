import type { RevealApi, RevealPlugin } from 'reveal.js';
import { DECK_UPDATE_EVENT, type DeckUpdate } from '../shared/hmr.ts';

/** The pre-rendered `<section>` strings of an update, one per slide. */
function sectionsOf(html: string): HTMLElement[] {
  const t = document.createElement('template');
  t.innerHTML = html;
  return Array.from(t.content.children).filter((e): e is HTMLElement => e.tagName === 'SECTION');
}

/**
 * Dev only: applies a `deck:update` from the vite plugin in place: new slide HTML and model,
 * same slide on screen, no reload. Other plugins listen for the `deckupdate` event to re-read the model.
 *
 * Saving one file usually changes one slide: when the slide count is unchanged, only the sections
 * whose markup changed are swapped and re-synced (reveal.js's full sync() re-processes every slide
 * and costs most of an update's time in the browser).
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
        const next = sectionsOf(update.slides);
        const markup = next.map((s) => s.outerHTML);
        const live = reveal.getSlides();
        const data = document.querySelector('script#deck-data');
        if (data) data.textContent = update.data;
        if (previous && previous.length === next.length && live.length === next.length) {
          next.forEach((section, i) => {
            if (markup[i] === previous![i]) return;
            // reveal.js keeps a slide's place (present/past/future, visibility) on the element itself
            // and does not re-apply it for the slide it is already on: carry it over.
            const old = live[i]!;
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
          reveal.getSlidesElement()!.replaceChildren(...next);
          reveal.sync();
        }
        previous = markup;
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
