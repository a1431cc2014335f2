import { existsSync } from 'node:fs';
import { compile, type CompileOptions } from '../../deck/compile.ts';
import type { Diagnostic } from '../../deck/errors.ts';
import type { Deck } from '../../deck/model.ts';
import { readDeckFolder } from '../deck-files.ts';
import { diskFigureStore } from '../figure-store.ts';
import { printDiagnostics } from '../report.ts';
import { UserError } from '../user-error.ts';

export interface CheckResult {
  /** The model, unless a diagnostic is an error. */
  deck?: Deck;
  diagnostics: Diagnostic[];
}

/** Where diagnostics go: stderr for the commands; a tool (the benchmark) may collect them instead. */
export type Report = (diagnostics: Diagnostic[], deckDir: string) => void;

/** Compiles the deck folder and returns the model and every diagnostic; prints nothing. */
export function compileFolder(deckDir: string, options: CompileOptions = {}): CheckResult {
  if (!existsSync(deckDir)) throw new UserError(`deck folder not found: ${deckDir}\n    hint: pass --deck <folder containing deck.yaml>`);
  // Figures drawn by earlier commands are reused (figure-store.ts), unless the caller brings its own store.
  return compile(readDeckFolder(deckDir), { figureStore: diskFigureStore, ...options });
}

/**
 * Validates the deck and reports every diagnostic (by default printed to stderr) (the commands, the build and the PDF
 * export all report this way); throws UserError when there are errors.
 */
export function checkDeck(deckDir: string, options: CompileOptions = {}, report: Report = printDiagnostics): Deck {
  const { deck, diagnostics } = compileFolder(deckDir, options);
  report(diagnostics, deckDir);
  if (!deck) throw new UserError('');
  return deck;
}
