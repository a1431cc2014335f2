/**
 * Fit (issue 14): short content grows to fill the slide, long content never shrinks below the
 * theme's sizes. Each content slide is measured once in canvas pixels (1280 × 720, independent
 * of reveal.js's scaling) and gets two custom properties that theme/fit.css turns into sizes:
 *   --fit        type scale, 1 … MAX_TYPE (1 = the theme's minimum sizes)
 *   --fit-space  spacing between blocks, 1 … MAX_SPACE, used once type is at its maximum
 * so that the content (heading top to last line) spans about GOAL of the canvas height, and never
 * more than the slide's inner height. Growth, not centring: the left and top edges stay fixed.
 * The live deck (plugin.ts) and the print layout (print-layout.ts) call the same function, so
 * slides.pdf looks like the screen.
 */

export const MAX_TYPE = 1.4;
export const MAX_SPACE = 2.6;
/** Aimed-for share of the canvas height (the tests demand ≥ 60 %), and the most type may fill:
 *  type grows in jumps (one more line wraps), so a jump up to CEILING is accepted. */
export const GOAL = 0.66;
export const CEILING = 0.74;

/** Classes that opt out (the slide keeps the theme's sizes). */
const OPT_OUT = ['no-fit'];

import { expandLater } from './later.ts';
import { crossing, settle, type Span, type Steps } from './settle.ts';


/** `later`: elements shown only later or only on screen (later.ts): they must fit, but the span
 *  that type grows to is the static content's. */
function measure(section: HTMLElement, later: ReadonlySet<Element> = new Set()): Span {
  const box = section.getBoundingClientRect();
  // Canvas px per layout px: the section is 720 canvas px tall whatever reveal.js's scale.
  const k = section.offsetHeight / (box.height || 1);
  let top = Infinity;
  let staticBottom = -Infinity;
  let bottom = -Infinity;
  for (const el of section.children) {
    if (el.matches('aside.notes, script, style') || getComputedStyle(el).position === 'absolute') continue;
    const r = el.getBoundingClientRect();
    if (r.height === 0) continue;
    bottom = Math.max(bottom, r.bottom);
    if (later.has(el)) continue;
    top = Math.min(top, r.top);
    staticBottom = Math.max(staticBottom, r.bottom);
  }
  const pad = parseFloat(getComputedStyle(section).paddingBottom) || 0;
  const limit = section.clientHeight - pad;
  if (top === Infinity) return { span: 0, fits: true, extent: 0, limit };
  const extent = (bottom - box.top) * k;
  const fits = extent <= limit + 0.5 && section.scrollWidth <= section.clientWidth + 1 && section.scrollHeight <= section.clientHeight + 1;
  return { span: (staticBottom - top) * k, fits, extent, limit };
}


interface Fitted {
  type: number;
  space: number;
  /** Not rendered (an ancestor is display: none): nothing measured, the theme's sizes kept. */
  hidden?: boolean;
}

