import type { DeckSource } from './source.ts';

/**
 * A deck folder on disk, as the vite plugin needs it: to compile, watch and serve the deck. Node
 * implements it (deckFolder() in src/node/deck-files.ts) and hands it to the vite config, so the
 * vite layer never imports src/node (node drives vite, not the other way round).
 */
export interface DeckFolder {
  /** Absolute path of the deck folder (holds deck.yaml). */
  readonly dir: string;
  /** Absolute path of the shared images folder (`assets/` beside the deck folder). */
  readonly assetsDir: string;
  /** The deck's files, read afresh at each compile. */
  source(): DeckSource;
  /** Absolute file path of an AssetRef.resolved ("deck/x.png" or "assets/x.png"). */
  assetFile(resolved: string): string;
}
