import type { Plugin } from 'vite';

/**
 * `npm run preview`: long cache lifetimes for the build's hashed files (their names change with
 * their content, so a browser may keep them for a year without asking), and `no-cache` for the
 * files whose names stay (index.html, sw.js, the manifest): those are revalidated on every visit,
 * so a rebuild is seen at once. The README says what a static host should set; this is the same.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

export function cacheControlFor(pathname: string): string {
  return /\/assets\/[^/]+-[\w-]{8}\.\w+$/.test(pathname) ? IMMUTABLE : 'no-cache';
}

export function cacheControlPlugin(): Plugin {
  return {
    name: 'lecture-deck-cache-control',
    configurePreviewServer(server) {
      // Before vite's static handler, which writes its own Cache-Control with writeHead.
      server.middlewares.use((req, res, next) => {
        const value = cacheControlFor((req.url ?? '/').split('?')[0]!);
        const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => typeof res;
        res.writeHead = ((...a: unknown[]) => {
          res.setHeader('Cache-Control', value);
          // writeHead(status, headers?) or (status, message, headers?): drop a Cache-Control passed in.
          for (const h of a.slice(1)) if (h && typeof h === 'object') for (const k of Object.keys(h)) if (k.toLowerCase() === 'cache-control') delete (h as Record<string, unknown>)[k];
          return writeHead(...a);
        }) as typeof res.writeHead;
        next();
      });
    },
  };
}
