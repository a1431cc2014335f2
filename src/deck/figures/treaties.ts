import { z } from 'zod';
import { figureWords } from './words.ts';
import type { FigureCall } from './figure.ts';
import { MAX_ROWS, yearOption, yearSchema } from './bounds.ts';
import { labelText, svgLabel } from './ruby-label.ts';
import { esc, figureHtml, n, textWidth } from './svg.ts';

/**
 * ```figure treaties [from=YEAR] [to=YEAR] [data=FILE] [title="…"]
 *
 * Arms-control treaties on a time axis, one row each: a dot where it was signed, a bar while it was
 * in force (dashed where a party suspended it), a hollow dot for one that never entered into force,
 * and a short label. Marks take the color of the phase of the slide that shows the figure
 * (classes styled with var(--phase-color) by theme.css), text stays black on white.
 *
 * treaties.yaml:
 *   treaties:
 *     - { name: START I, signed: 1991, inForce: 1994, ended: 2009, label: 1994〜2009年に有効, note: … }
 *     - { name: New START, signed: 2010, inForce: 2011, until: 2026, suspended: 2023, note: … }
 * `note` is the full text (read by screen readers); `label` the short text drawn (default: note).
 */

const WIDTH = 1152;
const NAME = 26;
const LABEL = 24;
const AXIS = 21;
const PITCH = 74;
const BAR = 22;
const DOT = 8;

const year = yearSchema;

const optionsSchema = z.strictObject({
  from: yearOption.optional(),
  to: yearOption.optional(),
  data: z.string().regex(/\.ya?ml$/, 'name a .yaml file in the deck folder').optional(),
  title: z.string().min(1).optional(),
});

const dataSchema = z.strictObject({
  treaties: z
    .array(
      z
        .strictObject({
          name: z.string().min(1).max(16, 'keep treaty names to 16 characters (they label the rows)'),
          signed: year,
          /** Year it entered into force (absent: it never did). */
          inForce: year.optional(),
          /** Year it ended (expiry or withdrawal). */
          ended: year.optional(),
          /** Year it is due to end, while still in force. */
          until: year.optional(),
          /** Year a party suspended it (drawn dashed from then on). */
          suspended: year.optional(),
          note: z.string().min(1),
          label: z.string().min(1).max(28, 'keep labels to 28 characters so they fit beside the bar').optional(),
        })
        .refine((t) => t.inForce === undefined || t.inForce >= t.signed, { message: 'inForce is before signed', path: ['inForce'] })
        .refine((t) => t.ended === undefined || t.ended >= (t.inForce ?? t.signed), { message: 'ended is before the treaty began', path: ['ended'] })
        .refine((t) => t.ended === undefined || t.until === undefined, { message: 'give either ended (it is over) or until (still in force), not both', path: ['until'] }),
    )
    .min(1, 'list at least one treaty')
    .max(MAX_ROWS, `a treaties figure holds at most ${MAX_ROWS} rows`),
});

