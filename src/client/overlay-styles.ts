/**
 * reveal.js's overlay styles (link previews from `data-preview-link|image|video`; its help overlay is
 * off here) are not in the deck's stylesheet (src/vite/reveal-overlay.ts): they load when reveal.js
 * first opens an overlay, a child of the `.reveal` element. Until they are in, the overlay is hidden
 * (a rule left in reveal.css's place), so it never shows unstyled.
 */
export function lazyOverlayStyles(deck: Element | null): void {
  if (!deck) return;
  const observer = new MutationObserver((records) => {
    const opened = records.some((r) => [...r.addedNodes].some((n) => n instanceof Element && n.classList.contains('r-overlay')));
    if (!opened) return;
    observer.disconnect();
    void import('virtual:reveal-overlay.css');
  });
  observer.observe(deck, { childList: true });
}
