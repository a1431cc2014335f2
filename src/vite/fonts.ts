// Over 250 lines: the deck font's coverage, subsetting into files and their cache are one pipeline whose steps share the font's tables; font-chunks.ts already holds the slicing policy.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import type { Deck } from '../deck/model.ts';
import { ASCII_CHARACTERS, chunkWants, splitChunks } from './font-chunks.ts';
import { keepNewest, writeFileAtomic } from './cache-files.ts';
import { PROJECT_ROOT } from './project-root.ts';
import { subsetTrueType } from './hb-subset.ts';
import { encodeWoff2 } from './woff2.ts';

/**
 * The deck font, self-hosted: Fontsource's Noto Sans JP (TrueType outlines, so Chromium embeds it
 * in PDFs as CID TrueType with exact text, not as Type 3).
 *
 * Fontsource ships each weight twice: one unsplit `japanese` file (kana, kanji, Latin-1, general
 * punctuation, ~1 MB) and Google's 124 numbered slices of the complete font (13 MB together). The
 * unsplit file lacks some symbols Japanese text uses (①②③ → ≤ …); those come from the slices.
 *
 * - build: each weight is subset (harfbuzz: hb-subset.ts, then woff2.ts) to the characters the deck
 *   uses: one file cut from the unsplit font, plus, only for characters it lacks, a tiny file cut from
 *   each slice that has them (declared with a unicode-range). vite bundles them like any CSS url();
 *   both weights' main files are preloaded.
 * - dev: the full unsplit files, plus the slices for the characters they lack (same rule, not cut).
 */

export const FONT_FAMILY = 'Noto Sans JP';
export const FONT_CSS_ID = 'virtual:deck-fonts.css';
const RESOLVED_FONT_CSS = '\0' + FONT_CSS_ID;
export const FONT_WEIGHTS = [400, 700] as const;
export type FontWeight = (typeof FONT_WEIGHTS)[number];

const ROOT = PROJECT_ROOT;
/** node_modules/.cache is where build tools conventionally keep derived files. */
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'lecture-deck', 'fonts');
const require = createRequire(import.meta.url);

let fontPackage: string | undefined;
/** The package folder (its exports map only exposes `*.css`, so resolve one and go up); resolved once (~5 ms a call). */
function packageDir(): string {
  fontPackage ??= path.dirname(require.resolve('@fontsource/noto-sans-jp/400.css'));
  return fontPackage;
}

/** Full (unsplit) font file of a weight in @fontsource/noto-sans-jp. */
export function fullFontFile(weight: FontWeight): string {
  return path.join(packageDir(), 'files', `noto-sans-jp-japanese-${weight}-normal.woff2`);
}

function sliceFile(slice: string, weight: FontWeight): string {
  return path.join(packageDir(), 'files', `noto-sans-jp-${slice}-${weight}-normal.woff2`);
}

/**
 * Characters every build gets whatever the deck says: printable ASCII (URLs, numbers, timers) and
 * the punctuation Japanese UI text uses. The deck's own text arrives through Deck.characters.
 */
export const BASE_CHARACTERS =
  Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') + '\u00a0、。,.・:;?!ー〜~…—–‘’“”「」『』()【】/%×';

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
      else if (/\.(ts|css|html)$/.test(name)) {
        // Comments are not shown: leave their characters out.
        const code = readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\/|<!--[\s\S]*?-->|(^|\s)\/\/.*$/gm, '$1');
        for (const ch of code) if (ch.codePointAt(0)! > 0x7f) out.add(ch);
      }
    }
  };
  walk(dir);
  return [...out].join('');
}

/** The text to keep in the subset: deck + client UI + base set, each character once, sorted. */
export function subsetText(deck: Pick<Deck, 'characters'>, extra = ''): string {
  const set = new Set<string>();
  for (const ch of BASE_CHARACTERS + deck.characters + extra) {
    // Controls, line breaks and variation selectors have no glyphs of their own.
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && !(c >= 0xfe00 && c <= 0xfe0f)) set.add(ch);
  }
  return [...set].sort().join('');
}

