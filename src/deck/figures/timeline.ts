// Over 250 lines: one figure's schema, axis, label-row packing and text are one drawing algorithm; its words are in words.ts.
import { z } from 'zod';
import { figureWords } from './words.ts';
import type { FigureCall } from './figure.ts';
import { MAX_ROWS as MAX_EVENTS, yearOption, yearSchema } from './bounds.ts';
import { labelText, svgLabel } from './ruby-label.ts';
import { esc, figureHtml, n, textWidth, type PhaseColors } from './svg.ts';

/**
 * ```figure timeline [from=YEAR] [to=YEAR] [labels=full|year] [data=FILE] [title="…"]
 *
 * Events from timeline.yaml on a linear time axis. The axis is a band split into the deck's phases
 * (each in its color, named on the band); every event is a dot in its phase's color on a stem, with
 * "year label" beside it. Labels are stacked in rows above and below the band so that no label
 * overlaps another or is crossed by a stem.
 *
 * timeline.yaml:
 *   events:
 *     - { year: 1917, label: ロシア革命・ソ連誕生, phase: cold-war }
 */

const WIDTH = 1152; // the slide's content width in canvas px: 1 SVG unit = 1 px on the slide
const LABEL = 24; // label font size
const PHASE_LABEL = 21;
const PITCH = 40; // row height
const BAND = 34; // height of the phase band
const GAP = 10; // band edge to the first row
const DOT = 7;
const SPACE = 14; // minimum horizontal space between two labels in a row
const MAX_LABEL = 24; // characters; longer labels cannot be placed legibly
const COMPACT = 21; // label size of labels=compact
const LINE = 1.22; // line height of wrapped labels, in em
const COMPACT_PITCH = Math.ceil(COMPACT * LINE + COMPACT * 1.45) + 6; // two lines and a gap
const COMPACT_WIDTH = 8; // a wrapped label's lines hold about this many full-width characters

const optionsSchema = z.strictObject({
  from: yearOption.optional(),
  to: yearOption.optional(),
  data: z.string().regex(/\.ya?ml$/, 'name a .yaml file in the deck folder').optional(),
  title: z.string().min(1).optional(),
  /**
   * full: "year label" on one line on a linear time axis (default). compact: for a recap beside
   * other content — each label wrapped onto two lines under a time axis that gives crowded decades
   * more room (years are still in order and printed). `year` is the former name of compact, which
   * once drew years only: a recap of years alone said too little.
   */
  labels: z.enum(['full', 'compact', 'year']).default('full'),
});

function dataSchema(phaseIds: string[]) {
  return z.strictObject({
    events: z
      .array(
        z.strictObject({
          year: yearSchema,
          label: z.string().min(1).max(MAX_LABEL, `keep labels to ${MAX_LABEL} characters so they fit on a slide`),
          phase: z.string().refine((p) => phaseIds.includes(p), { message: `not a phase of deck.yaml (${phaseIds.join(', ')})` }),
        }),
      )
      .min(1, 'list at least one event')
      .max(MAX_EVENTS, `a timeline holds at most ${MAX_EVENTS} events`),
  });
}

interface Event {
  year: number;
  label: string;
  phase: PhaseColors;
}

interface Placed {
  e: Event;
  x: number;
  side: 0 | 1; // 0 above the band, 1 below
  level: number;
  box: [number, number];
  anchor: 'start' | 'end';
}

interface Obstacle {
  side: 0 | 1;
  level: number;
  box: [number, number];
}

