import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/**
 * reveal.css's overlay rules (`.r-overlay*`: the previews that `data-preview-link|image|video`
 * open, and reveal.js's own help, which the deck turns off) are ~12 KB of its 54 KB, ~4.7 KiB gzip of
 * every page load's code and styles, for a feature few decks use. This plugin takes them out of
 * reveal.css as the client imports it and serves them as OVERLAY_CSS_ID, which
 * src/client/overlay-styles.ts imports when reveal.js first opens an overlay.
 *
 * A selector list mixing overlay and other selectors is split: each part keeps the declarations.
 * `.r-overlay-button` (reveal.js's media play button, not an overlay) stays. The moved rules come
 * later in the cascade than before; no rule left behind targets an overlay's elements, so nothing
 * they set changes. Until they arrive, an open overlay is hidden (OVERLAY_HIDDEN, kept in reveal.css's
 * place; the moved sheet ends by showing it).
 */
export const OVERLAY_CSS_ID = 'virtual:reveal-overlay.css';
// Named so the built file reads reveal-overlay-<hash>.css.
const RESOLVED = '\0reveal-overlay.css';

/** An overlay selector: names `.r-overlay` or `.r-overlay-…`, except `.r-overlay-button`. */
const OVERLAY = /\.r-overlay(?:-(?!button(?![\w-]))[\w-]+)?(?![\w-])/;
/** Hides an overlay opened before its styles are in; the moved sheet's last rule shows it. */
const OVERLAY_HIDDEN = '.reveal>.r-overlay{visibility:hidden}';
const OVERLAY_SHOWN = '.reveal>.r-overlay{visibility:visible}';

/** Top-level blocks of a stylesheet (`prelude{…}`), nested braces kept whole. reveal.css has no braces in strings. */
function blocks(css: string): Array<{ prelude: string; body: string }> {
  const out: Array<{ prelude: string; body: string }> = [];
  let depth = 0;
  let start = 0;
  let open = 0;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '{' && depth++ === 0) open = i;
    else if (c === '}' && --depth === 0) {
      out.push({ prelude: css.slice(start, open), body: css.slice(open + 1, i) });
      start = i + 1;
    }
  }
  if (depth !== 0 || css.slice(start).trim() !== '') throw new Error('reveal-overlay: unexpected reveal.css structure');
  return out;
}

/** Splits a selector list at its top-level commas (not those inside :is(…), :not(…)). */
function selectors(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i));
      start = i + 1;
    }
  }
  out.push(list.slice(start));
  return out;
}

/** reveal.css as `kept` (everything else, in order) and `moved` (the overlay rules, in order). */
export function splitOverlayRules(css: string): { kept: string; moved: string } {
  let kept = '';
  let moved = '';
  for (const { prelude, body } of blocks(css)) {
    const head = prelude.trim();
    if (/^@(media|supports|layer|container)\b/.test(head)) {
      const inner = splitOverlayRules(body);
      if (inner.kept) kept += `${head}{${inner.kept}}`;
      if (inner.moved) moved += `${head}{${inner.moved}}`;
    } else if (head.startsWith('@')) {
      kept += `${head}{${body}}`;
    } else {
      const list = selectors(head);
      const over = list.filter((s) => OVERLAY.test(s));
      const rest = list.filter((s) => !OVERLAY.test(s));
      if (rest.length) kept += `${rest.join(',')}{${body}}`;
      if (over.length) moved += `${over.join(',')}{${body}}`;
    }
  }
  return { kept, moved };
}

const REVEAL_CSS = /[\\/]node_modules[\\/]reveal\.js[\\/]dist[\\/]reveal\.css(\?.*)?$/;

export function revealOverlayPlugin(): Plugin {
  const source = (): string => readFileSync(createRequire(import.meta.url).resolve('reveal.js/reveal.css'), 'utf8');
  return {
    name: 'lecture-deck-reveal-overlay',
    enforce: 'pre',
    resolveId: (id) => (id === OVERLAY_CSS_ID ? RESOLVED : undefined),
    load: (id) => (id === RESOLVED ? splitOverlayRules(source()).moved + OVERLAY_SHOWN : undefined),
    transform(code, id) {
      if (!REVEAL_CSS.test(id)) return undefined;
      return { code: splitOverlayRules(code).kept + OVERLAY_HIDDEN, map: null };
    },
  };
}
