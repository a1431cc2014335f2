import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InlineConfig } from 'vite';
import { deckPlugin, type DeckPluginOptions } from './deck-plugin.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface DeckViteOptions extends DeckPluginOptions {
  outDir?: string;
  port?: number;
}

/** One vite configuration for `vite`, the CLI and tests: the project root holds index.html. */
export function deckViteConfig(opts: DeckViteOptions): InlineConfig {
  return {
    root: PROJECT_ROOT,
    configFile: false,
    // Relative URLs: the built site works from any sub-path and from file://.
    base: './',
    logLevel: 'warn',
    clearScreen: false,
    plugins: [deckPlugin(opts)],
    server: { host: 'localhost', port: opts.port ?? 5173, strictPort: false },
    preview: { host: 'localhost', port: 4173 },
    build: {
      outDir: opts.outDir ?? path.join(PROJECT_ROOT, 'dist'),
      emptyOutDir: true,
      assetsDir: 'assets',
      reportCompressedSize: false,
      modulePreload: { polyfill: false },
    },
  };
}
