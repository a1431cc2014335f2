import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DeckSource } from '../deck/compile.ts';
import type { DeckFolder } from '../deck/folder.ts';

/** Where a deck's shared images live: `assets/` beside the deck folder (the project's assets/ for slides/). */
export function assetsDirFor(deckDir: string): string {
  return path.resolve(deckDir, '..', 'assets');
}

/** A DeckSource backed by the file system. Paths never escape the deck or assets folder. */
export function readDeckFolder(deckDir: string): DeckSource {
  const root = path.resolve(deckDir);
  const assets = assetsDirFor(root);
  const inside = (base: string, rel: string): string | undefined => {
    const abs = path.resolve(base, rel);
    return abs === base || abs.startsWith(base + path.sep) ? abs : undefined;
  };
  return {
    read(rel) {
      const abs = inside(root, rel);
      if (!abs || !existsSync(abs) || !statSync(abs).isFile()) return undefined;
      return readFileSync(abs);
    },
    list() {
      return existsSync(root) ? readdirSync(root).filter((f) => statSync(path.join(root, f)).isFile()) : [];
    },
    exists(rel, where) {
      const abs = inside(where === 'deck' ? root : assets, rel);
      return abs !== undefined && existsSync(abs) && statSync(abs).isFile();
    },
  };
}

/** The deck folder `deckDir` for the vite plugin (src/vite/config.ts). */
export function deckFolder(deckDir: string): DeckFolder {
  const dir = path.resolve(deckDir);
  return {
    dir,
    assetsDir: assetsDirFor(dir),
    source: () => readDeckFolder(dir),
    assetFile: (resolved) => assetPath(dir, resolved),
  };
}

/** Absolute file path of an AssetRef.resolved ("deck/x.png" or "assets/x.png"). */
export function assetPath(deckDir: string, resolved: string): string {
  const [where, ...rest] = resolved.split('/');
  return path.join(where === 'deck' ? path.resolve(deckDir) : assetsDirFor(deckDir), ...rest);
}
