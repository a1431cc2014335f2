import { LATER_TEXT } from './later-text.ts';

/**
 * The deck font's faces a slide needs before it can be measured: only those whose unicode-range
 * holds a character the slide shows (the build splits the font by where characters first appear,
 * src/vite/font-chunks.ts). Loading every face instead, as Fit once did, cost each page load ~16
 * font requests and a full relayout as each arrived, for slides most visits never reach.
 */

/** Characters a slide may show when measured: its blocks (not its notes), the quiz UI stand-ins
 *  (later.ts) and the digits of list counters (CSS generated content, not in the DOM). */
export function shownText(section: HTMLElement): string {
  let text = '0123456789';
  for (const el of section.children) if (!el.matches('aside.notes, script, style')) text += el.textContent ?? '';
  if (section.matches('[data-quiz], [data-activity]') || section.querySelector('.quiz-choice, .deck-answer')) text += LATER_TEXT;
  return text;
}

/** One CSS font shorthand per web-font family, weight and style the page declares. */
function specs(): string[] {
  const out = new Set<string>();
  for (const f of document.fonts) out.add(`${f.style} ${f.weight} 16px ${JSON.stringify(f.family.replace(/^["']|["']$/g, ''))}`);
  return [...out];
}

/** True when every face the slides' text needs is loaded (synchronous: fonts.check loads nothing). */
export function fontsIn(sections: HTMLElement[]): boolean {
  if (sections.length === 0) return true;
  const text = sections.map(shownText).join('');
  return specs().every((s) => document.fonts.check(s, text));
}

/** Loads the faces the slides' text needs; resolves when they are in (or failed: fallback metrics). */
export function loadFonts(sections: HTMLElement[]): Promise<void> {
  const text = sections.map(shownText).join('');
  return Promise.all(specs().map((s) => document.fonts.load(s, text).catch(() => undefined))).then(() => undefined);
}

/**
 * Loads (waiting at most `ms`) the faces the slides reveal.js lays out when it starts need: the one
 * in the URL and `around` on each side. Laid out before their faces are in, Japanese text goes
 * through the system's font fallback character by character (synchronous font look-ups, once the
 * largest part of reveal.js's start-up task) and is laid out again when the faces arrive.
 */
export function startFonts(slides: HTMLElement[], around: number, ms = 3000): Promise<void> {
  const m = /^#\/(\d+)/.exec(location.hash);
  const h = Math.min(Math.max(m ? Number(m[1]) : 0, 0), Math.max(slides.length - 1, 0));
  const shown = slides.slice(Math.max(0, h - around), h + around + 1);
  return Promise.race([loadFonts(shown), new Promise<void>((done) => setTimeout(done, ms))]);
}
