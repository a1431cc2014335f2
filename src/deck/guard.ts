import type { Diagnostics } from './errors.ts';
import type { SourcePos } from './model.ts';

/**
 * Guards for the compiler's calls into libraries that throw on input an author can type:
 * every throw becomes a diagnostic with file:line:col, so neither `check` nor the dev server dies.
 */

/** decodeURI that returns undefined for a half-typed escape (`%E0%A4`) instead of throwing URIError. */
export function safeDecodeUri(s: string): string | undefined {
  try {
    return decodeURI(s);
  } catch {
    return undefined;
  }
}

/** Marker of diagnostics that report a bug in lecture-deck itself (tests assert none appear). */
export const INTERNAL_ERROR = 'internal error';

/**
 * Reports an exception that escaped the compiler: a bug, not bad input. Worded so the author
 * knows it is not their fault, with the first stack frames to paste into a bug report.
 */
export function internalError(diags: Diagnostics, e: unknown, pos: SourcePos = { file: 'deck.yaml', line: 1, col: 1 }): void {
  const err = e instanceof Error ? e : new Error(String(e));
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 3)
    .map((l) => l.trim())
    .join(' | ');
  diags.error(
    pos,
    `${INTERNAL_ERROR} (a bug in lecture-deck, not in your deck): ${err.name}: ${err.message.split('\n')[0]}`,
    `please report it with this file; ${frames || 'no stack'}`,
  );
}
