import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDuration, LectureTimer, pace, phaseTime, slideWindows } from '../../src/client/pacing.ts';
import { compileDeck } from '../../src/deck/compile.ts';
import { toClientDeck } from '../../src/deck/model.ts';
import { readDeckFolder } from '../../src/node/deck-files.ts';

const deck = toClientDeck(compileDeck(readDeckFolder(path.resolve('tests/fixtures/lecture'))).deck);

describe('pacing', () => {
  it('lays the slides end to end, each phase taking about its minutes', () => {
    const w = slideWindows(deck);
    expect(w[0]).toEqual({ start: 0, end: deck.slides[0]!.timing });
    for (let i = 1; i < w.length; i++) expect(w[i]!.start).toBe(w[i - 1]!.end);
    for (const p of deck.phases) {
      const span = w[p.firstSlide + p.slideCount - 1]!.end - w[p.firstSlide]!.start;
      // Per-slide timings are rounded to whole seconds.
      expect(Math.abs(span - p.minutes * 60)).toBeLessThanOrEqual(p.slideCount);
    }
    expect(Math.abs(w.at(-1)!.end - deck.meta.duration * 60)).toBeLessThanOrEqual(deck.slides.length);
  });

  it('says ahead before a slide’s window, behind after it, on time inside it', () => {
    const w = slideWindows(deck);
    const s = w[3]!;
    expect(pace(w, 3, s.start - 75)).toMatchObject({ status: 'ahead', delta: 75 });
    expect(pace(w, 3, s.start + 1)).toMatchObject({ status: 'on-time', delta: 0 });
    expect(pace(w, 3, s.end + 30)).toMatchObject({ status: 'behind', delta: 30 });
  });

  it('formats minutes:seconds', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75.9)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(-30)).toBe('-0:30');
    expect(phaseTime(10, 200)).toEqual({ budget: 600, used: 200, left: 400 });
    expect(phaseTime(2, 150).left).toBe(-30);
  });

  it('books running time to the phase on screen, not while paused', () => {
    const t = new LectureTimer();
    t.setPhase('a', 0);
    expect(t.pristine).toBe(true);
    t.start(1_000);
    t.setPhase('b', 61_000); // 60 s in a
    t.pause(91_000); // 30 s in b
    t.setPhase('a', 200_000); // paused: nothing booked
    t.start(300_000);
    expect(t.elapsed(310_000)).toBe(100);
    expect(t.usedIn('a', 310_000)).toBe(70);
    expect(t.usedIn('b', 310_000)).toBe(30);
    // The state is plain JSON (kept in sessionStorage across a reload of the speaker window).
    const again = new LectureTimer(JSON.parse(JSON.stringify(t.state)));
    expect(again.elapsed(320_000)).toBe(110);
    again.reset();
    expect(again.pristine).toBe(true);
    expect(again.elapsed(330_000)).toBe(0);
  });
});
