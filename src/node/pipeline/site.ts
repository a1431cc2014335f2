import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeckFolder } from '../../deck/folder.ts';
import type { Deck } from '../../deck/model.ts';
import { renderPhaseCss } from '../../deck/render.ts';
import { siteCsp } from '../../shared/csp.ts';
import { assetPlaceholder, fillIndexHtml } from '../../vite/deck-plugin.ts';
import { deckFontCss, deckFontFaces, missingGlyphsWarning, preloadedFaces } from '../../vite/fonts.ts';
import { homeScreenIcon, ICON_FILE, manifest, MANIFEST_FILE, MANIFEST_LINK, serviceWorkerFor, SW_FILE } from '../../vite/offline.ts';
import { findSiteIcon, siteIconsHtml } from '../../vite/site-icons.ts';
import type { ClientBuild } from './client-cache.ts';

/**
 * A deck's site assembled in plain Node from the cached client build (client-cache.ts): what vite
 * did per deck before, without loading vite. The deck-dependent parts are
 *   - index.html: the shell filled as the deck plugin fills it in the dev server (fillIndexHtml),
 *     the page's stylesheet inline (firstSlideStyle) with the first slide's font chunk in it as
 *     data: URLs (deckParts), icons and manifest;
 *   - the page's stylesheet, one inline `<style>` allowed by its sha256 hash in the CSP (siteCsp):
 *     the client entry's (first.css, generic) followed by the deck's own part, the @font-face rules
 *     of the subset fonts and the phase colors (the two virtual modules, empty in the client build).
 *     Inline, not a file: the first paint waits for every render-blocking request, and one request
 *     of 30 bytes cost about as much as our 30 KiB (~7 KiB gzip). Appended in the order vite would
 *     have bundled them; no other rule sets --phase-* on [data-phase] nor declares the deck font
 *     anyway. The element names the entry's stylesheet in data-includes, for vite's loader of lazy
 *     chunks (first.ts);
 *   - the font subsets and the deck's images, with content-hashed names (cacheControlFor and the
 *     service worker rely on the names changing with the bytes);
 *   - manifest, icon, og-image and sw.js, whose precache list is every file written.
 */
export async function assembleSite(deck: Deck, folder: DeckFolder, client: ClientBuild, outDir: string, warn: (message: string) => void): Promise<void> {
  const { files, clientFiles } = await siteFiles(deck, folder, client, warn);
  mkdirSync(path.join(outDir, 'assets'), { recursive: true });
  for (const f of clientFiles) {
    const to = path.join(outDir, f);
    if (!existsSync(path.dirname(to))) mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(path.join(client.dir, f), to);
  }
  for (const [f, source] of files) writeFileSync(path.join(outDir, f), source);
}

/**
 * The site without writing it (the PDF exporter serves it from memory): the deck's own files by
 * their name in the site, and the client build's files (`clientFiles`, in `client.dir`) beside them.
 */
export async function siteFiles(
  deck: Deck,
  folder: DeckFolder,
  client: ClientBuild,
  warn: (message: string) => void,
): Promise<{ files: Map<string, string | Uint8Array>; clientFiles: string[] }> {
  if (!client.entryCss) throw new Error('assembleSite needs the site variant of the client build');
  const parts = await deckParts(deck, folder, client, warn, true);
  const written = new Map<string, string | Uint8Array>(parts.files);
  const og = findSiteIcon(folder, 'og-image.png');
  if (og) written.set('og-image.png', readFileSync(og));

  // The entry's stylesheet and the deck's, one inline style (see above).
  const style = firstSlideStyle(`${readFileSync(path.join(client.dir, client.entryCss), 'utf8').trimEnd()}\n${String(parts.files.get(parts.cssFile))}`);
  written.delete(parts.cssFile);

  let html = deckPage(deck, folder, client, parts, siteCsp([style.hash]), true);
  const entryLink = new RegExp(`<link rel="stylesheet"[^>]*href="\\./${escapeRegExp(client.entryCss)}"[^>]*>`);
  if (!entryLink.test(html)) throw new Error(`the client's index.html does not link ${client.entryCss}`);
  // Right after the CSP meta (a style before it would escape the policy), the module script after
  // it (low priority, not needed for the first paint). No font to preload: the first slide's faces
  // are in the style (deckParts).
  // data-includes names the entry's stylesheet for first.ts (the lazy chunks' code asks for it).
  const styleElement = `<style data-includes="./${client.entryCss}">${style.css}</style>`;
  html = html.replace(new RegExp(`\\n?[ \\t]*${entryLink.source}`), '').replace(/(<meta http-equiv="Content-Security-Policy"[^>]*>)/, (m) => `${m}\n    ${styleElement}`);
  if (!html.includes(styleElement)) throw new Error(`the client's index.html has no Content-Security-Policy meta to put the stylesheet after`);
  html = html.replace('</head>', () => `  ${MANIFEST_LINK}\n</head>`);
  written.set('index.html', html);

  written.set(MANIFEST_FILE, manifest(deck));
  written.set(ICON_FILE, homeScreenIcon(deck, folder));
  // The entry's stylesheet is copied too, though it ships inside the deck's: first.ts names it in a
  // disabled link (never fetched in Chromium), and a browser that fetched it anyway finds it.
  const clientFiles = client.files.filter((f) => f !== 'index.html' && f !== 'client.json');
  written.set(SW_FILE, serviceWorkerFor([...clientFiles, ...written.keys()], html));

  return { files: written, clientFiles };
}

