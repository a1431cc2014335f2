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
  /** This deck's number: every update the dev server sends counts one up. */
  version: number;
  /**
   * The slides (indices) that differ from deck `base`, the one sent before (or served in the page
   * when none was): a page that has `base` and no markup of its own to compare (its first update)
   * renews just these. Absent when the slide count changed.
   */
  base: number;
  changed?: number[];
}

/** `<meta name=…>` in the dev server's page: the deck version (DeckUpdate.version) the page was served with. */
export const DECK_VERSION_META = 'deck-hot-version';
