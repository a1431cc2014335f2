/**
 * A failure the user can act on (a broken deck, an output folder that must not be replaced, no
 * Chromium): the message says what is wrong and how to fix it, so the CLI prints it without a
 * stack trace and exits 1. Diagnostics, if any, were already reported.
 */
export class UserError extends Error {
  override name = 'UserError';
}