export function timelineFigure(call: FigureCall): string {
  const opts = call.options(optionsSchema);
  if (!opts) return '';
  const file = opts.data ?? 'timeline.yaml';
  const data = call.data(file, dataSchema(call.phases.map((p) => p.id)), {
    events: 'each event is { year: 1917, label: 短い見出し, phase: <phase id> }',
  });
  if (!data) return '';

  const all: Event[] = data.events
    .map((e) => ({ year: e.year, label: e.label, phase: call.phases.find((p) => p.id === e.phase)! }))
    .sort((a, b) => a.year - b.year);
  const from = opts.from ?? all[0]!.year;
  const to = opts.to ?? all[all.length - 1]!.year;
  if (from >= to) {
    call.error(`from=${from} must be before to=${to}`, 'give a range like from=1945 to=1991');
    return '';
  }
  const events = all.filter((e) => e.year >= from && e.year <= to);
  if (events.length === 0) {
    call.error(`no event of ${file} lies between ${from} and ${to}`, `widen the range; the events span ${all[0]!.year}–${all[all.length - 1]!.year}`);
    return '';
  }

  const compact = opts.labels !== 'full';
  // x scale: leave room for a dot at either end.
  const x0 = 16;
  const x1 = WIDTH - 16;
  const x = compact ? blendedScale(events.map((e) => e.year), from, to, x0, x1) : (year: number): number => x0 + ((year - from) / (to - from)) * (x1 - x0);
  const size = compact ? COMPACT : LABEL;
  const pitch = compact ? COMPACT_PITCH : PITCH;
  // Furigana ({漢字|かんじ}) is drawn over full labels; wrapped compact labels show the base text.
  const lines = new Map(events.map((e) => [e, compact ? splitLabel({ ...e, label: labelText(e.label) }, size) : [e.label]]));

  // Phase segments of the band: a phase runs from its first event to the next phase's first event.
  const segments: Array<{ phase: PhaseColors; start: number; end: number }> = [];
  for (const e of events) {
    const last = segments[segments.length - 1];
    if (last?.phase.id === e.phase.id) continue;
    if (last) last.end = e.year;
    segments.push({ phase: e.phase, start: segments.length === 0 ? from : e.year, end: to });
  }

  // Phase names: on the band when they fit, else just below it (an obstacle for event labels).
  const obstacles: Obstacle[] = [];
  const names: Array<{ text: string; x: number; anchor: 'start' | 'end'; onBand: boolean; phase: PhaseColors }> = [];
  for (const s of segments) {
    const w = textWidth(s.phase.label, PHASE_LABEL, true);
    const a = x(s.start);
    const b = x(s.end);
    if (w + 20 <= b - a) {
      names.push({ text: s.phase.label, x: a + 10, anchor: 'start', onBand: true, phase: s.phase });
    } else {
      const start = a + w <= x1;
      const box: [number, number] = start ? [a, a + w] : [b - w, b];
      obstacles.push({ side: 1, level: 0, box });
      names.push({ text: s.phase.label, x: start ? a : b, anchor: start ? 'start' : 'end', onBand: false, phase: s.phase });
    }
  }

  // Labels: rows above and below the band, so that no label overlaps another, no stem crosses a
  // label, and the figure is as low as possible (a small branch-and-bound search).
  const widthOf = (e: Event): number => {
    const [first, ...more] = lines.get(e)!;
    return Math.max(textWidth(String(e.year), size, true) + size * 0.3 + textWidth(labelText(first!), size), ...more.map((l) => textWidth(labelText(l), size)));
  };
  const placed = layout(events, x, obstacles, WIDTH, widthOf);
  if (!placed) {
    call.error(`cannot place the ${events.length} labels without overlaps`, 'shorten the labels or show fewer years with from=/to=');
    return '';
  }
  const height = (side: 0 | 1): number => rows(placed, obstacles, side);

  const above = height(0);
  const below = height(1);
  const top = 4;
  const bandTop = top + above * pitch + GAP;
  const bandBottom = bandTop + BAND;
  const total = bandBottom + GAP + below * pitch + 4;
  const rowY = (side: 0 | 1, level: number): number => (side === 0 ? bandTop - GAP - pitch / 2 - level * pitch : bandBottom + GAP + pitch / 2 + level * pitch);
  // Baseline that centres Japanese glyphs (their em box sits ~0.38 em above the baseline's centre).
  const baseline = (cy: number, size: number): number => cy + size * 0.36;

  const parts: string[] = [];
  // Band
  parts.push('<g class="fig-band">');
  for (const s of segments) {
    const a = x(s.start);
    const b = x(s.end);
    parts.push(`<rect x="${n(a)}" y="${n(bandTop)}" width="${n(Math.max(2, b - a - 2))}" height="${BAND}" rx="3" fill="${esc(s.phase.color)}"/>`);
  }
  for (const nm of names) {
    const y = nm.onBand ? baseline(bandTop + BAND / 2, PHASE_LABEL) : baseline(rowY(1, 0), PHASE_LABEL);
    parts.push(
      `<text class="fig-strong" x="${n(nm.x)}" y="${n(y)}" font-size="${PHASE_LABEL}" text-anchor="${nm.anchor}" fill="${esc(nm.onBand ? nm.phase.ink : nm.phase.text)}">${esc(nm.text)}</text>`,
    );
  }
  parts.push('</g>');
  // Stems, dots and labels
  for (const p of placed) {
    const text = lines.get(p.e)!;
    // A wrapped label's first line (with the year and the dot) sits half a line above the row's centre.
    const cy = rowY(p.side, p.level) - ((text.length - 1) * size * LINE) / 2;
    const edge = p.side === 0 ? bandTop : bandBottom;
    const fill = esc(p.e.phase.color);
    const tx = n(p.anchor === 'start' ? p.box[0] : p.box[1]);
    parts.push(
      `<g class="fig-event">` +
        `<line x1="${n(p.x)}" y1="${n(edge)}" x2="${n(p.x)}" y2="${n(cy)}" stroke="${fill}" stroke-width="2"/>` +
        `<circle cx="${n(p.x)}" cy="${n(cy)}" r="${DOT}" fill="${fill}" stroke="#ffffff" stroke-width="2"/>` +
        `<text x="${tx}" y="${n(baseline(cy, size))}" font-size="${size}" text-anchor="${p.anchor}">` +
        `<tspan class="fig-year" fill="${esc(p.e.phase.text)}">${p.e.year}</tspan>` +
        `<tspan dx="${n(size * 0.3)}">${svgLabel(text[0]!, size)}</tspan>` +
        text
          .slice(1)
          .map((l) => `<tspan x="${tx}" dy="${n(size * LINE)}">${svgLabel(l, size)}</tspan>`)
          .join('') +
        `</text>` +
        `</g>`,
    );
  }

  const first = events[0]!.year;
  const last = events[events.length - 1]!.year;
  const words = figureWords(call.lang);
  const title = opts.title ?? words.timelineTitle(first, last);
  return figureHtml({
    id: call.id,
    kind: 'timeline',
    width: WIDTH,
    height: total,
    title,
    description: words.timelineDescription(first, last, events.length, segments.map((s) => s.phase.label)),
    body: parts.join(''),
    items: events.map((e) => words.timelineItem(e.year, labelText(e.label), e.phase.label)),
  });
}