/**
 * OpenType features kept in the subset: shaping, kerning and proportional kana (`palt`, used by
 * headings). Vertical-writing and alternate-glyph features are dropped: their layout closure
 * pulls in ~12% more glyph data that a horizontal deck never shows.
 */
export const KEEP_FEATURES = ['ccmp', 'locl', 'kern', 'palt', 'halt', 'liga', 'calt', 'mark', 'mkmk'];

/** Part of every cut's cache key: files of an earlier encoder are cut again, not reused. */
const WOFF2_ENCODER = 'woff2.ts/1';

type Range = [number, number];

let sliceRanges: Map<string, Range[]> | undefined;
/** Google's slices of the full font and the code points each covers (Fontsource's unicode.json); read once (~3 ms a parse, two a build). */
function slices(): Map<string, Range[]> {
  sliceRanges ??= readSlices();
  return sliceRanges;
}

function readSlices(): Map<string, Range[]> {
  const json = JSON.parse(readFileSync(path.join(packageDir(), 'unicode.json'), 'utf8')) as Record<string, string>;
  const out = new Map<string, Range[]>();
  for (const [key, ranges] of Object.entries(json)) {
    const m = /^\[(\d+)\]$/.exec(key);
    if (!m) continue; // named subsets (latin, cyrillic …) are covered by the unsplit file
    out.set(
      m[1]!,
      ranges.split(',').map((r) => {
        const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
        return [parseInt(a!, 16), parseInt(b ?? a!, 16)] as Range;
      }),
    );
  }
  return out;
}

function cacheFile(name: string, make: () => Promise<Uint8Array | string>): Promise<string> {
  const file = path.join(CACHE_DIR, name);
  if (existsSync(file)) {
    // Mark the entry as used, so pruning keeps what this build reads.
    const entry = path.join(CACHE_DIR, name.split('/')[0]!);
    try {
      utimesSync(entry, new Date(), new Date());
      return Promise.resolve(file);
    } catch {
      // A parallel build pruned it just now: made again below.
    }
  }
  return make().then((data) => {
    writeFileAtomic(file, data);
    return file;
  });
}

const hash = (...parts: Array<string | Uint8Array>): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 16);
};

let coverage: Promise<Set<number>> | undefined;
/** Code points the unsplit font has (same for every weight); read once, cached on disk. */
function unsplitCoverage(): Promise<Set<number>> {
  coverage ??= (async () => {
    const file = await cacheFile(`coverage-${sourceFont(fullFontFile(400)).hash}.json`, async () => {
      // The decoded font's own cmap (decoded once for the cuts anyway): a keep-all-glyphs subset
      // gave the same code points for ~0.3 s more of CPU, on every fresh clone's first build.
      const [{ Blob, Face }, ttf] = await Promise.all([import('harfbuzzjs'), truetype(fullFontFile(400))]);
      return JSON.stringify([...new Face(new Blob(ttf), 0).collectUnicodes()]);
    });
    return new Set(JSON.parse(readFileSync(file, 'utf8')) as number[]);
  })();
  return coverage;
}

const sourceFonts = new Map<string, { stamp: string; hash: string; bytes: number }>();
/**
 * A source font's content hash and size, read once per process while the file is unchanged: the
 * main font is cut into three chunks per weight, and reading and hashing its ~1 MB for each cut
 * cost more than the rest of a cached build's font work.
 */
function sourceFont(file: string): { stamp: string; hash: string; bytes: number } {
  const st = statSync(file);
  const stamp = `${st.size}:${st.mtimeMs}`;
  let known = sourceFonts.get(file);
  if (known?.stamp !== stamp) {
    const bytes = readFileSync(file);
    known = { stamp, hash: hash(bytes), bytes: bytes.length };
    sourceFonts.set(file, known);
  }
  return known;
}

