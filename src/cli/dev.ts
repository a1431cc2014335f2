import { createServer, preview } from 'vite';
import { deckFolder } from '../node/deck-files.ts';
import { deckViteConfig } from '../vite/config.ts';

function announce(what: string, urls: string[] | undefined): void {
  // vite's printUrls is silent at our logLevel ('warn', to keep build output clean): say it here.
  for (const url of urls ?? []) process.stdout.write(`${what}: ${url}\n`);
  process.stdout.write('press Ctrl+C to stop\n');
}

/** Dev server with hot update; bound to localhost only. */
export async function startDev(deckDir: string, port?: number): Promise<void> {
  const server = await createServer(deckViteConfig({ folder: deckFolder(deckDir), port }));
  await server.listen();
  announce('deck (hot update on save)', server.resolvedUrls?.local);
}

/** Serves a built site (localhost only). */
export async function startPreview(outDir: string, port?: number): Promise<void> {
  const config = deckViteConfig({ folder: deckFolder('slides'), outDir });
  const server = await preview({ ...config, preview: { ...config.preview, port: port ?? 4173 } });
  announce('built site', server.resolvedUrls?.local);
}