/**
 * standalone.html from the single-file client build: the same page, with the deck's stylesheet as
 * a second inline <style> after the generic one, and fonts and images as data: URLs
 * (finishStandalone inlines them and fills in the CSP hashes). No preloads, manifest or og:image:
 * one file opened from disk has nothing beside it.
 */
export async function assembleStandalone(deck: Deck, folder: DeckFolder, client: ClientBuild, csp: string, warn: (message: string) => void): Promise<{ html: string; assets: Map<string, string | Uint8Array> }> {
  const parts = await deckParts(deck, folder, client, warn);
  let html = deckPage(deck, folder, client, parts, csp, false);
  const css = parts.files.get(parts.cssFile)!;
  // Its url()s name files beside it in assets/; inlined, they name them from the page.
  const inline = String(css).replace(/url\("\.\/([^"]+)"\)/g, (_m, f: string) => `url("./assets/${f}")`);
  html = html.replace('</head>', () => `<style>${inline}</style>\n</head>`);
  const assets = new Map([...parts.files].filter(([f]) => f !== parts.cssFile));
  return { html, assets };
}

/** The shell filled with the deck (as the dev server fills it), its images' names and its icons. */
function deckPage(deck: Deck, folder: DeckFolder, client: ClientBuild, parts: DeckParts, csp: string, og: boolean): string {
  let html = fillIndexHtml(client.shell, deck, { csp });
  for (const [resolved, name] of parts.images) html = html.split(assetPlaceholder(resolved)).join('./' + name);
  return siteIconsHtml(html, folder, deck, { og });
}

interface DeckParts {
  /** Files by their name in the site (`assets/…`): font subsets, images, the deck stylesheet. */
  files: Map<string, string | Uint8Array>;
  cssFile: string;
  /** Resolved asset path → site name, for the placeholders in the HTML. */
  images: Map<string, string>;
}

/**
 * inlineFirstFonts: the faces of the first slide's glyphs (the `first` chunk, ~9 KiB a weight) go
 * into the stylesheet as data: URLs instead of files (the dev server preloads them): no request for
 * the first paint to wait on (preloaded files held Chromium's first frame until they came, up to
 * ~50 ms). Their load starts with the first layout and ends a frame or two later; meanwhile the
 * title is laid out, invisible (font-display: block), in the fallback font's metrics, so no box of
 * the first slide may depend on the font (tests/first-paint.test.ts). font-src allows data: already.
 */
async function deckParts(deck: Deck, folder: DeckFolder, client: ClientBuild, warn: (message: string) => void, inlineFirstFonts = false): Promise<DeckParts> {
  const files = new Map<string, string | Uint8Array>();
  const { faces, missing } = await deckFontFaces(deck, client.uiCharacters);
  if (missing) warn(missingGlyphsWarning(missing));
  const first = new Set(preloadedFaces(faces).map((f) => f.file));
  const fontUrls = new Map<string, string>();
  for (const f of faces) {
    const bytes = readFileSync(f.file);
    if (inlineFirstFonts && first.has(f.file)) {
      fontUrls.set(f.file, `data:font/woff2;base64,${bytes.toString('base64')}`);
      continue;
    }
    const name = hashedName(path.basename(f.file), bytes);
    // URLs in a stylesheet are relative to it: the fonts sit beside it in assets/.
    fontUrls.set(f.file, './' + path.posix.basename(name));
    files.set(name, bytes);
  }
  const css = `${deckFontCss(faces, (file) => fontUrls.get(file)!)}\n${renderPhaseCss(deck)}\n`;
  const cssFile = hashedName('deck-style.css', css);
  files.set(cssFile, css);

  const images = new Map<string, string>();
  for (const ref of deck.assets) {
    if (images.has(ref.resolved)) continue;
    const bytes = readFileSync(folder.assetFile(ref.resolved));
    // Characters that mean something in HTML or a URL are kept out of the published name.
    const name = hashedName(path.basename(ref.resolved).replace(/[&<>"'#?%\\\s]/g, '_'), bytes);
    images.set(ref.resolved, name);
    files.set(name, bytes);
  }
  return { files, cssFile, images };
}

/**
 * The page's stylesheet (CSS written for a file in assets/) as the contents of an inline `<style>`
 * in index.html, and the base64 sha256 of exactly those contents for the CSP. Relative url()s are
 * rebased from assets/ to the page; no `</` is left to end the element early (or to be taken for
 * the page's `</head>`: escaped as CSS reads it, `<\/`); line ends are LF, as the HTML parser hands the text to the CSP check (it turns CR LF into LF,
 * and the hash would no longer match).
 */
export function firstSlideStyle(sheet: string): { css: string; hash: string } {
  const css = sheet
    .replace(/\r\n?/g, '\n')
    .replace(/url\((["']?)(?![a-z][\w+.-]*:|\/|#)(?:\.\/)?([^"')]+)\1\)/gi, (_m, q: string, file: string) => `url(${q}./assets/${file}${q})`)
    .replace(/<\//g, '<\\/');
  return { css, hash: createHash('sha256').update(css, 'utf8').digest('base64') };
}

/** `assets/<name>-<hash><ext>`, the hash (8 URL-safe characters) from the bytes, as vite names assets. */
function hashedName(name: string, bytes: string | Uint8Array): string {
  const ext = path.extname(name);
  const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 8);
  return `assets/${name.slice(0, name.length - ext.length)}-${hash}${ext}`;
}

/** `s` as a literal in a RegExp source. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