const decoded = new Map<string, { stamp: string; ttf: Promise<Buffer> }>();
/** The decode before: one at a time, as wawoff2 returns a view of its wasm memory that the next decode overwrites. */
let decoding: Promise<unknown> = Promise.resolve();
/**
 * A source font as TrueType, decoded from WOFF2 once per process while the file is unchanged, and
 * kept in the cache folder for the next processes (2.4 MB a weight).
 * Why: subset-font decodes a WOFF2 input on every call (~40 ms of CPU for the 1 MB main font) and
 * a deck's fonts are cut from the same file six times or more (three chunks per weight); given
 * TrueType it skips that step, with the same result. Every process that cuts (a build, each test
 * worker, each CLI a test spawns) decoded both weights again, ~0.2–0.35 s of CPU; reading the
 * decoded file is ~2 ms. fontverter is the converter subset-font itself calls, resolved from
 * subset-font's folder.
 */
export function truetype(file: string): Promise<Buffer> {
  const { stamp, hash: sourceHash } = sourceFont(file);
  let known = decoded.get(file);
  if (known?.stamp !== stamp) {
    // fontverter required only to decode: it loads wawoff2's two wasm builds (~80 ms of CPU).
    const decode = (): Promise<Buffer> =>
      (createRequire(require.resolve('subset-font'))('fontverter') as { convert(font: Buffer, to: 'truetype'): Promise<Buffer> }).convert(readFileSync(file), 'truetype');
    const ttf = decoding.then(async () => readFileSync(await cacheFile(`decoded-${sourceHash}.ttf`, decode)));
    decoding = ttf.catch(() => undefined);
    known = { stamp, ttf };
    decoded.set(file, known);
  }
  return known.ttf;
}

/** The text split by source: what the unsplit font has, what each slice adds, what nothing has. */
export async function planFaces(text: string): Promise<{ main: string; fromSlices: Map<string, string>; missing: string }> {
  const have = await unsplitCoverage();
  const all = slices();
  let main = '';
  let missing = '';
  const fromSlices = new Map<string, string>();
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (have.has(c)) {
      main += ch;
      continue;
    }
    const slice = [...all].find(([, ranges]) => ranges.some(([a, b]) => c >= a && c <= b))?.[0];
    if (slice === undefined) missing += ch;
    else fromSlices.set(slice, (fromSlices.get(slice) ?? '') + ch);
  }
  return { main, fromSlices, missing };
}

export interface SubsetFace {
  weight: FontWeight;
  /** Absolute path of the woff2 file (in the cache folder). */
  file: string;
  bytes: number;
  /** Size of the file it was cut from. */
  sourceBytes: number;
  /** CSS unicode-range of a chunk or supplement face; undefined for an unsplit main face. */
  unicodeRange?: string;
  /** Chunk of the main font (font-chunks.ts): "first" is preloaded and blocks, "ui" is the shared face; a supplement is "first" or undefined. */
  chunk?: string;
}

/** CSS unicode-range of code points, consecutive runs merged (U+2460-2462). */
export function unicodeRange(codePoints: number[]): string {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const hex = (c: number): string => c.toString(16);
    parts.push(i === j ? `U+${hex(sorted[i]!)}` : `U+${hex(sorted[i]!)}-${hex(sorted[j]!)}`);
    i = j + 1;
  }
  return parts.join(',');
}

const codePoints = (chars: string): number[] => [...chars].map((c) => c.codePointAt(0)!);

/**
 * Subsets both weights to `text`, reusing earlier results: file names carry a hash of the source
 * font, the features and the characters, so a changed deck gives new files and rebuilds are instant.
 * `shared` (sharedFaceText: the client's UI and the base set, the same for every deck) is cut into
 * faces of its own, so that every deck reuses them from the cache; each is declared for what the
 * deck's chunks and supplements lack (font-chunks.ts).
 */
