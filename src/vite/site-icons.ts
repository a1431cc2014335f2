import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { escapeHtml } from '../deck/html.ts';
import type { DeckFolder } from '../deck/folder.ts';
import type { Deck } from '../deck/model.ts';

/**
 * The site's favicon and Open Graph card (issue 14), by convention, from the deck folder or the
 * `assets/` folder beside it (the default deck uses the project's top-level assets/):
 *   favicon.svg   → <link rel="icon">, inlined as a data: URL (tiny; works in standalone.html too)
 *   og-image.png  → emitted as og-image.png, with og:title / og:description / og:image meta tags
 * Without the files the page keeps `<link rel="icon" href="data:,">` (no favicon request).
 */
/** A site icon file of the deck (deck folder first, then its assets folder), if it has one. */
export function findSiteIcon(folder: DeckFolder, name: 'favicon.svg' | 'og-image.png'): string | undefined {
  return [path.join(folder.dir, name), path.join(folder.assetsDir, name)].find((f) => existsSync(f));
}

/** index.html with the favicon inlined and, with `og` (a site of several files), the Open Graph tags. */
export function siteIconsHtml(html: string, folder: DeckFolder, d: Deck | undefined, opts: { og: boolean }): string {
  const icon = findSiteIcon(folder, 'favicon.svg');
  const og = opts.og ? findSiteIcon(folder, 'og-image.png') : undefined;
  let out = html;
  if (icon) {
    const url = `data:image/svg+xml;base64,${readFileSync(icon).toString('base64')}`;
    out = out.replace('<link rel="icon" href="data:," />', () => `<link rel="icon" type="image/svg+xml" href="${url}" />`);
  }
  if (og && d) {
    const meta = [
      '<meta property="og:type" content="website">',
      `<meta property="og:title" content="${escapeHtml(d.meta.title)}">`,
      d.meta.subtitle ? `<meta property="og:description" content="${escapeHtml(d.meta.subtitle)}">` : '',
      '<meta property="og:image" content="./og-image.png">',
      '<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">',
      '<meta name="twitter:card" content="summary_large_image">',
    ].join('');
    out = out.replace('</head>', () => `${meta}</head>`);
  }
  return out;
}

export function siteIconsPlugin(folder: DeckFolder, deck: () => Deck | undefined): Plugin {
  const find = (name: 'favicon.svg' | 'og-image.png'): string | undefined => findSiteIcon(folder, name);
  let build = false;
  let singleFile = false;
  return {
    name: 'lecture-deck:site-icons',
    configResolved(config) {
      build = config.command === 'build';
      // standalone.html is one file opened from disk: an og:image beside it would not exist.
      singleFile = config.plugins.some((p) => p.name === 'vite:singlefile');
    },
    buildStart() {
      const og = find('og-image.png');
      if (build && !singleFile && og) this.emitFile({ type: 'asset', fileName: 'og-image.png', source: readFileSync(og) });
    },
    transformIndexHtml(html) {
      return siteIconsHtml(html, folder, deck(), { og: build && !singleFile });
    },
  };
}
