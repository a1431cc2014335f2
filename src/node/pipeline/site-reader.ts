import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Deck } from '../../deck/model.ts';

/** A site held in memory: the file at a site path (`index.html`, `assets/…`), or undefined. */
export type SiteReader = (file: string) => Uint8Array | string | undefined;

/**
 * What buildSiteInMemory makes, as plain data (the PDF command builds it in a worker thread and
 * hands it over): the deck's own files, and the names of the client build's files in `clientDir`.
 * In a module of its own: the exporter reads the site without loading the build and the compiler.
 */
export interface SiteParts {
  deck: Deck;
  files: Map<string, string | Uint8Array>;
  clientDir: string;
  clientFiles: string[];
}

/** Reads a site from its parts; the client build's files when asked for (the print view loads about half of them). */
export function siteReader({ files, clientDir, clientFiles }: SiteParts): SiteReader {
  const fromClient = new Set(clientFiles);
  return (file) => files.get(file) ?? (fromClient.has(file) ? readFileSync(path.join(clientDir, file)) : undefined);
}
