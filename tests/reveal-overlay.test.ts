import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openPage, revealReady, type WatchedPage } from './helpers/browser.ts';
import { splitOverlayRules } from '../src/vite/reveal-overlay.ts';

/**
 * reveal.css's overlay rules (link previews) load only when an overlay opens
 * (src/vite/reveal-overlay.ts, src/client/overlay-styles.ts). Uses the default deck global-setup built.
 */

/** Every style rule's selector text in the page's stylesheets (nested rules of @media too). */
const selectorsInPage = (): string[] => {
  const out: string[] = [];
  const walk = (rules: CSSRuleList): void => {
    for (const r of rules) {
      if (r instanceof CSSStyleRule) out.push(r.selectorText);
      else if (r instanceof CSSGroupingRule) walk(r.cssRules);
    }
  };
  for (const s of document.styleSheets) walk(s.cssRules);
  return out;
};

describe('reveal.js overlay styles on demand', () => {
  let w: WatchedPage;
  const requested: string[] = [];

  beforeAll(async () => {
    w = await openPage('about:blank');
    w.page.on('request', (r) => requested.push(r.url()));
    await w.page.goto(inject('deckUrl'));
    await revealReady(w.page);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('splits reveal.css without losing a rule: each selector lands in exactly one part', () => {
    const css = readFileSync(createRequire(import.meta.url).resolve('reveal.js/reveal.css'), 'utf8');
    const { kept, moved } = splitOverlayRules(css);
    const count = (s: string, re: RegExp): number => s.match(re)?.length ?? 0;
    // Every overlay class is in the moved part only; the media play button (not an overlay) stays.
    expect(count(moved, /\.r-overlay-viewport/g)).toBeGreaterThan(0);
    expect(count(kept, /\.r-overlay(?!-button)/g)).toBe(0);
    expect(count(moved, /\.r-overlay-button/g)).toBe(0);
    expect(count(kept, /\.r-overlay-button/g)).toBe(count(css, /\.r-overlay-button/g));
    // Nothing else moved: the declarations of both parts add up to the original's.
    expect(count(kept, /;|\{/g) + count(moved, /;|\{/g)).toBeGreaterThanOrEqual(count(css, /;|\{/g));
    expect(kept.length + moved.length).toBeLessThan(css.length + 200);
  });

  it('loads no overlay rule with the deck, and styles an overlay exactly as reveal.css does once one opens', async () => {
    const before = await w.page.evaluate(selectorsInPage);
    expect(before.filter((s) => /\.r-overlay(?!-button)/.test(s))).toEqual(['.reveal > .r-overlay']);
    expect(requested.filter((u) => /reveal-overlay/.test(u))).toEqual([]);

    await w.page.evaluate(() => window.Reveal.showPreview('./icon.svg'));
    const overlay = w.page.locator('.reveal > .r-overlay');
    await overlay.waitFor();
    // Visible (the hiding rule is overridden) once its styles are in.
    await w.page.waitForFunction(() => getComputedStyle(document.querySelector('.reveal > .r-overlay')!).visibility === 'visible');
    const styled = await w.page.evaluate(() => {
      const o = getComputedStyle(document.querySelector('.reveal > .r-overlay')!);
      const header = getComputedStyle(document.querySelector('.r-overlay-header')!);
      return { position: o.position, zIndex: o.zIndex, background: o.backgroundColor, headerDisplay: header.display };
    });
    // reveal.css: .r-overlay{z-index:99;background:#000000f2;position:absolute}, .r-overlay-header{display:flex}
    expect(styled).toEqual({ position: 'absolute', zIndex: '99', background: 'rgba(0, 0, 0, 0.95)', headerDisplay: 'flex' });
    expect(requested.filter((u) => /reveal-overlay.*\.css/.test(u))).toHaveLength(1);
    expect(w.errors).toEqual([]);
  });
});
