import type { Diagnostics } from './errors.ts';
import type { DeckSource } from './compile.ts';
import type { DeckYaml } from './schema.ts';

/** Figures a deck can place with a ```figure <name> block, drawn at build time as SVG. */
export function createFigureRenderer(_source: DeckSource, _config: DeckYaml, _diags: Diagnostics): (name: string, args: string) => string | undefined {
  return () => undefined;
}
