import { createHash } from 'node:crypto';
import { lookup } from 'mrmime';
import { formatDiagnostic } from '../deck/errors.ts';
import type { Deck } from '../deck/model.ts';
import { buildAssetUrl } from '../vite/deck-plugin.ts';
import { deckFolder } from './deck-files.ts';
import { compileFolder } from './pipeline/check.ts';
import { cachedClient } from './pipeline/client-cache.ts';
import { assembleStandalone, escapeRegExp } from './pipeline/site.ts';

/**
 * The whole deck as one HTML file that opens by double-click (file://), offline: the browser code
 * built with vite-plugin-singlefile (one JS chunk, dynamic imports included, and one stylesheet,
 * inlined into the HTML; CSS images as data: URLs; cached per checkout like the site's), the deck's
 * page and stylesheet added as for the site, then its fonts and images inlined as data: URLs too.
 *
 * Why inline and not files beside it: Chromium refuses module scripts from file:// (CORS, origin
 * "null"), while an inline `<script type="module">` runs.
 *
 * CSP: still nothing remote. The inline script and style are allowed by their sha256 hashes, not by
 * 'unsafe-inline' (hashes allow exactly the code we ship, and style attributes in slide HTML stay
 * refused as on the built site; reveal.js styles elements through the CSSOM, which the CSP permits).
 * Images, fonts and media may only be data: URLs; no connections, frames, objects or forms.
 */

const MARK_SCRIPT = "'sha256-SCRIPT-HASHES'";
const MARK_STYLE = "'sha256-STYLE-HASHES'";

/** The standalone page's CSP, given the sources allowed for script-src and style-src. */
export function standaloneCsp(scriptSrc: string, styleSrc: string): string {
  return [
    "default-src 'none'",
    `script-src ${scriptSrc}`,
    `style-src ${styleSrc}`,
    'img-src data:',
    'font-src data:',
    'media-src data:',
    "connect-src 'none'",
    "object-src 'none'",
    // The speaker view previews slides in iframes of this same file (?view=receiver).
    "frame-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}


function dataUrl(fileName: string, source: string | Uint8Array): string {
  // mrmime: the MIME table sirv (our static server) already uses, instead of one of our own.
  const mime = lookup(fileName) ?? 'application/octet-stream';
  return `data:${mime};base64,${Buffer.from(source).toString('base64')}`;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

/**
 * Inlines the deck's files (fonts named by its stylesheet, images by the slides), drops preload hints (nothing is left to fetch), and fills
 * in the CSP hashes of the final inline script and style.
 */
export function finishStandalone(html: string, assets: Map<string, string | Uint8Array>, deckScripts: Set<string> = new Set()): string {
  let out = html;
  for (const [fileName, source] of assets) {
    out = out.replace(new RegExp(`(["'(])(?:\\./)?${escapeRegExp(fileName)}(?=["')])`, 'g'), (_m, q: string) => q + dataUrl(fileName, source));
  }
  out = out.replace(/<link\b[^>]*\brel="(?:module)?preload"[^>]*>/g, '');
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const m of out.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1] ?? '';
    if (/\bsrc=/.test(attrs)) throw new Error(`standalone: an external script was left in the page: <script${attrs}>`);
    // JSON data blocks are not executed, so the CSP does not apply to them.
    if (/type="application\/json"/.test(attrs)) continue;
    // Only our own code is allowed: a slide's <script> (allowHtml) stays blocked, as on the built site.
    if (deckScripts.has(m[2] ?? '')) continue;
    scripts.push(sha256(m[2] ?? ''));
  }
  for (const m of out.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)) styles.push(sha256(m[1] ?? ''));
  if (/<link\b[^>]*\brel="stylesheet"/.test(out)) throw new Error('standalone: an external stylesheet was left in the page');
  if (!out.includes(MARK_SCRIPT)) throw new Error('standalone: CSP placeholder missing');
  const list = (hashes: string[]): string => (hashes.length ? hashes.map((h) => `'sha256-${h}'`).join(' ') : "'none'");
  const csp = standaloneCsp(list(scripts), list(styles));
  return out.replace(/content="[^"]*'sha256-SCRIPT-HASHES'[^"]*"/, () => `content="${csp}"`);
}

/** Bodies of the <script> elements a deck's own HTML holds (allowHtml), which must never be hashed into the CSP. */
export function scriptsOf(deck: Deck): Set<string> {
  const out = new Set<string>();
  for (const s of deck.slides) {
    for (const m of (s.html + s.notesHtml).matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) out.add(m[1] ?? '');
  }
  return out;
}

/**
 * Builds the deck into one self-contained HTML document (nothing is written to disk), in plain Node
 * from the cached single-file client build (src/node/pipeline/client-cache.ts): vite runs only when
 * that cache is stale.
 */
export async function buildStandalone(deckDir: string, compiled?: Deck): Promise<string> {
  // A deck the caller compiled with buildAssetUrl (buildSite returns one) saves a compile: maps cost ~0.3 s.
  const { deck, diagnostics } = compiled ? { deck: compiled, diagnostics: [] } : compileFolder(deckDir, { assetUrl: buildAssetUrl });
  if (!deck) throw new Error(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
  const client = await cachedClient('single');
  const { html, assets } = await assembleStandalone(deck, deckFolder(deckDir), client, standaloneCsp(MARK_SCRIPT, MARK_STYLE), (m) => console.warn(`warning: ${m}`));
  return finishStandalone(html, assets, scriptsOf(deck));
}
