import { createServer, preview } from 'vite';
import { deckViteConfig } from '../vite/config.ts';

/** Dev server with hot update; bound to localhost only. */
export async function startDev(deckDir: string, port?: number): Promise<void> {
  const server = await createServer(deckViteConfig({ deckDir, port }));
  await server.listen();
  server.printUrls();
}

/** Serves a built site (localhost only). */
export async function startPreview(outDir: string, port?: number): Promise<void> {
  const config = deckViteConfig({ deckDir: 'slides', outDir });
  const server = await preview({ ...config, preview: { ...config.preview, port: port ?? 4173 } });
  server.printUrls();
}
