import type { ClientDeck } from '../deck/model.ts';

/** The Deck model embedded by the build as `<script type="application/json" id="deck-data">`. */
export function readDeckData(doc: Document = document): ClientDeck {
  // A <script> selector, not getElementById: a slide heading written `## x {#deck-data}` comes
  // first in the page and would otherwise replace the model (DOM clobbering).
  const el = doc.querySelector('script#deck-data');
  if (!el?.textContent) throw new Error('deck-data is missing from the page: was it built by the lecture-deck vite plugin?');
  return JSON.parse(el.textContent) as ClientDeck;
}
