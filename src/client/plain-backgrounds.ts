/**
 * reveal.js gives each slide a contrast class (has-dark-background / has-light-background) from its
 * background: the slide's `data-background-color` when it names a color, else the computed
 * background color of the slide's background element (getComputedStyle: a style update per slide,
 * ~a fifth of reveal.js's start-up task and of every configure()/sync() on a 58-slide deck).
 *
 * A slide without a background of its own is transparent there (reveal.css:
 * `.reveal .slide-background { background-color: #0000 }`), which gives no class. Saying so in
 * `data-background-color` skips the look-up with the same result: no class, the same transparent
 * background (reveal.js writes it inline on the background element, no CSP concern: CSSOM). Left
 * alone: slides with any `data-background*` of their own, and the slides the theme paints a
 * background for (THEMED, see styles/theme/slides.css: only the title slide).
 */
const TRANSPARENT = 'rgba(0, 0, 0, 0)';

/** Slides whose background element the theme colors (styles/theme/slides.css). */
const THEMED = '.slide-title';

export function markPlainBackgrounds(slides: Iterable<HTMLElement>): void {
  for (const s of slides) {
    if (s.matches(THEMED) || s.getAttributeNames().some((a) => a.startsWith('data-background'))) continue;
    s.setAttribute('data-background-color', TRANSPARENT);
  }
}
