import type { Plugin } from 'vite';

/**
 * The classes reveal.js puts on the page when it starts, written into the HTML at build time, so
 * the first slide is laid out and painted by CSS alone (src/client/styles/first-paint.css) before
 * any script runs. reveal.js sets the same classes itself (and moves `present` to the slide in the
 * URL), so nothing changes when it boots.
 */
export function preBootClasses(html: string): string {
  return html
    .replace(/<html(?![^>]*reveal-full-page)/, '<html class="reveal-full-page"')
    .replace(/<body(?=[\s>])(?![^>]*class=)/, '<body class="reveal-viewport"');
}

/** Marks the first `<section>` of rendered slides as the one shown (reveal.js's `present`). */
export function presentFirst(slides: string): string {
  return slides.replace(/^(\s*)<section(?=[\s>])([^>]*)>/, (_m, ws: string, attrs: string) => {
    const cls = /\sclass="([^"]*)"/.exec(attrs);
    return cls ? `${ws}<section${attrs.replace(cls[0], ` class="${cls[1]} present"`)}>` : `${ws}<section class="present"${attrs}>`;
  });
}

/**
 * The page's module script (src/client/first.ts) at low fetch priority and `async`: it is not needed
 * for the first paint (first.ts imports main.ts only after it). At low priority, on HTTP/1.1 it is
 * not served before the first slide's font files, which the first paint waits for. `async`: a
 * module script is otherwise deferred, and the parser's end (DOMContentLoaded) then waits for it
 * and for the stylesheet, and lays the page out at once, with the fonts still loading (fallback
 * glyphs, laid out again when they arrive, and the main thread busy when their responses come in).
 * first.ts waits for the end of parsing itself. An inline module script (standalone.html) is left
 * as it is: `async` would run it before the slides are parsed.
 */
export function lowPriorityScripts(html: string): string {
  return html.replace(/<script type="module"(?=[^>]*\ssrc=)(?![^>]*\bfetchpriority=)/g, '<script type="module" async fetchpriority="low"');
}

/** Build only: the entry script tag exists once vite's HTML plugin has written it (order 'post'). */
export function firstPaintPlugin(): Plugin {
  return { name: 'lecture-deck-first-paint', apply: 'build', transformIndexHtml: { order: 'post', handler: lowPriorityScripts } };
}
