/**
 * The classroom server's config block in the page it serves: apart from classroom-protocol.ts (which
 * re-exports it) so that the deck's start-up code, which only looks for the block, does not load the
 * protocol's parsers (a chunk of its own, ~0.5 KiB gzip) on every page that is not in a classroom.
 */

/** The JSON block the server adds to the page it serves; its absence means "no classroom". */
export const CONFIG_ELEMENT_ID = 'classroom-config';

/** Injected by the server into each page it serves (the same for teacher and students). */
export interface ClassroomConfig {
  /** The students' join URL (also shown on the teacher's join overlay). */
  joinUrl: string;
  /** The join code (part of the URL; shown large for typing). */
  code: string;
  /** The join URL as an SVG QR code (made by the server with `qrcode`). */
  qrSvg: string;
}