/** One slide's fit (see fitSlide); reads only in what it yields. */
function* fitSteps(section: HTMLElement): Steps<Fitted> {
  const set = (type: number, space: number): void => {
    section.style.setProperty('--fit', type.toFixed(3));
    section.style.setProperty('--fit-space', space.toFixed(3));
  };
  if (!section.classList.contains('slide-content') || OPT_OUT.some((c) => section.classList.contains(c))) {
    set(1, 1);
    return { type: 1, space: 1 };
  }
  // Unset, the sizes are those of 1 and 1 (fit.css: var(--fit, 1)): a slide never fitted is measured
  // as it is, not restyled whole before its first measurement (one style pass saved per slide);
  // 1 and 1 are written before it is left (finally) when no other sizes were.
  const unset = section.style.getPropertyValue('--fit') === '' && section.style.getPropertyValue('--fit-space') === '';
  if (!unset) set(1, 1);
  // Hidden slides (reveal.js sets display:none far from the current one) are shown for measuring;
  // slides are absolutely positioned, so nothing else moves.
  const display = section.style.display;
  if ((yield () => getComputedStyle(section).display) === 'none') section.style.display = 'block';
  const { later, undo } = expandLater(section);
  try {
    // The section's height as of the last read (the original order of reads and writes: a
    // height is always the one from before the next write).
    let height = 0;
    // Measurements by the sizes they were taken at: the span at the settled type was measured
    // while settling (settle returns a value it measured), and a round of layout saved per slide.
    const measured = new Map<string, Span & { height: number }>();
    let sizes = '1.000 1.000';
    const read = function* (): Steps<Span> {
      let r = measured.get(sizes);
      if (!r) {
        r = (yield () => ({ ...measure(section, later), height: section.offsetHeight })) as Span & { height: number };
        measured.set(sizes, r);
      }
      height = r.height;
      return r;
    };
    const size = (type: number, space: number): void => {
      set(type, space);
      // As written to the style: equal strings are equal sizes.
      sizes = `${type.toFixed(3)} ${space.toFixed(3)}`;
    };
    const base = yield* read();
    if (height === 0) return { type: 1, space: 1, hidden: true };
    const goal = GOAL * height;
    const ok = function* (type: number, space: number, most = goal): Steps<boolean> {
      size(type, space);
      const m = yield* read();
      return m.fits && m.span <= most;
    };
    if (!base.fits || base.span >= goal || base.span === 0) return { type: 1, space: 1 };
    const most = CEILING * height;
    const at = (v: number): Span | undefined => measured.get(`${v.toFixed(3)} 1.000`);
    let type = yield* settle(1, MAX_TYPE, goal / base.span, (v) => ok(v, 1, most), (known) => crossing(base, most, known, at));
    // settle answers some sizes from others (a larger size never fits better): should a slide
    // break that rule, its sizes are measured one by one as the bisection asks for them.
    if (!(yield* ok(type, 1, most))) type = yield* settle(1, MAX_TYPE, goal / base.span, (v) => ok(v, 1, most));
    // Type grows in steps (a line more wraps), so it may stop short of the goal: spacing makes up
    // the rest. Margins grow linearly with --fit-space: two measurements give the slope.
    size(type, 1);
    const m1 = yield* read();
    const at1 = m1.span;
    let space = 1;
    if (at1 < (GOAL - 0.03) * height) {
      size(type, 2);
      const m2 = yield* read();
      const slope = m2.span - at1;
      if (slope > 0) {
        const guess = 1 + (goal - at1) / slope;
        // Spacing changes no line's wrapping, so span and extent are linear in it: the bisection
        // runs on that line (the same steps it would measure, without a layout each), and one
        // measurement checks its result. Only when that fails does it measure step by step.
        const line = (a: number, b: number) => (v: number) => a + (b - a) * (v - 1);
        const spanAt = line(at1, m2.span);
        const extentAt = line(m1.extent, m2.extent);
        const predicted = function* (v: number): Steps<boolean> {
          return m1.fits && spanAt(v) <= goal && extentAt(v) <= m1.limit + 0.5;
        };
        space = yield* settle(1, MAX_SPACE, guess, predicted);
        // The line's result sits at its crossing, where the sizes' rounding (toFixed(3)) or the
        // layout's own can tip the measured span over: then the same search, measured, guided
        // by the measurements (the crossing of the line through space 1 and the sizes measured):
        // the bracket around the boundary in two or three layouts instead of the whole bisection's
        // six, to the same size.
        const atSpace = (v: number): Span | undefined => measured.get(`${type.toFixed(3)} ${v.toFixed(3)}`);
        if (space > 1 && !(yield* ok(type, space)))
          space = yield* settle(1, MAX_SPACE, guess, (v) => ok(type, v), (known) => crossing(m1, goal, known, atSpace));
      }
    }
    size(type, space);
    return { type, space };
  } finally {
    undo();
    section.style.display = display;
    if (section.style.getPropertyValue('--fit') === '') set(1, 1);
  }
}

/** Fits one slide; returns the applied scale. Safe to call again (it starts from 1). */
export function fitSlide(section: HTMLElement): Fitted {
  return runLockstep([fitSteps(section)])[0]!;
}

/** Fits the slides together (one layout pass per round of measurements, see Steps). */
export function fitSlides(sections: Iterable<HTMLElement>): void {
  const list = [...sections];
  const fitted = runLockstep(list.map(fitSteps));
  // A hidden slide stays unfitted: fitted when it can be measured.
  list.forEach((s, i) => fitted[i]!.hidden || (s.dataset.fit = s.style.getPropertyValue('--fit')));
}

function runLockstep<R>(fits: Array<Steps<R>>): R[] {
  const results: R[] = new Array<R>(fits.length);
  const done = new Set<number>();
  let live: Array<{ i: number; read: () => unknown }> = [];
  const step = (i: number, r: IteratorResult<() => unknown, R>): void => {
    if (r.done) {
      results[i] = r.value;
      done.add(i);
    } else live.push({ i, read: r.value });
  };
  try {
    // Start each: runs its writes up to its first read.
    fits.forEach((f, i) => step(i, f.next()));
    while (live.length) {
      // All reads first (the first one lays out, the others find layout clean), then all writes.
      const round = live.map(({ i, read }) => {
        try {
          return { i, ok: true as const, value: read() };
        } catch (e) {
          return { i, ok: false as const, value: e };
        }
      });
      live = [];
      for (const r of round) step(r.i, r.ok ? fits[r.i]!.next(r.value) : fits[r.i]!.throw(r.value));
    }
  } finally {
    // On an error, the slides still under way undo their measuring state (their finally blocks).
    fits.forEach((f, i) => done.has(i) || f.return(undefined as R));
  }
  return results;
}
