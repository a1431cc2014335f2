/**
 * A strict reading of CSS `<color>`, for colors an author writes in deck.yaml or data files.
 * colorjs.io alone is too lenient for a value that is later written into CSS and HTML: it took
 * `rgb(1 2 3)}*{none}()` and `rgb(calc(1) 2 3)`, which then broke or crashed the build. Accepted:
 * hex (#rgb, #rgba, #rrggbb, #rrggbbaa), color names, and rgb()/rgba()/hsl()/hsla()/hwb()/lab()/
 * lch()/oklab()/oklch()/color() with plain numbers, percentages, angles and `none` — every value
 * that is also accepted by colorjs.io (used to compute contrast) and by browsers.
 */

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?(?:%|deg|grad|rad|turn)?$/i;
const FUNCTIONS = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'color']);
const SPACES = new Set(['srgb', 'srgb-linear', 'display-p3', 'a98-rgb', 'prophoto-rgb', 'rec2020', 'xyz', 'xyz-d50', 'xyz-d65']);

/** Why `value` is not a color we accept, or undefined when it is well-formed (syntax only). */
export function colorSyntaxProblem(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'the color is empty';
  if (v.startsWith('#')) return /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(v) ? undefined : 'a hex color is "#" and 3, 4, 6 or 8 hex digits';
  if (/^[a-z]+$/i.test(v)) return /^(currentcolor|inherit|initial|unset|revert)$/i.test(v) ? `"${v}" depends on the page, not a fixed color` : undefined;
  const m = /^([a-z]+)\(([^()]*)\)$/i.exec(v);
  if (!m) return /\(.*\(/.test(v) ? 'nested functions such as calc() or var() are not accepted here: write the numbers' : 'not a color: write "#" and hex digits, a color name or a color function like oklch(60% 0.15 250)';
  const name = m[1]!.toLowerCase();
  if (!FUNCTIONS.has(name)) return `${m[1]}() is not a color function`;
  const args = m[2]!.trim();
  let parts: string[];
  if (args.includes(',')) {
    // The legacy comma syntax: commas between every value, no "/" and no "none" (browsers refuse a mix).
    if (!/^(rgba?|hsla?)$/.test(name)) return `${name}() takes values separated by spaces, not commas`;
    parts = args.split(',').map((p) => p.trim());
    if (parts.some((p) => /\s|\/|^none$/i.test(p) || p === '')) return 'write either commas between all values or spaces (with "/ alpha"), not a mix';
  } else {
    const slash = args.split('/');
    if (slash.length > 2) return 'only one "/" (before the alpha) is allowed';
    parts = slash[0]!.trim().split(/\s+/);
    if (slash.length === 2) {
      if (parts.length !== 3) return 'three values come before "/ alpha"';
      parts.push(slash[1]!.trim());
    }
  }
  if (name === 'color') {
    if (!SPACES.has((parts.shift() ?? '').toLowerCase())) return `color() needs a color space first, one of ${[...SPACES].join(', ')}`;
  }
  if (parts.length < 3 || parts.length > 4) return `${name}() takes 3 values and an optional alpha`;
  for (const p of parts) {
    if (p.toLowerCase() === 'none') continue;
    if (!NUMBER.test(p)) return `"${p}" is not a number, percentage or angle`;
    if (!Number.isFinite(parseFloat(p))) return `"${p}" is too large`;
  }
  return undefined;
}
