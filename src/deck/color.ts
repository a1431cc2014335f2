import Color from 'colorjs.io';

/** colorjs.io parses every CSS color syntax (hex, names, rgb(), hsl(), oklch() …), so the schema accepts what CSS accepts. */
export function isCssColor(value: string): boolean {
  try {
    new Color(value);
    return true;
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

/** Black or white text, whichever reads better on `background` (WCAG AA needs 4.5:1). */
export function inkOn(background: string): string {
  return contrast(background, '#ffffff') >= contrast(background, '#111111') ? '#ffffff' : '#111111';
}

/**
 * The author's color, darkened in OKLCH lightness until it reaches `ratio` against `background`;
 * used where a phase color is drawn as text. The hue stays, so the phase remains recognisable.
 */
export function readableOn(color: string, background: string, ratio = 4.5): string {
  const c = new Color(color).to('oklch');
  const darken = contrast('#000000', background) > contrast('#ffffff', background);
  for (let i = 0; i < 100 && contrast(hex(c), background) < ratio; i++) {
    const l = c.coords[0] ?? 0;
    c.coords[0] = darken ? Math.max(0, l - 0.01) : Math.min(1, l + 0.01);
  }
  return hex(c);
}
