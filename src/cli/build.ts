import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../deck/compile.ts';
import type { Deck } from '../deck/model.ts';
import { readDeckFolder } from '../node/deck-files.ts';
import { CliError, printDiagnostics } from './report.ts';

/** Validates the deck; prints every diagnostic; throws CliError when there are errors. */
export function checkDeck(deckDir: string): Deck {
  if (!existsSync(deckDir)) throw new CliError(`deck folder not found: ${deckDir}\n    hint: pass --deck <folder containing deck.yaml>`);
  const { deck, diagnostics } = compile(readDeckFolder(deckDir));
  printDiagnostics(diagnostics, deckDir);
  if (!deck) throw new CliError('');
  return deck;
}

/**
 * Builds the static site into `outDir`. The deck is validated first and the site is written to a
 * temporary folder that replaces `outDir` only when the build succeeded, so a failed build never
 * leaves a half-written or emptied output.
 */
export async function buildSite(deckDir: string, outDir: string): Promise<Deck> {
  const deck = checkDeck(deckDir);
  const tmp = `${outDir.replace(/[\\/]+$/, '')}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    // Loaded here, not at the top: `check` never needs vite (~150 ms of module loading).
    const [{ build }, { deckViteConfig }] = await Promise.all([import('vite'), import('../vite/config.ts')]);
    await build(deckViteConfig({ deckDir, outDir: tmp }));
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    // vite's message may carry its own stack; the author needs the message, not our internals.
    const message = String((e as Error).message ?? e)
      .split('\n')
      .filter((l) => !/^\s+at .+/.test(l))
      .join('\n');
    throw new CliError(`build failed: ${message}`);
  }
  const old = `${tmp}.old`;
  if (existsSync(outDir)) renameSync(outDir, old);
  renameSync(tmp, outDir);
  rmSync(old, { recursive: true, force: true });
  return deck;
}

export function defaultOut(): string {
  return path.resolve('dist');
}
