import { escapeHtml } from '../html.ts';

/**
 * Helpers shared by the build-time SVG figures. Figures are drawn without a DOM, so text is
 * measured with the advance widths of the deck font (Noto Sans JP, 1000 units per em), read once
 * from the font with harfbuzz: ASCII per weight; kana, kanji and full-width punctuation are 1 em.
 */

// Advance widths of U+0020…U+007E in Noto Sans JP Regular and Bold (units of 1/1000 em).
const ASCII_400 = [
  224, 323, 474, 555, 555, 921, 680, 278, 338, 338, 467, 555, 278, 347, 278, 392, 555, 555, 555, 555, 555, 555, 555, 555, 555, 555, 278, 278, 555, 555,
  555, 474, 946, 608, 657, 638, 688, 589, 552, 689, 728, 293, 535, 646, 543, 812, 723, 742, 633, 742, 635, 596, 599, 721, 575, 878, 573, 531, 603, 338,
  392, 338, 555, 559, 606, 563, 618, 510, 620, 554, 325, 564, 607, 275, 275, 552, 284, 926, 610, 606, 620, 620, 388, 468, 377, 607, 521, 802, 498, 521,
  475, 338, 270, 338, 555,
];
const ASCII_700 = [
  227, 370, 574, 590, 590, 963, 740, 325, 378, 378, 507, 590, 325, 370, 325, 387, 590, 590, 590, 590, 590, 590, 590, 590, 590, 590, 325, 325, 590, 590,
  590, 514, 1007, 641, 681, 656, 714, 615, 585, 717, 757, 330, 568, 686, 578, 853, 749, 770, 667, 770, 682, 624, 625, 748, 619, 915, 627, 580, 613, 378,
  387, 378, 590, 567, 626, 591, 644, 527, 644, 581, 372, 597, 640, 304, 306, 604, 315, 964, 641, 626, 644, 644, 437, 495, 421, 637, 576, 863, 562, 574,
  511, 378, 296, 378, 590,
];

/** Width in px of `text` set in the deck font at `size` px (no kerning: a slight overestimate). */
export function textWidth(text: string, size: number, bold = false): number {
  const table = bold ? ASCII_700 : ASCII_400;
  let units = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c < 0x7f) units += table[c - 0x20]!;
    else if (c === 0x2013) units += 540; // en dash
    else if (c === 0x2014) units += 900; // em dash
    else if (c < 0x2000) units += 600; // Latin-1 and other Latin letters: about an average Latin advance
    else units += 1000; // kana, kanji, full-width forms
  }
  return (units / 1000) * size;
}

/** Escape text for SVG (XML) content and attributes. */
export const esc = escapeHtml;

/** Numbers in SVG attributes: at most one decimal, no trailing zeros. */
export function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** One data mark's colors, from a deck phase. */
export interface PhaseColors {
  id: string;
  label: string;
  /** The author's color: fills of marks and bands. */
  color: string;
  /** Black or white text that meets AA on `color`. */
  ink: string;
  /** `color` darkened to 4.5:1 on white: text drawn in the phase's color. */
  text: string;
}

export interface FigureFrame {
  /** Unique id prefix of this figure in the page (several figures share one HTML document). */
  id: string;
  /** CSS class suffix: figure-<kind>. */
  kind: string;
  width: number;
  height: number;
  /** Accessible name (also the SVG <title>). */
  title: string;
  /** One-sentence description of what the drawing shows (the SVG <desc>). */
  description: string;
  /** SVG content. */
  body: string;
  /** The figure's data as text, one entry per item: the visually hidden list screen readers get. */
  items: string[];
}

/**
 * A figure as HTML: the SVG (role="img", named by its <title>, described by its <desc>) followed by
 * a visually hidden ordered list with the same data. No inline style and no script (CSP-safe):
 * colors are presentation attributes, type comes from theme.css via classes.
 */
export function figureHtml(f: FigureFrame): string {
  const t = `${f.id}-title`;
  const d = `${f.id}-desc`;
  return (
    `<figure class="deck-figure figure-${f.kind}" id="${f.id}">` +
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(f.width)} ${n(f.height)}" width="${n(f.width)}" height="${n(f.height)}" role="img" aria-labelledby="${t}" aria-describedby="${d}">` +
    `<title id="${t}">${esc(f.title)}</title><desc id="${d}">${esc(f.description)}</desc>` +
    f.body +
    `</svg>` +
    `<ol class="fig-data sr-only">${f.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ol>` +
    `</figure>\n`
  );
}
