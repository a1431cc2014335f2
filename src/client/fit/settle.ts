/**
 * Fit's search for the type scale (fit.ts): pure, no DOM. Measuring a size is a layout of the
 * slide, the most of a slide change's CPU, so the search answers what it can without one.
 */

export interface Span {
  /** Canvas px from the first block's top to the last block's bottom. */
  span: number;
  /** True when everything stays within the padding box and nothing is wider than the slide. */
  fits: boolean;
  /** Canvas px from the section's top to the lowest block's bottom, and the most it may be. */
  extent: number;
  limit: number;
}

/**
 * A fit in steps: the generator writes sizes, then yields a read (a measurement) and gets its
 * result back. fitSlides runs the fits of many slides in lockstep: every slide writes, then every
 * read runs, so one style and layout pass serves all of them instead of one forced layout per
 * measurement per slide (the print view fits ~30 slides × ~10 measurements: most of its load).
 * Slides do not affect each other's layout, so each gets exactly the sizes it would get alone.
 */
export type Steps<R> = Generator<() => unknown, R, unknown>;

/** A size as written to the style (fitSteps' `size`): measurements are taken at these. */
const applied = (v: number): number => Number(v.toFixed(3));

/**
 * The search settle() runs: largest value in [lo, hi] for which `ok` holds (ok(lo) is assumed), to
 * ~1 %: sizes are in em, so the span grows about linearly and a guess narrows the bisection to a
 * small bracket. `ok` answers each size it asks about; the result depends only on those answers.
 */
export function search(lo: number, hi: number, guess: number, ok: (v: number) => boolean): number {
  const g = Math.min(hi, Math.max(lo, guess));
  if (ok(g)) {
    if (g === hi) return hi;
    lo = g;
    hi = Math.min(hi, g * 1.15);
    if (ok(hi)) return hi;
  } else hi = g;
  for (let i = 0; i < 5; i++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Outcomes measured so far, by applied size. */
export type Known = ReadonlyMap<number, boolean>;

/**
 * search()'s result, measuring fewer sizes than it asks about. A larger size never fits better (the
 * span and extent grow with the type), so one passing size answers every smaller one and one
 * failing size every larger one. From the first measurement on, `predict` guesses the size where
 * `ok` turns false; the search's path under that guess ends between two sizes, and measuring just
 * those two answers every question of the path: the same result as measuring each question in
 * turn. A wrong guess (a line wraps before the guessed size) costs a measurement and gives a better
 * guess; after two wrong ones, or four guesses, the questions are measured in the search's order.
 * The default deck: every slide fitted with 22 % fewer layouts, each to the same sizes as before
 * (tests/unit/fit-settle.test.ts compares the two on modelled slides).
 */
export function* settle(lo: number, hi: number, guess: number, ok: (v: number) => Steps<boolean>, predict?: (known: Known) => number | undefined): Steps<number> {
  const known = new Map<number, boolean>();
  const implied = (v: number): boolean | undefined => {
    const a = applied(v);
    if (known.has(a)) return known.get(a);
    let pass = false;
    let fail = false;
    for (const [k, b] of known) {
      if (b && k >= a) pass = true;
      if (!b && k <= a) fail = true;
    }
    // Both (a size that failed below one that passed): not monotonic here, so measured.
    return pass === fail ? undefined : pass;
  };
  let misses = 0;
  let guesses = 0;
  for (;;) {
    const t = misses < 2 && guesses < 4 && known.size > 0 ? predict?.(known) : undefined;
    let first: number | undefined;
    let lastPass: number | undefined;
    let firstFail: number | undefined;
    const result = search(lo, hi, guess, (v) => {
      const k = implied(v);
      if (k !== undefined) return k;
      first ??= v;
      const pass = t !== undefined && applied(v) <= t;
      if (pass) lastPass = Math.max(lastPass ?? v, v);
      else firstFail = Math.min(firstFail ?? v, v);
      return pass;
    });
    if (first === undefined) return result;
    // The failing end first: on the default deck, fewer measurements than the passing end first.
    const v = t === undefined ? first : (firstFail ?? lastPass)!;
    if (t !== undefined) guesses++;
    const pass = yield* ok(v);
    if (t !== undefined && pass !== applied(v) <= t) misses++;
    known.set(applied(v), pass);
  }
}

/**
 * Where the type settle's test most likely turns false (see settle), from the sizes measured so far
 * and the base at 1 (which passes): the size where the span reaches `most` or the extent its limit,
 * whichever comes first, on the line through the base and the largest passing size (sizes below
 * the next wrapped line grow linearly), else through the base and the smallest failing one; never
 * at or past a failing size (a wrapped line jumped there: then halfway).
 */
export function crossing(base: Span, most: number, known: Known, at: (v: number) => Span | undefined): number | undefined {
  let pass = { v: 1, m: base };
  let fail: typeof pass | undefined;
  for (const [v, ok] of known) {
    const m = at(v);
    if (!m) return undefined;
    if (ok && v > pass.v) pass = { v, m };
    if (!ok && (!fail || v < fail.v)) fail = { v, m };
  }
  const q = pass.v > 1 ? pass : fail;
  if (!q) return undefined;
  const cross = (y0: number, y1: number, bound: number): number => (y1 > y0 ? 1 + ((bound - y0) * (q.v - 1)) / (y1 - y0) : Infinity);
  const t = Math.min(cross(base.span, q.m.span, most), cross(base.extent, q.m.extent, base.limit + 0.5));
  return !fail || (t >= pass.v && t < fail.v) ? t : (pass.v + fail.v) / 2;
}
