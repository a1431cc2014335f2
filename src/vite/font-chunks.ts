import type { Deck } from '../deck/model.ts';

/**
 * The deck font's characters split by when they are first shown, so the first slide waits only for
 * its own glyphs (a few KiB) and the rest arrive after it is on screen:
 *
 *   chunk 0 "first": the characters of the first slide and of the phase bar reveal.js adds at
 *                    start (labels, "· n / total"): preloaded, font-display: block (painted once,
 *                    in the deck font: no swap, so no text moves when fonts arrive);
 *   chunk 1 "near":  the next slides reveal.js lays out at start (viewDistance) and ASCII;
 *   chunk 2 "rest":  the deck's other characters (later slides, notes); a few of them join "near";
 *   "ui" face:       the client's UI strings (dialogs, the speaker view …) and the base set, the
 *                    same for every deck (fonts.ts, sharedFaceText): cut once per weight and
 *                    cached for all decks, where a per-deck "rest" holding them was ~2/3 of a
 *                    small deck's font cuts. It serves only what the chunks above lack.
 *
 * Each chunk becomes its own @font-face with a unicode-range of exactly its characters, and the ui
 * face's range is its characters minus the chunks' (the ranges never overlap, so no character
 * makes the browser fetch two files), so the browser fetches a face only when a character of it is
 * laid out: slides far ahead are display: none in reveal.js, notes are hidden, the deck-data JSON
 * is not rendered.
 */

export const CHUNK_NAMES = ['first', 'near', 'rest'] as const;

/** Slides after the first that reveal.js lays out at start (its default viewDistance is 3). */
const NEAR_SLIDES = 3;

const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

/** Visible text of a slide's HTML (tags and entities dropped; over-collecting is harmless). */
function visibleText(html: string): string {
  return html.replace(/<aside class="notes">[\s\S]*?<\/aside>/g, ' ').replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ');
}

/** The characters each chunk wants, in chunk order (a later chunk gets only what earlier ones lack). */
export function chunkWants(deck: Pick<Deck, 'slides' | 'phases' | 'meta'>): string[] {
  const [first, ...after] = deck.slides;
  // The phase bar's label is drawn as soon as reveal.js starts; were its glyphs to swap in later, the
  // bar's segments beside it would move.
  const bar = deck.phases.map((p) => p.label).join('') + ' ·/0123456789?';
  const firstText = (first ? visibleText(first.html) + first.title : deck.meta.title) + bar;
  const near = after.slice(0, NEAR_SLIDES).map((s) => visibleText(s.html) + s.title).join('') + ASCII;
  return [firstText, near];
}

/**
 * Splits `text` (the characters one font file covers) into the chunks: each character goes to the
 * first chunk that wants it, the remainder to the last, unless the shared ui face has it (`shared`:
 * then it is left to that face). Empty chunks are dropped from the result.
 */
export function splitChunks(text: string, wants: string[], shared: ReadonlySet<string> = new Set()): Array<{ name: (typeof CHUNK_NAMES)[number]; chars: string }> {
  const sets = wants.map((w) => new Set(w));
  const out = CHUNK_NAMES.map((name) => ({ name, chars: '' }));
  for (const ch of text) {
    const i = sets.findIndex((s) => s.has(ch));
    if (i < 0 && shared.has(ch)) continue;
    out[i < 0 ? CHUNK_NAMES.length - 1 : Math.min(i, CHUNK_NAMES.length - 1)]!.chars += ch;
  }
  // A rest of a few characters (a small deck's notes, a slide or two past the near ones) joins
  // "near": a request of its own for ~1 KiB cost more than its bytes, and each font cut costs a
  // build ~50 ms of CPU however small it is.
  const [, near, rest] = out;
  if (near!.chars && [...rest!.chars].length < SMALL_REST) {
    near!.chars += rest!.chars;
    rest!.chars = '';
  }
  return out.filter((c) => c.chars.length > 0);
}

/** Characters below which the "rest" chunk is not a file of its own (see splitChunks). */
const SMALL_REST = 32;

/** Printable ASCII: always in the "near" chunk (chunkWants), so the shared ui face leaves it out. */
export const ASCII_CHARACTERS = ASCII;