/** Rows a side of the band needs. */
function rows(placed: Placed[], obstacles: Obstacle[], side: 0 | 1): number {
  return Math.max(0, ...placed.filter((p) => p.side === side).map((p) => p.level + 1), ...obstacles.filter((o) => o.side === side).map((o) => o.level + 1));
}

/**
 * Chooses for every event a side, a row and whether its label runs right or left of its stem, so
 * that labels in a row keep apart, no stem crosses a label, and the rows used (above + below) are
 * as few as possible. Depth-first search with branch and bound, latest event first (history gets
 * denser towards the present, so the hardest labels are placed while rows are still free); the
 * node budget keeps pathological inputs fast (the best layout found so far is used).
 */
function layout(events: Event[], x: (year: number) => number, obstacles: Obstacle[], width: number, widthOf: (e: Event) => number): Placed[] | undefined {
  const MAX_ROWS = 8;
  const items = [...events].reverse().map((e) => {
    const ex = x(e.year);
    const w = widthOf(e);
    const boxes: Array<[[number, number], 'start' | 'end']> = [
      [[ex + DOT + 6, ex + DOT + 6 + w], 'start'],
      [[ex - DOT - 6 - w, ex - DOT - 6], 'end'],
    ];
    return { e, ex, boxes: boxes.filter(([b]) => b[0] >= 0 && b[1] <= width) };
  });
  const overlaps = (a: [number, number], b: [number, number]): boolean => a[0] < b[1] + SPACE && b[0] < a[1] + SPACE;
  const withDot = (b: [number, number], stem: number): [number, number] => [Math.min(b[0], stem - DOT), Math.max(b[1], stem + DOT)];
  const within = (v: number, b: [number, number]): boolean => v > b[0] - 8 && v < b[1] + 8;
  const placed: Placed[] = [];
  const fits = (side: 0 | 1, level: number, box: [number, number], stem: number): boolean => {
    for (const o of obstacles) {
      if (o.side !== side) continue;
      if (o.level === level && overlaps(o.box, withDot(box, stem))) return false;
      if (o.level < level && within(stem, o.box)) return false;
    }
    for (const p of placed) {
      if (p.side !== side) continue;
      // In a row, a label keeps clear of the other label and of its dot (which sits beside its box).
      if (p.level === level && overlaps(withDot(p.box, p.x), withDot(box, stem))) return false;
      if (p.level > level && within(p.x, box)) return false; // p's stem would cross this label
      if (p.level < level && within(stem, p.box)) return false; // this stem would cross p's label
    }
    return true;
  };
  const used = [rows([], obstacles, 0), rows([], obstacles, 1)];
  const cost = (u: number[]): number => (u[0]! + u[1]!) * 10 + Math.abs(u[0]! - u[1]!);
  let best: Placed[] | undefined;
  let bestCost = Infinity;
  let budget = 200_000;
  const visit = (i: number): void => {
    if (--budget < 0) return;
    if (cost(used) >= bestCost) return;
    if (i === items.length) {
      best = [...placed];
      bestCost = cost(used);
      return;
    }
    const { e, ex, boxes } = items[i]!;
    for (let level = 0; level < MAX_ROWS; level++) {
      for (const side of [0, 1] as const) {
        for (const [box, anchor] of boxes) {
          if (!fits(side, level, box, ex)) continue;
          const before = used[side]!;
          used[side] = Math.max(before, level + 1);
          placed.push({ e, x: ex, side, level, box, anchor });
          visit(i + 1);
          placed.pop();
          used[side] = before;
        }
      }
    }
  };
  visit(0);
  return best;
}

