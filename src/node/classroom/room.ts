import type { Position, Tally } from '../../shared/classroom-protocol.ts';

/** Distinct answering pages kept per quiz slide: bounds memory whatever a client sends. */
const MAX_ANSWERS_PER_SLIDE = 5000;

/**
 * The live lecture's state, in memory only: where the teacher is, which answers are revealed, and
 * per quiz slide each answering page's choices under the random id the page made up. No names, no
 * addresses; everything is gone when the process ends.
 */
export class Room {
  live: Position | null = null;
  readonly revealed = new Set<number>();
  private readonly answers = new Map<number, Map<string, number[]>>();

  /** `slides[h].quizChoices`: from the deck model (undefined: not a quiz slide, which takes no answers). */
  constructor(private readonly slides: ReadonlyArray<{ quizChoices?: number }>) {}

  /** A teacher's move; false when the slide does not exist. */
  go(p: Position): boolean {
    if (p.h >= this.slides.length) return false;
    this.live = { h: p.h, f: p.f };
    return true;
  }

  /** Closes the answers of slide h; false when there is no such slide or it was revealed already. */
  reveal(h: number): boolean {
    if (h >= this.slides.length || this.revealed.has(h)) return false;
    this.revealed.add(h);
    return true;
  }

  /** Records (or replaces) one page's choices; the new tally, or undefined when the answer is refused. */
  answer(h: number, id: string, selected: number[]): Tally | undefined {
    const choices = this.slides[h]?.quizChoices;
    if (choices === undefined || this.revealed.has(h)) return undefined;
    if (selected.some((c) => c >= choices)) return undefined;
    let byId = this.answers.get(h);
    if (!byId) this.answers.set(h, (byId = new Map()));
    if (!byId.has(id) && byId.size >= MAX_ANSWERS_PER_SLIDE) return undefined;
    if (selected.length === 0) byId.delete(id);
    else byId.set(id, selected);
    return this.tally(h);
  }

  tally(h: number): Tally {
    const byId = this.answers.get(h);
    const counts: number[] = Array.from({ length: this.slides[h]?.quizChoices ?? 0 }, () => 0);
    for (const selected of byId?.values() ?? []) {
      for (const c of selected) {
        while (counts.length <= c) counts.push(0);
        counts[c]! += 1;
      }
    }
    return { h, counts, answered: byId?.size ?? 0 };
  }

  tallies(): Tally[] {
    return [...this.answers.keys()].sort((a, b) => a - b).map((h) => this.tally(h));
  }
}
