/**
 * Join codes are short (31^6 ≈ 8.9·10^8) so that they can be typed; what keeps them from being
 * guessed is a cap on wrong guesses: past `max` wrong codes within `windowMs`, every request that
 * names a code (right or wrong, so the answer tells nothing) gets 429 until the window has cooled.
 * Counted for the whole server, not per address: nothing about who asked is kept. Pages already
 * open keep their connection; at 100 guesses a minute, trying every code takes centuries.
 */
export class GuessLimit {
  private failures: number[] = [];

  constructor(
    private readonly max = 100,
    private readonly windowMs = 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private prune(): void {
    const since = this.now() - this.windowMs;
    while (this.failures.length > 0 && this.failures[0]! < since) this.failures.shift();
  }

  /** True while guessing is locked. */
  locked(): boolean {
    this.prune();
    return this.failures.length >= this.max;
  }

  failed(): void {
    this.prune();
    if (this.failures.length < this.max) this.failures.push(this.now());
  }
}