/**
 * A time scale that gives crowded years more room: each event's position blends its share of the
 * time span with its rank among the events (75 % rank), and years in between are interpolated.
 * Monotonic, so the order and the phase bands stay true; only the distances are evened out.
 */
function blendedScale(years: number[], from: number, to: number, x0: number, x1: number): (year: number) => number {
  const knots = [...new Set([from, ...years, to])].sort((a, b) => a - b);
  const pos = knots.map((y, i) => x0 + (x1 - x0) * (0.75 * (i / (knots.length - 1)) + 0.25 * ((y - from) / (to - from))));
  return (year) => {
    if (year <= knots[0]!) return pos[0]!;
    for (let i = 1; i < knots.length; i++) {
      if (year <= knots[i]!) return pos[i - 1]! + ((year - knots[i - 1]!) / (knots[i]! - knots[i - 1]!)) * (pos[i]! - pos[i - 1]!);
    }
    return pos[pos.length - 1]!;
  };
}

/**
 * A label in at most two lines for labels=compact: unbroken when short, else split where the two
 * lines (the first also holding the year) are most even, at a place where Japanese can break
 * without splitting a word: after 「・」 or a particle, before a parenthesis, or where the script
 * changes (カタカナ→漢字, Latin→kana). With no such place the label stays on one line.
 */
function splitLabel(e: Event, size: number): string[] {
  const chars = [...e.label];
  const year = textWidth(String(e.year), size, true) + size * 0.3;
  if (year + textWidth(e.label, size) <= COMPACT_WIDTH * size) return [e.label];
  const script = (c: string): string =>
    /[ァ-ヺー]/.test(c) ? 'katakana' : /[ぁ-ゖ]/.test(c) ? 'hiragana' : /[A-Za-z0-9 ]/.test(c) ? 'latin' : /[一-鿿々〆]/.test(c) ? 'kanji' : 'other';
  let best: string[] = [e.label];
  let bestCost = Infinity;
  for (let i = 1; i < chars.length; i++) {
    const [p, q] = [chars[i - 1]!, chars[i]!];
    const nice =
      /[・、がをのにとはで ]/.test(p) ||
      /[((〜]/.test(q) ||
      (script(p) !== script(q) && script(p) !== 'other' && script(q) !== 'other' && !(script(p) === 'kanji' && script(q) === 'hiragana'));
    if (!nice || /[))]/.test(q)) continue;
    const a = chars.slice(0, i).join('').trimEnd();
    const b = chars.slice(i).join('').trimStart();
    const cost = Math.max(year + textWidth(a, size), textWidth(b, size));
    if (cost < bestCost) {
      bestCost = cost;
      best = [a, b];
    }
  }
  return best;
}
