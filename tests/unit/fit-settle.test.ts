import { describe, expect, it } from 'vitest';
import { crossing, search, settle, type Known, type Span, type Steps } from '../../src/client/fit/settle.ts';

/**
 * Fit's type search (src/client/fit/settle.ts) measures fewer sizes than the bisection asks about, and
 * must return exactly what the bisection returns when every question is measured: the fitted size
 * of every slide stays the same. Slides are modelled as a span growing linearly with the type, plus
 * a line's height at each size where a line wraps (what real slides do), against the test's
 * ceiling; sizes are measured as written (3 decimals), as on a page.
 */

const applied = (v: number): number => Number(v.toFixed(3));

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Slide {
  at: (v: number) => Span;
  most: number;
  base: Span;
}

function slide(rnd: () => number): Slide {
  const span1 = 150 + rnd() * 300;
  const slope = span1 * (0.7 + rnd() * 0.5);
  const line = 20 + rnd() * 30;
  const wraps = Array.from({ length: Math.floor(rnd() * 5) }, () => 1 + rnd() * 0.4);
  const top = 40 + rnd() * 20;
  const limit = 600 + rnd() * 80;
  const at = (v: number): Span => {
    const x = applied(v);
    const span = span1 + slope * (x - 1) + line * x * wraps.filter((w) => w <= x).length;
    return { span, extent: top + span, limit, fits: top + span <= limit + 0.5 };
  };
  return { at, most: 480 + rnd() * 60, base: at(1) };
}

/** Runs settle against the modelled slide; returns its result and how many sizes it measured. */
function run(s: Slide, guess: number, predict: boolean): { value: number; measured: number } {
  const ok = function* (v: number): Steps<boolean> {
    const m = (yield () => s.at(v)) as Span;
    return m.fits && m.span <= s.most;
  };
  const model = predict ? (known: Known) => crossing(s.base, s.most, known, (v) => s.at(v)) : undefined;
  const steps = settle(1, 1.4, guess, ok, model);
  let measured = 0;
  let r = steps.next();
  for (; !r.done; measured++) r = steps.next(r.value());
  return { value: r.value, measured };
}

describe('fit: the type search', () => {
  it('returns what the bisection measuring every question returns, measuring fewer sizes', () => {
    const rnd = random(17);
    let bisection = 0;
    let settled = 0;
    for (let i = 0; i < 400; i++) {
      const s = slide(rnd);
      if (!s.base.fits || s.base.span >= s.most) continue;
      const guess = (s.most * (0.66 / 0.74)) / s.base.span;
      const asked = new Set<number>();
      const expected = search(1, 1.4, guess, (v) => {
        asked.add(applied(v));
        const m = s.at(v);
        return m.fits && m.span <= s.most;
      });
      const plain = run(s, guess, false);
      const fast = run(s, guess, true);
      expect(plain.value).toBe(expected);
      expect(fast.value).toBe(expected);
      // Guesses are at most four measurements besides the bisection's own questions.
      expect(fast.measured).toBeLessThanOrEqual(asked.size + 4);
      bisection += asked.size;
      settled += fast.measured;
    }
    expect(bisection).toBeGreaterThan(1000);
    // Fewer overall (−15 % on these slides, more wrapped lines than real ones: −22 % on the default deck).
    expect(settled).toBeLessThan(bisection * 0.9);
  });
});
