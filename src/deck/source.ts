/**
 * What the compiler needs from the outside world: the deck folder's files, read on demand.
 * Node code implements it with fs (src/node/deck-files.ts); tests implement it in memory.
 */
export interface DeckSource {
  /** Bytes of a file relative to the deck folder, or undefined when it does not exist. */
  read(path: string): Uint8Array | undefined;
  /** Files in the deck folder (relative paths), used to warn about unlisted sections. */
  list(): string[];
  /** Whether an asset exists; `path` is relative to the deck folder or, with `shared`, to assets/. */
  exists(path: string, where: 'deck' | 'assets'): boolean;
  /** Bytes of an asset (to check SVG images for script); optional, images go unchecked without it. */
  readAsset?(path: string, where: 'deck' | 'assets'): Uint8Array | undefined;
}
