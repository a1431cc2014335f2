/**
 * reveal.js merges the page's query string into its config after the options it is given
 * (`{ ...defaults, ...options, ...getQueryHash() }` in Reveal.initialize), so a link ending in
 * `?postMessage=true` would turn back on the postMessage API main.ts turns off: any window holding
 * a reference to the deck could then call its API. The keys pinned here are taken out of the URL
 * (history.replaceState: no reload; the hash and every other key stay) before reveal.js reads it.
 */
const PINNED = new Set(['postMessage', 'postMessageEvents']);

/** reveal.js's own reading of the query (its getQueryHash): what it would take for a key. */
const REVEAL_QUERY_KEY = /[A-Z0-9]+?=([\w.%-]*)/gi;

export function dropPinnedQuery(): void {
  const kept = location.search.replace(REVEAL_QUERY_KEY, (pair) => (PINNED.has(pair.split('=')[0]!) ? '' : pair));
  if (kept === location.search) return;
  // The separators the removed pairs leave behind.
  const search = kept.replace(/&{2,}/g, '&').replace(/^\?&/, '?').replace(/&$/, '').replace(/^\?$/, '');
  history.replaceState(history.state, '', location.pathname + search + location.hash);
}
