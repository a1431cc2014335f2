import { defineConfig } from 'vite';
import { deckFolder } from './src/node/deck-files.ts';
import { deckViteConfig } from './src/vite/config.ts';

// `npx vite` and `npx vite build` use the same configuration as the CLI (src/cli/main.ts).
// DECK_DIR selects another deck folder.
export default defineConfig(deckViteConfig({ folder: deckFolder(process.env.DECK_DIR ?? 'slides') }));
