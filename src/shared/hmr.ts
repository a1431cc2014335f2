/** The vite plugin's custom HMR event: the dev server pushes a recompiled deck to the page. */
export const DECK_UPDATE_EVENT = 'deck:update';

/** The HMR payload the client applies in place (src/client/hot-update.ts). */
export interface DeckUpdate {
  /**
   * The pre-rendered `<section>` of every slide, one string each, in deck order: the page compares
   * strings to find the slides a save changed and parses only those.
   */
  slides: string[];
  /** The deck-data JSON (ClientDeck of src/deck/model.ts), escaped for embedding in HTML. */
  data: string;
}