export async function subsetFaces(text: string, wants: string[] = [], shared = ''): Promise<{ faces: SubsetFace[]; missing: string }> {
  const [plan, sharedPlan] = await Promise.all([planFaces(text), planFaces(shared)]);
  // The main font's characters split by when they are first shown (font-chunks.ts).
  const chunks = splitChunks(plan.main, wants, new Set(sharedPlan.main));
  const inChunks = new Set(chunks.flatMap((c) => [...c.chars]));
  const sharedMain = [...sharedPlan.main].filter((c) => !inChunks.has(c));
  const firstChars = new Set(wants[0] ?? '');
  // A supplement with a character of the first slide is part of its first paint ("first").
  const supplementChunk = (chars: string): string | undefined => ([...chars].some((c) => firstChars.has(c)) ? 'first' : undefined);
  const cut = async (weight: FontWeight, src: string, chars: string, name: string, range?: string, chunk?: string): Promise<SubsetFace> => {
    const source = sourceFont(src);
    const file = await cacheFile(`${hash(source.hash, KEEP_FEATURES.join(), WOFF2_ENCODER, chars)}/${name}.woff2`, async () => {
      // harfbuzz cuts a TrueType font (its wasm loaded on the first cache miss, ~20 ms), woff2.ts
      // encodes it: subset-font's WOFF2 output was brotli in wasm, ~3.5× the CPU.
      return encodeWoff2(await subsetTrueType(await truetype(src), chars, KEEP_FEATURES));
    });
    return { weight, file, bytes: statSync(file).size, sourceBytes: source.bytes, unicodeRange: range, chunk };
  };
  const faces = await Promise.all(
    FONT_WEIGHTS.flatMap((w) => [
      // The shared faces first: were a range to overlap a chunk's, the later-declared chunk would win.
      ...(sharedMain.length > 0 ? [cut(w, fullFontFile(w), sharedPlan.main, `noto-sans-jp-${w}-ui`, unicodeRange(codePoints(sharedMain.join(''))), 'ui')] : []),
      ...[...sharedPlan.fromSlices].map(([slice, chars]) => cut(w, sliceFile(slice, w), chars, `noto-sans-jp-${w}-ui-s${slice}`, unicodeRange(codePoints(chars)), supplementChunk(chars))),
      ...chunks.map((c) =>
        chunks.length === 1 && sharedMain.length === 0
          ? cut(w, fullFontFile(w), c.chars, `noto-sans-jp-${w}`, undefined, c.name)
          : cut(w, fullFontFile(w), c.chars, `noto-sans-jp-${w}-${c.name}`, unicodeRange(codePoints(c.chars)), c.name),
      ),
      // The deck's own supplements: what the shared ones lack.
      ...[...plan.fromSlices].flatMap(([slice, all]) => {
        const chars = [...all].filter((c) => !sharedPlan.fromSlices.get(slice)?.includes(c)).join('');
        return chars ? [cut(w, sliceFile(slice, w), chars, `noto-sans-jp-${w}-s${slice}`, unicodeRange(codePoints(chars)), supplementChunk(chars))] : [];
      }),
    ]),
  );
  // A deck makes 6 to 30 entries (chunks and supplements of two weights, ~20 KB each): room for
  // a teacher's decks and their edits, and for the ~30 decks one run of the test suite builds (at
  // 64, each run pruned entries it needed again later and cut them anew).
  keepNewest(CACHE_DIR, 512);
  return { faces, missing: plan.missing };
}

export function fontFaceCss(faces: Array<{ weight: FontWeight; url: string; unicodeRange?: string; display?: 'block' | 'swap' }>): string {
  return faces
    .map(
      (f) =>
        `@font-face{font-family:"${FONT_FAMILY}";font-style:normal;font-weight:${f.weight};font-display:${f.display ?? 'swap'};` +
        `src:url("${f.url}") format("woff2")${f.unicodeRange ? `;unicode-range:${f.unicodeRange}` : ''}}`,
    )
    .join('\n');
}

/** Root-relative URL of a file inside the project, which vite resolves in dev and build alike. */
function rootUrl(file: string): string {
  return '/' + path.relative(ROOT, file).split(path.sep).join('/');
}

/**
 * The characters of the deck-independent faces: the client's UI strings and the base set, without
 * ASCII (in every deck's "near" chunk anyway, font-chunks.ts).
 */
export function sharedFaceText(uiCharacters: string): string {
  return [...subsetText({ characters: '' }, uiCharacters)].filter((c) => !ASCII_CHARACTERS.includes(c)).join('');
}

/** The subset faces of a deck's font (its text, the client's UI strings, the base set), split into chunks. */
export function deckFontFaces(deck: Deck, uiCharacters = clientCharacters()): Promise<{ faces: SubsetFace[]; missing: string }> {
  return subsetFaces(subsetText(deck, uiCharacters), chunkWants(deck), sharedFaceText(uiCharacters));
}

