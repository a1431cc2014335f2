import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import type { Deck } from '../deck/model.ts';

/**
 * The deck font, self-hosted: Fontsource's Noto Sans JP (TrueType outlines, so Chromium embeds it
 * in PDFs as CID TrueType with exact text, not as Type 3). The unsplit `japanese-*` files cover
 * kana, kanji, Latin-1 and general punctuation in one file per weight.
 *
 * - dev: @font-face points at the full files (~1 MB per weight), so any text typed renders at once;
 * - build: both weights are subset (harfbuzz via `subset-font`) to the characters the deck uses,
 *   written as woff2 and bundled by vite like any CSS url(); the regular weight is preloaded.
 */

export const FONT_FAMILY = 'Noto Sans JP';
export const FONT_CSS_ID = 'virtual:deck-fonts.css';
const RESOLVED_FONT_CSS = '\0' + FONT_CSS_ID;
export const FONT_WEIGHTS = [400, 700] as const;
export type FontWeight = (typeof FONT_WEIGHTS)[number];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** node_modules/.cache is where build tools conventionally keep derived files. */
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'lecture-deck', 'fonts');

/** Full (unsplit) font file of a weight in @fontsource/noto-sans-jp. */
export function fullFontFile(weight: FontWeight): string {
  // The package's exports map only exposes `*.css`; the files sit beside them.
  const css = createRequire(import.meta.url).resolve(`@fontsource/noto-sans-jp/japanese-${weight}.css`);
  return path.join(path.dirname(css), 'files', `noto-sans-jp-japanese-${weight}-normal.woff2`);
}

/**
 * Characters every build gets whatever the deck says: printable ASCII (URLs, numbers, timers) and
 * the punctuation Japanese UI text uses. The deck's own text arrives through Deck.characters.
 */
export const BASE_CHARACTERS =
  Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') + '\u00a0、。,.・:;?!ー〜~…—–‘’“”「」『』()【】/%→←↑↓×○●■□';

/**
 * Non-ASCII characters in the client's UI strings (speaker view, reading view labels …): they are
 * not in the deck's text, yet they are drawn in the deck font.
 */
export function clientCharacters(dir = path.join(ROOT, 'src', 'client')): string {
  const out = new Set<string>();
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|css|html)$/.test(name)) for (const ch of readFileSync(p, 'utf8')) if (ch.codePointAt(0)! > 0x7f) out.add(ch);
    }
  };
  walk(dir);
  return [...out].join('');
}

/** The text to keep in the subset: deck + client UI + base set, each character once, sorted. */
export function subsetText(deck: Pick<Deck, 'characters'>, extra = ''): string {
  const set = new Set<string>();
  for (const ch of BASE_CHARACTERS + deck.characters + extra) {
    // Controls and line breaks have no glyphs; keep the rest.
    if (ch.codePointAt(0)! >= 0x20) set.add(ch);
  }
  return [...set].sort().join('');
}

/**
 * OpenType features kept in the subset: shaping, kerning and proportional kana (`palt`, used by
 * headings). Vertical-writing and alternate-glyph features are dropped: their layout closure
 * pulls in ~12% more glyph data that a horizontal deck never shows.
 */
export const KEEP_FEATURES = ['ccmp', 'locl', 'kern', 'palt', 'halt', 'liga', 'calt', 'mark', 'mkmk'];

export interface SubsetFace {
  weight: FontWeight;
  /** Absolute path of the woff2 file (in the cache folder). */
  file: string;
  bytes: number;
  /** Size of the full font file it was cut from. */
  sourceBytes: number;
}

/**
 * Subsets both weights to `text`, reusing earlier results: the cache key is the source font's
 * bytes plus the text, so a changed deck or font gives new files and repeated builds are instant.
 */
