import type { DeckSource } from './source.ts';
import type { Diagnostics } from './errors.ts';

/**
 * A file the deck names that cannot be used, with the reason: thrown by a DeckSource (e.g. a
 * symlink that leads outside the deck folder) and reported as a diagnostic at that file.
 */
export class DeckFileError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'DeckFileError';
  }
}

/** Node's fs errors carry a code (EACCES, ENOENT, EISDIR, ELOOP …): say what each means for an author. */
function describeFsError(e: unknown): { message: string; hint: string } {
  if (e instanceof DeckFileError) return { message: e.message, hint: e.hint };
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return { message: 'cannot read the file: permission denied', hint: 'make the file readable (e.g. chmod a+r FILE) or replace it with a copy you own' };
    case 'ENOENT':
      return { message: 'the file disappeared or is a broken link', hint: 'restore the file, or remove the link' };
    case 'ELOOP':
      return { message: 'the file is a link that loops back on itself', hint: 'replace the link with the real file' };
    case 'EISDIR':
      return { message: 'this is a folder, not a file', hint: 'name a file here' };
    case 'EMFILE':
    case 'ENFILE':
      return { message: 'too many files are open on this machine to read the file', hint: 'close other programs and save again' };
    default: {
      const text = e instanceof Error ? e.message : String(e);
      return { message: `cannot read the file: ${text.split('\n')[0]}`, hint: 'check that the file exists, is readable and is a regular file' };
    }
  }
}

/**
 * Wraps a DeckSource so a file-system failure (unreadable file, dangling symlink, a link out of the
 * deck) becomes one diagnostic at that file instead of an exception: the dev server must survive
 * whatever an editor leaves in the folder. Each file is reported once per compile.
 */
/** A DeckSource that reports its failures, and says which files failed (reported at the file). */
export interface SafeSource extends DeckSource {
  failed(path: string): boolean;
}

export function safeSource(source: DeckSource, diags: Diagnostics): SafeSource {
  const reported = new Set<string>();
  const report = (file: string, e: unknown): void => {
    if (reported.has(file)) return;
    reported.add(file);
    const { message, hint } = describeFsError(e);
    diags.error({ file, line: 1, col: 1 }, message, hint);
  };
  return {
    failed: (path) => reported.has(path),
    read(path) {
      try {
        return source.read(path);
      } catch (e) {
        report(path, e);
        return undefined;
      }
    },
    list() {
      try {
        return source.list();
      } catch {
        // Only used to warn about unlisted sections: a folder that cannot be listed loses those warnings.
        return [];
      }
    },
    exists(path, where) {
      try {
        return source.exists(path, where);
      } catch (e) {
        report(where === 'assets' ? `../assets/${path}` : path, e);
        return false;
      }
    },
    ...(source.readAsset
      ? {
          readAsset(path: string, where: 'deck' | 'assets') {
            try {
              return source.readAsset!(path, where);
            } catch (e) {
              report(where === 'assets' ? `../assets/${path}` : path, e);
              return undefined;
            }
          },
        }
      : {}),
  };
}