export function treatiesFigure(call: FigureCall): string {
  const opts = call.options(optionsSchema);
  if (!opts) return '';
  const file = opts.data ?? 'treaties.yaml';
  const data = call.data(file, dataSchema, {
    treaties: 'each treaty is { name: START I, signed: 1991, inForce: 1994, ended: 2009, note: … }',
  });
  if (!data) return '';
  const treaties = data.treaties;

  const years = treaties.flatMap((t) => [t.signed, t.inForce, t.ended, t.until, t.suspended].filter((y): y is number => y !== undefined));
  const now = call.asOf;
  const words = figureWords(call.lang);
  const from = opts.from ?? Math.floor((Math.min(...years) - 1) / 5) * 5;
  const to = opts.to ?? Math.max(...years, now === undefined ? 0 : Math.ceil(now)) + 1;
  if (from >= to) {
    call.error(`from=${from} must be before to=${to}`, 'give a range like from=1970 to=2030');
    return '';
  }

  const nameWidth = Math.max(...treaties.map((t) => textWidth(t.name, NAME, true)));
  const left = Math.ceil(nameWidth) + 28;
  const right = WIDTH - 12;
  const x = (y: number): number => left + ((Math.min(Math.max(y, from), to) - from) / (to - from)) * (right - left);
  const top = 40; // decade labels above the rows
  const rowY = (i: number): number => top + PITCH / 2 + i * PITCH;
  const legendY = top + treaties.length * PITCH + 30;
  const height = legendY + 22;

  const parts: string[] = [];
  // Decade grid and labels
  for (let d = Math.ceil(from / 10) * 10; d <= to; d += 10) {
    parts.push(`<line class="fig-grid" x1="${n(x(d))}" y1="${top - 6}" x2="${n(x(d))}" y2="${n(top + treaties.length * PITCH)}"/>`);
    parts.push(`<text class="fig-muted" x="${n(x(d))}" y="${n(AXIS * 1.16)}" font-size="${AXIS}" text-anchor="middle">${d}</text>`);
  }
  // "Now" line: the content's as-of date, so what is still in force reads against it.
  if (now !== undefined && now > from && now < to) {
    parts.push(`<line class="fig-now" x1="${n(x(now))}" y1="${top - 6}" x2="${n(x(now))}" y2="${n(top + treaties.length * PITCH)}"/>`);
  }

  const items: string[] = [];
  treaties.forEach((t, i) => {
    const cy = rowY(i);
    const start = t.inForce;
    // Still in force with no end date: the bar runs to the as-of date.
    const end = t.ended ?? t.until ?? (start !== undefined && now !== undefined ? now : undefined);
    parts.push(`<g class="fig-row">`);
    parts.push(`<text class="fig-strong" x="${n(left - 20)}" y="${n(cy + NAME * 0.36)}" font-size="${NAME}" text-anchor="end">${esc(t.name)}</text>`);
    // Where the label goes: after the bar, else before the signing dot, else inside the bar.
    const label = t.label ?? t.note;
    const w = textWidth(labelText(label), LABEL);
    const bar = start !== undefined && end !== undefined ? { a: x(start), b: x(end), split: t.suspended !== undefined ? x(t.suspended) : x(end) } : undefined;
    const after = Math.max(x(t.signed), bar?.b ?? 0) + DOT + 10;
    const before = x(t.signed) - DOT - 10;
    // A label after the bar stops short of the as-of line, if that line comes later.
    const limit = now !== undefined && x(now) > after ? x(now) - 8 : WIDTH;
    const where =
      after + w <= limit ? 'after' : before - w >= left + 24 ? 'before' : bar && bar.split - bar.a >= w + 24 ? 'inside' : undefined;
    if (!where) call.warn(`the label of ${t.name} does not fit beside its bar`, `shorten it with label: in ${file}`);
    // A bar holding its label is as tall as the label's line box (ascent + descent ≈ 1.45 em).
    const tall = where === 'inside' ? Math.ceil(LABEL * 1.5) + 4 : BAR;
    if (bar) {
      parts.push(`<rect class="fig-bar" x="${n(bar.a)}" y="${n(cy - tall / 2)}" width="${n(Math.max(bar.split - bar.a, 3))}" height="${tall}" rx="4"/>`);
      if (bar.b > bar.split) {
        parts.push(`<rect class="fig-bar-suspended" x="${n(bar.split + 1)}" y="${n(cy - BAR / 2 + 1)}" width="${n(bar.b - bar.split - 2)}" height="${BAR - 2}" rx="3"/>`);
      }
    }
    parts.push(`<circle class="${start !== undefined ? 'fig-dot' : 'fig-dot-hollow'}" cx="${n(x(t.signed))}" cy="${n(cy)}" r="${DOT}"/>`);
    const tx = where === 'before' ? before : where === 'inside' ? bar!.a + 12 : after;
    parts.push(
      `<text${where === 'inside' ? ' class="fig-on-bar"' : ''} x="${n(tx)}" y="${n(cy + LABEL * 0.36)}" font-size="${LABEL}" text-anchor="${where === 'before' ? 'end' : 'start'}">${svgLabel(label, LABEL)}</text>`,
    );
    parts.push(`</g>`);
    items.push(words.treatyItem(t.name, t.signed, labelText(t.note)));
  });

  // Legend
  // Only what the chart shows.
  const legend: Array<[string, string]> = [
    ['fig-dot', words.signed],
    ['fig-bar', words.inForce],
    ...(treaties.some((t) => t.suspended !== undefined) ? [['fig-bar-suspended', words.suspended] as [string, string]] : []),
    ...(treaties.some((t) => t.inForce === undefined) ? [['fig-dot-hollow', words.neverInForce] as [string, string]] : []),
  ];
  let lx = left;
  for (const [cls, text] of legend) {
    if (cls === 'fig-bar' || cls === 'fig-bar-suspended') parts.push(`<rect class="${cls}" x="${lx}" y="${legendY - 9}" width="34" height="16" rx="3"/>`);
    else parts.push(`<circle class="${cls}" cx="${lx + 8}" cy="${legendY - 1}" r="${DOT - 1}"/>`);
    const off = cls.startsWith('fig-bar') ? 42 : 22;
    parts.push(`<text x="${lx + off}" y="${n(legendY - 1 + AXIS * 0.36)}" font-size="${AXIS}">${text}</text>`);
    lx += off + textWidth(text, AXIS) + 30;
  }
  if (now !== undefined && call.asOfLabel) {
    parts.push(`<line class="fig-now" x1="${lx}" y1="${legendY - 10}" x2="${lx}" y2="${legendY + 8}"/>`);
    parts.push(`<text x="${lx + 10}" y="${n(legendY - 1 + AXIS * 0.36)}" font-size="${AXIS}">${esc(words.asOfMark(call.asOfLabel))}</text>`);
  }

  return figureHtml({
    id: call.id,
    kind: 'treaties',
    width: WIDTH,
    height,
    title: opts.title ?? words.treatiesTitle,
    description: words.treatiesDescription(treaties.length, from, to),
    body: parts.join(''),
    items,
  });
}
