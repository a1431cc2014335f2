import type { RevealApi } from 'reveal.js';

/**
 * What tests read and write on the page's `window`, declared once instead of a cast per use.
 * `Reveal` is set by src/client/main.ts; the rest are hooks the tests themselves install. Test-only:
 * nothing under src/ may rely on it (the client declares what it puts on window itself).
 */
declare global {
  interface Window {
    Reveal: RevealApi;
    /** client-lifecycle.test.ts: how many speaker windows `window.open` was asked for. */
    opened?: number;
    /** quiz.test.ts: quiz:answer event details received. */
    got?: unknown[];
    /** classroom.test.ts: when the page last moved (slide or fragment). */
    movedAt?: number;
    /** security.test.ts: CSP violations seen, and the flag a payload would set if it ran. */
    __violations?: string[];
    __pwned?: unknown;
    /** hardening.test.ts: set by a script that must never run. */
    __ran?: number;
  }
}

export {};