export function missingGlyphsWarning(missing: string): string {
  return `Noto Sans JP has no glyph for ${[...missing].map((c) => `"${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase()})`).join(', ')}: a system font will draw them`;
}

/**
 * The first slide's chunk of each weight, not its supplements (-sNN: a symbol or two, often of one
 * weight only): preloaded by the dev server's page, inline in the built site's style
 * (src/node/pipeline/site.ts). A preload the page does not use is a console warning; the
 * supplements block too and are fetched when the first slide is laid out.
 */
export function preloadedFaces(faces: SubsetFace[]): SubsetFace[] {
  return faces.filter((f) => f.chunk === 'first' && !/-s\d+\.woff2$/.test(f.file));
}

/**
 * The @font-face rules of the subset faces, `url` naming each file. Only the first slide's glyphs
 * are preloaded (the `first` chunk), and they block (invisible for the few ms until they arrive)
 * instead of swapping: the title is painted once, in the deck font, no shift.
 */
export function deckFontCss(faces: SubsetFace[], url: (file: string) => string): string {
  return fontFaceCss(faces.map((f) => ({ weight: f.weight, url: url(f.file), unicodeRange: f.unicodeRange, display: f.chunk === 'first' ? 'block' : 'swap' })));
}

export interface DeckFontsOptions {
  /** The current deck model (from the deck plugin's onDeck). */
  deck: () => Deck | undefined;
}

/**
 * `virtual:deck-fonts.css`: the @font-face rules. In a build the subset files are referenced by
 * url(), so vite emits them with hashed names; then both weights are preloaded in index.html.
 */
export function deckFontsPlugin(opts: DeckFontsOptions): Plugin {
  let mode: 'serve' | 'build' = 'serve';
  // Both weights: every slide heading (and the title slide) is bold, so 700 is needed for the first paint too.
  let preload: string[] = [];
  return {
    name: 'lecture-deck-fonts',
    config() {
      // Supplement faces are tiny and would be inlined into the CSS as base64: keep every font a
      // file, so each loads only when a character in its unicode-range is shown.
      return { build: { assetsInlineLimit: (file: string) => (file.endsWith('.woff2') ? false : undefined) } };
    },
    configResolved(config) {
      mode = config.command;
    },
    resolveId(id) {
      return id === FONT_CSS_ID ? RESOLVED_FONT_CSS : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_FONT_CSS) return undefined;
      if (mode === 'serve') {
        // Whatever the author types next: the full unsplit font, and the slices for what it lacks.
        const have = await unsplitCoverage();
        const extra = [...slices()].flatMap(([slice, ranges]) => {
          const lacking = ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i)).filter((c) => !have.has(c));
          return lacking.length ? [{ slice, range: unicodeRange(lacking) }] : [];
        });
        return fontFaceCss(
          FONT_WEIGHTS.flatMap((weight) => [
            { weight, url: rootUrl(fullFontFile(weight)) },
            ...extra.map((e) => ({ weight, url: rootUrl(sliceFile(e.slice, weight)), unicodeRange: e.range })),
          ]),
        );
      }
      const deck = opts.deck();
      if (!deck) this.error('deck fonts: the deck was not compiled before its styles were loaded');
      const { faces, missing } = await deckFontFaces(deck);
      if (missing) this.warn(missingGlyphsWarning(missing));
      preload = preloadedFaces(faces).map((f) => f.file);
      return deckFontCss(faces, rootUrl);
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return undefined;
        return preload.flatMap((file) => {
          const asset = Object.values(bundle).find((o) => o.type === 'asset' && o.originalFileNames.some((n) => path.resolve(ROOT, n) === file));
          if (!asset) return [];
          return [
            {
              tag: 'link',
              // Fonts are fetched in CORS mode, so the preload needs crossorigin to be reused.
              attrs: { rel: 'preload', href: './' + asset.fileName, as: 'font', type: 'font/woff2', crossorigin: true },
              injectTo: 'head-prepend' as const,
            },
          ];
        });
      },
    },
  };
}
