import { rubyPairs, stripRuby } from '../markdown/ruby.ts';
import { esc, n, textWidth } from './svg.ts';

/**
 * Furigana in figure labels (`label: {批准|ひじゅん}せず` in timeline.yaml or treaties.yaml). SVG has
 * no ruby, so each reading is a small tspan moved up over its base, and the base moved back under it:
 * the label advances by its base text only, so widths (textWidth of labelText) and text-anchor
 * stay right, and the reading sits in the room above the label.
 */

const RUBY = /\{([^{}|\n]+)((?:\|[^{}|\n]*)+)\}/g;

/** The label as plain text (widths, the figure's text alternative). */
export const labelText = stripRuby;

/** SVG content (tspans) for a label at `size` px, readings drawn above their base. */
export function svgLabel(label: string, size: number): string {
  const out: string[] = [];
  let last = 0;
  for (const m of label.matchAll(RUBY)) {
    out.push(esc(label.slice(last, m.index)));
    const readings = m[2]!.slice(1).split('|');
    for (const [base, reading] of rubyPairs({ base: m[1]!, readings })) {
      const bw = textWidth(base, size);
      const rw = textWidth(reading, size / 2);
      const rise = size * 0.95;
      // The reading first, moved up and centred over where the base will be; then the base, moved
      // back down and left to where the reading started: the pen ends after the base.
      out.push(
        `<tspan class="fig-rt" font-size="${n(size / 2)}" dx="${n((bw - rw) / 2)}" dy="${n(-rise)}">${esc(reading)}</tspan>` +
          `<tspan dx="${n(-(bw + rw) / 2)}" dy="${n(rise)}">${esc(base)}</tspan>`,
      );
    }
    last = m.index + m[0].length;
  }
  out.push(esc(label.slice(last)));
  return out.join('');
}
