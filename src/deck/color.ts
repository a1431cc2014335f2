import Color from 'colorjs.io';
import { colorSyntaxProblem } from './css-color.ts';

/**
 * A color every stage accepts: strict CSS syntax (css-color.ts), parsed by colorjs.io with finite
 * coordinates (contrast and ink are computed from them).
 */
export function isCssColor(value: string): boolean {
  if (typeof value !== 'string' || colorSyntaxProblem(value) !== undefined) return false;
  try {
    const c = new Color(value).to('srgb');
    return c.coords.every((x) => x === null || Number.isFinite(x)) && Number.isFinite(contrast(value, '#ffffff'));
  } catch {
    return false;
  }
}

export function contrast(a: string, b: string): number {
  return new Color(a).contrast(new Color(b), 'WCAG21');
}

function hex(c: Color): string {
  return c.to('srgb').toGamut().toString({ format: 'hex', collapse: false });
}

/** Results by arguments: the functions are pure, and colorjs.io parsing costs ~2 ms per compile. */
const memo = new Map<string, string>();
function remembered(key: string, make: () => string): string {
  let v = memo.get(key);
  if (v === undefined) {
    v = make();
    memo.set(key, v);
  }
  return v;
}

/** Black or white text, whichever reads better on `background`; always at least 4.5:1 (WCAG AA). */
export function inkOn(background: string): string {
  return remembered(`ink\0${background}`, () => computeInkOn(background));
}

function computeInkOn(background: string): string {
  const best = contrast(background, '#ffffff') >= contrast(background, '#111111') ? '#ffffff' : '#111111';
  // Mid-tone colors (e.g. #1f8a70: 4.43:1 with #111) reach AA only with pure black; white or
  // black always reaches at least 4.58:1, so the ink never falls below AA.
  return contrast(background, best) >= 4.5 || contrast(background, '#000000') <= contrast(background, best) ? best : '#000000';
}

/**
 * The author's color, darkened in OKLCH lightness until it reaches `ratio` against `background`;
 * used where a phase color is drawn as text. The hue stays, so the phase remains recognisable.
 */
export function readableOn(color: string, background: string, ratio = 4.5): string {
  return remembered(`readable\0${color}\0${background}\0${ratio}`, () => computeReadableOn(color, background, ratio));
}

function computeReadableOn(color: string, background: string, ratio: number): string {
  const c = new Color(color).to('oklch');
  const darken = contrast('#000000', background) > contrast('#ffffff', background);
  for (let i = 0; i < 100 && contrast(hex(c), background) < ratio; i++) {
    const l = c.coords[0] ?? 0;
    c.coords[0] = darken ? Math.max(0, l - 0.01) : Math.min(1, l + 0.01);
  }
  return hex(c);
}

/**
 * The light backgrounds phase-colored text is drawn on: the page (--deck-bg) and --deck-surface
 * (tokens.css: table stripes, quotes, compare panels, answer boxes). Keep in step with tokens.css;
 * tests/theme.test.ts checks --phase-text against both as rendered.
 */
export const TEXT_BACKGROUNDS = ['#ffffff', '#f2f4f6'] as const;

/** A phase color as text: darkened until it reads at AA on every background in TEXT_BACKGROUNDS
 *  (all light, so each step only darkens and never undoes an earlier one). */
export function phaseTextColor(color: string): string {
  return TEXT_BACKGROUNDS.reduce<string>((c, bg) => readableOn(c, bg), color);
}
