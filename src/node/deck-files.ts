import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DeckSource } from '../deck/compile.ts';
import { DeckFileError } from '../deck/safe-source.ts';
import type { DeckFolder } from '../deck/folder.ts';

/** Where a deck's shared images live: `assets/` beside the deck folder (the project's assets/ for slides/). */
export function assetsDirFor(deckDir: string): string {
  return path.resolve(deckDir, '..', 'assets');
}

/**
 * Files an editor leaves beside the ones it edits, never part of a deck: Emacs lock files (`.#a.md`,
 * often dangling symlinks), Emacs/vim backups and swap files, editors' atomic-save temporaries.
 */
export function isEditorDebris(name: string): boolean {
  return /^\.#|^#.*#$|~$|\.sw[a-p]$|\.tmp$|^\.~lock\./.test(name);
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * A DeckSource backed by the file system. Paths never escape the deck or assets folder: the check
 * is made on real paths (symlinks resolved), so a link `leak.png → /etc/passwd` is refused, not
 * published. Failures (EACCES, a dangling link) throw; compile() reports them at the file.
 */
export function readDeckFolder(deckDir: string): DeckSource {
  const root = path.resolve(deckDir);
  const assets = assetsDirFor(root);
  const realRoot = realOrSelf(root);
  const realAssets = realOrSelf(assets);
  const within = (abs: string, base: string): boolean => abs === base || abs.startsWith(base + path.sep);
  /** The file's absolute path, or undefined when it does not exist; throws when it is not usable. */
  const locate = (where: 'deck' | 'assets', rel: string): string | undefined => {
    const base = where === 'deck' ? root : assets;
    const abs = path.resolve(base, rel);
    if (!within(abs, base)) return undefined;
    let link;
    try {
      link = lstatSync(abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw e;
    }
    if (link.isSymbolicLink() && !existsSync(abs)) {
      throw new DeckFileError(`"${rel}" is a broken link (it points to a file that does not exist)`, 'replace the link with the real file, or remove it');
    }
    const real = realpathSync(abs);
    if (!within(real, where === 'deck' ? realRoot : realAssets)) {
      throw new DeckFileError(
        `"${rel}" is a link to a file outside the ${where === 'deck' ? 'deck' : 'assets'} folder (${real}), which is never published`,
        'copy the file into the deck folder (or assets/) instead of linking to it',
      );
    }
    const st = statSync(real);
    if (st.isFile()) return real;
    // Reading a named pipe would block the dev server forever; a folder is a plain mistake.
    throw new DeckFileError(
      st.isDirectory() ? `"${rel}" is a folder, not a file` : `"${rel}" is not a regular file (a pipe, socket or device)`,
      'name a regular file here, or rename the folder',
    );
  };
  return {
    read(rel) {
      const abs = locate('deck', rel);
      return abs === undefined ? undefined : readFileSync(abs);
    },
    list() {
      if (!existsSync(root)) return [];
      return readdirSync(root).filter((f) => {
        if (isEditorDebris(f)) return false;
        try {
          return statSync(path.join(root, f)).isFile();
        } catch {
          // A dangling link is no file; it is reported if the deck names it.
          return false;
        }
      });
    },
    exists(rel, where) {
      return locate(where, rel) !== undefined;
    },
    readAsset(rel, where) {
      const abs = locate(where, rel);
      return abs === undefined ? undefined : readFileSync(abs);
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
