import type { ClientDeck } from '../deck/model.ts';

/** The last parse per document, and the JSON text it came from (hot update replaces that text). */
const parsed = new WeakMap<Document, { text: string; deck: ClientDeck }>();

/**
 * The Deck model embedded by the build as `<script type="application/json" id="deck-data">`: one
 * store for every plugin. Parsed once, and again only when the text changed (a dev hot update puts
 * new JSON in place); every caller gets the same object, so treat it as read-only.
 */
export function readDeckData(doc: Document = document): ClientDeck {
  // A <script> selector, not getElementById: a slide heading written `## x {#deck-data}` comes
  // first in the page and would otherwise replace the model (DOM clobbering).
  const el = doc.querySelector('script#deck-data');
  const text = el?.textContent;
  if (!text) throw new Error('deck-data is missing from the page: was it built by the lecture-deck vite plugin?');
  const cached = parsed.get(doc);
  if (cached?.text === text) return cached.deck;
  const deck = JSON.parse(text) as ClientDeck;
  parsed.set(doc, { text, deck });
  return deck;
}
