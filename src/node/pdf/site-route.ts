import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lookup } from 'mrmime';
import type { SiteReader } from '../pipeline/site-reader.ts';

/**
 * The site the exporter prints, served from memory (or a built folder) through the page's route:
 * no HTTP server, no temporary copy of the site.
 */

/** A built site's folder as a SiteReader (a path that leaves the folder is not in it). */
export function folderReader(dir: string): SiteReader {
  return (file) => {
    const p = path.resolve(dir, file);
    if (!p.startsWith(dir + path.sep)) return undefined;
    try {
      return readFileSync(p);
    } catch {
      return undefined;
    }
  };
}

/** The route's answer for a path of the site: the file with its type, or 404. */
export function siteResponse(site: SiteReader | undefined, pathname: string): { status: number; contentType: string; body: string | Buffer } {
  let file: string;
  try {
    file = decodeURIComponent(pathname).replace(/^\/+/, '') || 'index.html';
  } catch {
    file = '';
  }
  const body = file ? site?.(file) : undefined;
  if (body === undefined) return { status: 404, contentType: 'text/plain', body: 'not found' };
  const type = lookup(file) ?? 'application/octet-stream';
  return { status: 200, contentType: /^text\/|javascript|json|svg|manifest/.test(type) ? `${type}; charset=utf-8` : type, body: typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
}