export async function subsetFaces(text: string, cacheDir = CACHE_DIR): Promise<SubsetFace[]> {
  const faces = await Promise.all(
    FONT_WEIGHTS.map(async (weight) => {
      const source = readFileSync(fullFontFile(weight));
      const key = createHash('sha256').update(source).update('\0').update(KEEP_FEATURES.join()).update('\0').update(text).digest('hex').slice(0, 16);
      // The file name stays readable (vite adds its own content hash when it emits the asset).
      const file = path.join(cacheDir, key, `noto-sans-jp-${weight}.woff2`);
      if (!existsSync(file)) {
        // Loaded only on a cache miss: subset-font pulls in harfbuzz and a woff2 encoder (~80 ms).
        const { default: subsetFont } = await import('subset-font');
        const woff2 = await subsetFont(source, text, { targetFormat: 'woff2', keepFeatures: KEEP_FEATURES });
        mkdirSync(path.dirname(file), { recursive: true });
        // Write then rename: parallel builds never read a half-written font.
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, woff2);
        renameSync(tmp, file);
      }
      return { weight, file, bytes: statSync(file).size, sourceBytes: source.length };
    }),
  );
  pruneCache(cacheDir, 16);
  return faces;
}

/** Keeps the `keep` most recently written subsets (every edit of the deck's text makes a new one). */
function pruneCache(cacheDir: string, keep: number): void {
  const dirs = readdirSync(cacheDir)
    .map((name) => ({ dir: path.join(cacheDir, name), at: statSync(path.join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { dir } of dirs.slice(keep)) rmSync(dir, { recursive: true, force: true });
}

function fontFaceCss(src: (weight: FontWeight) => string): string {
  return FONT_WEIGHTS.map(
    (weight) =>
      `@font-face{font-family:"${FONT_FAMILY}";font-style:normal;font-weight:${weight};font-display:swap;src:url("${src(weight)}") format("woff2")}`,
  ).join('\n');
}

/** Root-relative URL of a file inside the project, which vite resolves in dev and build alike. */
function rootUrl(file: string): string {
  return '/' + path.relative(ROOT, file).split(path.sep).join('/');
}

export interface DeckFontsOptions {
  /** The current deck model (from the deck plugin's onDeck). */
  deck: () => Deck | undefined;
  /** Told the sizes after a build subsets the fonts (CLI and bench report them). */
  onSubset?: (faces: SubsetFace[], text: string) => void;
}

/**
 * `virtual:deck-fonts.css`: the @font-face rules. In a build the subset files are referenced by
 * url(), so vite emits them with hashed names; then the regular weight is preloaded in index.html.
 */
export function deckFontsPlugin(opts: DeckFontsOptions): Plugin {
  let mode: 'serve' | 'build' = 'serve';
  let faces: SubsetFace[] = [];
  return {
    name: 'lecture-deck-fonts',
    configResolved(config) {
      mode = config.command;
    },
    resolveId(id) {
      return id === FONT_CSS_ID ? RESOLVED_FONT_CSS : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_FONT_CSS) return undefined;
      if (mode === 'serve') return fontFaceCss((w) => rootUrl(fullFontFile(w)));
      const deck = opts.deck();
      if (!deck) this.error('deck fonts: the deck was not compiled before its styles were loaded');
      const text = subsetText(deck, clientCharacters());
      faces = await subsetFaces(text);
      opts.onSubset?.(faces, text);
      return fontFaceCss((w) => rootUrl(faces.find((f) => f.weight === w)!.file));
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle) return undefined;
        const regular = faces.find((f) => f.weight === 400);
        if (!regular) return undefined;
        const asset = Object.values(ctx.bundle).find(
          (o) => o.type === 'asset' && o.originalFileNames.some((n) => path.resolve(ROOT, n) === regular.file),
        );
        if (!asset) return undefined;
        return [
          {
            tag: 'link',
            // Fonts are fetched in CORS mode, so the preload needs crossorigin to be reused.
            attrs: { rel: 'preload', href: './' + asset.fileName, as: 'font', type: 'font/woff2', crossorigin: true },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}
