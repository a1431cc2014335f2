import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { cspOfPage } from '../shared/csp.ts';

/**
 * The dev server's CSP: the built site's policy, with one nonce added to script-src and style-src.
 * Vite's dev client injects module scripts and <style> elements (CSS hot update, error overlay);
 * with `html.cspNonce` set it marks them with this nonce. Anything else inline — a slide's
 * <script> under allowHtml, a style attribute — is refused exactly as on the built site.
 */
export function devCsp(base: string, nonce: string): string {
  return base.replace(/\b(script-src|style-src) ([^;]*)/g, (_m, name: string, rest: string) => `${name} ${rest} 'nonce-${nonce}'`);
}

/** A fresh nonce per dev server (the page is local; per-request nonces would defeat vite's HTML cache). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** For images served on their own: an SVG opened directly may not run script or load anything. */
export const ASSET_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";

const MIME = new Map<string, string>([
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['webp', 'image/webp'],
  ['avif', 'image/avif'],
  ['svg', 'image/svg+xml'],
]);

export function mimeType(file: string): string {
  return MIME.get(/\.([^./]+)$/.exec(file)?.[1]?.toLowerCase() ?? '') ?? 'application/octet-stream';
}

/**
 * `npm run preview`: each page of the built site is also sent with its policy as a header, the one
 * its meta tag holds (which allows the page's inline style by hash, so it differs per build): read
 * from the file served, the two never disagree.
 */
export function previewCspPlugin(): Plugin {
  return {
    name: 'lecture-deck-preview-csp',
    configurePreviewServer(server) {
      const outDir = path.resolve(server.config.root, server.config.build.outDir);
      server.middlewares.use((req, res, next) => {
        const p = (req.url ?? '/').split(/[?#]/)[0]!;
        if (p.endsWith('/') || p.endsWith('.html')) {
          let policy: string | undefined;
          try {
            policy = cspOfPage(readFileSync(path.join(outDir, path.normalize(decodeURIComponent(p)), p.endsWith('/') ? 'index.html' : ''), 'utf8'));
          } catch {
            // No such page (vite answers 404 or its fallback) or an undecodable path: no header to add.
          }
          if (policy) res.setHeader('Content-Security-Policy', policy);
        }
        next();
      });
    },
  };
}
