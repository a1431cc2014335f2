import path from 'node:path';
import type { InlineConfig } from 'vite';
import type { Deck } from '../deck/model.ts';
import { deckPlugin, PHASE_CSS_ID, type DeckPluginOptions } from './deck-plugin.ts';
import { cacheControlPlugin } from './cache-control.ts';
import { previewCspPlugin } from './csp.ts';
import { deckFontsPlugin, FONT_CSS_ID } from './fonts.ts';
import { firstPaintPlugin } from './first-paint.ts';
import { offlinePlugin } from './offline.ts';
import { revealOverlayPlugin } from './reveal-overlay.ts';
import { siteIconsPlugin } from './site-icons.ts';

import { PROJECT_ROOT } from './project-root.ts';

export { PROJECT_ROOT };

export interface DeckViteOptions extends DeckPluginOptions {
  outDir?: string;
  port?: number;
  /** The built site works offline after a first visit (service worker + manifest); not for standalone.html. */
  offline?: boolean;
}

/** What a whole-deck vite configuration (dev server, `npx vite build`) and the cached client build share. */
function sharedConfig(outDir: string): InlineConfig {
  return {
    root: PROJECT_ROOT,
    configFile: false,
    // Relative URLs: the built site works from any sub-path and from file://.
    base: './',
    logLevel: 'warn',
    clearScreen: false,
    // lightningcss (native, already vite's CSS minifier) resolves @import and transforms CSS instead
    // of postcss: ~100 ms less per build, and no postcss plugins are used.
    css: { transformer: 'lightningcss' },
    build: {
      outDir,
      emptyOutDir: true,
      assetsDir: 'assets',
      reportCompressedSize: false,
      modulePreload: { polyfill: false },
      // Rolldown's "slow plugin" report (a deck's first font subset takes seconds) is for tool
      // developers; teachers would read it as a problem. `npm run bench` reports timings instead.
      rolldownOptions: { checks: { bundlerTimings: false } },
    },
  };
}

/**
 * The browser code alone, the same for every deck (src/node/pipeline/client-cache.ts builds it once
 * per checkout): index.html with its placeholder comments kept, the scripts and the generic styles.
 * The two deck-dependent style modules are empty here; the site assembly (src/node/pipeline/site.ts)
 * writes them as one stylesheet of the deck's own.
 */
export function clientViteConfig(outDir: string): InlineConfig {
  const empty = new Set([FONT_CSS_ID, PHASE_CSS_ID]);
  return {
    ...sharedConfig(outDir),
    plugins: [
      {
        name: 'lecture-deck-client-only',
        resolveId: (id) => (empty.has(id) ? '\0' + id : undefined),
        load: (id) => (id.startsWith('\0') && empty.has(id.slice(1)) ? '' : undefined),
      },
      firstPaintPlugin(),
      revealOverlayPlugin(),
    ],
  };
}

/** One vite configuration for `vite`, the CLI and tests: the project root holds index.html. */
export function deckViteConfig(opts: DeckViteOptions): InlineConfig {
  // The font plugin subsets to the characters of the deck the deck plugin last compiled.
  let deck: Deck | undefined;
  const onDeck = (d: Deck): void => {
    deck = d;
    opts.onDeck?.(d);
  };
  return {
    ...sharedConfig(opts.outDir ?? path.join(PROJECT_ROOT, 'dist')),
    plugins: [
      deckPlugin({ ...opts, onDeck }),
      deckFontsPlugin({ deck: () => deck }),
      firstPaintPlugin(),
      revealOverlayPlugin(),
      siteIconsPlugin(opts.folder, () => deck),
      cacheControlPlugin(),
      previewCspPlugin(),
      ...(opts.offline ? [offlinePlugin({ deck: () => deck, folder: opts.folder })] : []),
    ],
    server: { host: 'localhost', port: opts.port ?? 5173, strictPort: false },
    preview: { host: 'localhost', port: 4173 },
  };
}
