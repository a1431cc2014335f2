import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import postcss, { type AtRule, type Root } from 'postcss';
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
const OVERLAY_CSS_ID = 'virtual:reveal-overlay.css';
// Named so the built file reads reveal-overlay-<hash>.css.
const RESOLVED = '\0reveal-overlay.css';

/** An overlay selector: names `.r-overlay` or `.r-overlay-…`, except `.r-overlay-button`. */
const OVERLAY = /\.r-overlay(?:-(?!button(?![\w-]))[\w-]+)?(?![\w-])/;
/** Hides an overlay opened before its styles are in; the moved sheet's last rule shows it. */
const OVERLAY_HIDDEN = '.reveal>.r-overlay{visibility:hidden}';
const OVERLAY_SHOWN = '.reveal>.r-overlay{visibility:visible}';

/**
 * `root` with only the selectors `wanted` keeps: a rule keeps its declarations under what is left of
 * its selector list, or goes; so do the @media/@supports/… blocks left without a rule. With
 * `rulesOnly`, at-rules holding no style rule at all (@font-face, @keyframes) go too.
 */
function keepSelectors(root: Root, wanted: (selector: string) => boolean, rulesOnly: boolean): string {
  root.walkRules((rule) => {
    // Keyframe selectors (from, 50%) are not style rules: they stay with their @keyframes.
    if (rule.parent?.type === 'atrule' && /keyframes$/i.test((rule.parent as AtRule).name)) return;
    const list = rule.selectors.filter(wanted);
    if (list.length === 0) rule.remove();
    else if (list.length < rule.selectors.length) rule.selectors = list;
  });
  const holdsRule = (at: AtRule): boolean => {
    let found = false;
    at.walkRules(() => {
      found = true;
      return false;
    });
    return found;
  };
  root.walkAtRules((at) => {
    if (at.nodes === undefined) {
      // A statement (@import, @layer a, b;): the kept sheet's.
      if (rulesOnly) at.remove();
    } else if (at.nodes.length === 0 || (rulesOnly && !holdsRule(at)) || (rulesOnly && /keyframes$/i.test(at.name))) at.remove();
  });
  return root.toString();
}

/** reveal.css as `kept` (everything else, in order) and `moved` (the overlay rules, in order). */
export function splitOverlayRules(css: string): { kept: string; moved: string } {
  // postcss's parser, not a hand-written one: comments, strings and nested at-rules come right.
  const root = postcss.parse(css);
  const moved = keepSelectors(root.clone(), (s) => OVERLAY.test(s), true);
  const kept = keepSelectors(root, (s) => !OVERLAY.test(s), false);
  return { kept, moved };
}

const REVEAL_CSS = /[\\/]node_modules[\\/]reveal\.js[\\/]dist[\\/]reveal\.css(\?.*)?$/;

export function revealOverlayPlugin(): Plugin {
  const source = (): string => readFileSync(createRequire(import.meta.url).resolve('reveal.js/reveal.css'), 'utf8');
  // One split serves both hooks (the same text: reveal.css as transformed, and as read for the
  // moved sheet): ~15–35 ms of postcss a split.
  let last: { css: string; parts: { kept: string; moved: string } } | undefined;
  const split = (css: string): { kept: string; moved: string } => (last?.css === css ? last : (last = { css, parts: splitOverlayRules(css) })).parts;
  return {
    name: 'lecture-deck-reveal-overlay',
    enforce: 'pre',
    resolveId: (id) => (id === OVERLAY_CSS_ID ? RESOLVED : undefined),
    load: (id) => (id === RESOLVED ? split(source()).moved + OVERLAY_SHOWN : undefined),
    transform(code, id) {
      if (!REVEAL_CSS.test(id)) return undefined;
      return { code: split(code).kept + OVERLAY_HIDDEN, map: null };
    },
  };
}
