import { decodeText } from './decode.ts';
import { Diagnostics, DeckError, type Diagnostic } from './errors.ts';
import { createMarkdown } from './markdown.ts';
import type { AssetRef, Deck, SourcePos } from './model.ts';
import { deckSchema, type DeckYaml } from './schema.ts';
import { createFigureRenderer, type FigureStore } from './figures.ts';
import { glossaryEntries, glossaryParts, loadGlossary, renderGlossarySlide, termUses } from './glossary.ts';
import { parseYamlDocument, type ParsedYaml } from './yaml.ts';
import { internalError, safeDecodeUri } from './guard.ts';
import { safeSource, type SafeSource } from './safe-source.ts';
import { checkImage } from './image-check.ts';
import type { DeckSource } from './source.ts';
import { assembleDeck, phaseStyles } from './compile/assemble.ts';
import { checkPhaseOrder, checkPhases } from './compile/phase-order.ts';
import { createRenderer, type CachedRender } from './compile/render.ts';
import { readSections } from './compile/sections.ts';

/*
 * The compiler's steps, one module each under compile/: sections → drafts (sections.ts), phase
 * checks (phase-order.ts), Markdown rendering with its cache (render.ts), the model (assemble.ts).
 */
// In its own module so that figures.ts can name it without importing the compiler (no cycle).
export type { DeckSource } from './source.ts';

export interface CompileOptions {
  /** Turn a resolved asset into the URL written into the HTML. */
  assetUrl?: (asset: AssetRef) => string;
  /**
   * Rendered Markdown kept between compiles of the same deck (the dev server recompiles on every
   * save, usually with one slide changed). Only self-contained Markdown is kept: nothing that
   * refers to an image, figure or glossary term, whose output depends on other files.
   */
  renderCache?: Map<string, CachedRender>;
  /** Figures drawn by earlier runs (figures.ts), e.g. on disk. */
  figureStore?: FigureStore;
}

export type { CachedRender } from './compile/render.ts';

export interface CompileResult {
  deck?: Deck;
  diagnostics: Diagnostic[];
}

export const DECK_FILE = 'deck.yaml';

/** Deck folder → Deck model, collecting every diagnostic. Never throws for bad input. */
export function compile(source: DeckSource, options: CompileOptions = {}): CompileResult {
  const diags = new Diagnostics();
  let deck: Deck | undefined;
  try {
    deck = compileInto(safeSource(source, diags), options, diags);
  } catch (e) {
    // Only a bug gets here (bad input is a diagnostic): still a diagnostic, so the dev server
    // keeps running and shows it, but worded as a bug with the stack's first frames to report.
    internalError(diags, e);
  }
  return { deck: diags.hasErrors() ? undefined : deck, diagnostics: diags.items };
}

/** Like compile(), but throws DeckError with all diagnostics when the deck has errors. */
export function compileDeck(source: DeckSource, options: CompileOptions = {}): { deck: Deck; warnings: Diagnostic[] } {
  const { deck, diagnostics } = compile(source, options);
  if (!deck) throw new DeckError(diagnostics.filter((d) => d.severity === 'error'));
  return { deck, warnings: diagnostics };
}

function compileInto(source: SafeSource, options: CompileOptions, diags: Diagnostics): Deck | undefined {
  const top: SourcePos = { file: DECK_FILE, line: 1, col: 1 };
  const bytes = source.read(DECK_FILE);
  if (!bytes) {
    diags.error(top, 'deck.yaml not found', 'create deck.yaml in the deck folder (see README.md "Writing a deck")');
    return undefined;
  }
  const text = decodeText(bytes, DECK_FILE, diags);
  if (text === undefined) return undefined;
  if (text.trim() === '') {
    diags.error(top, 'deck.yaml is empty', 'give the deck a title, duration, phases and sections (see README.md)');
    return undefined;
  }
  const parsed = parseDeckYaml(text, diags);
  if (!parsed) return undefined;
  const config = parsed.value;
  checkPhases(parsed, diags);

  const md = createMarkdown(config.allowHtml);
  const assets = new Map<string, AssetRef>();
  const resolveAsset = (url: string, at: SourcePos = top): string | undefined => {
    const clean = safeDecodeUri(url.split(/[?#]/)[0] ?? '')?.replace(/^\.\//, '');
    if (clean === undefined || clean === '') return undefined;
    if (clean.startsWith('/') || clean.split('/').includes('..')) return undefined;
    const where = source.exists(clean, 'deck') ? 'deck' : source.exists(clean, 'assets') ? 'assets' : undefined;
    if (!where) return undefined;
    const ref: AssetRef = { url, resolved: `${where}/${clean}` };
    if (!assets.has(ref.resolved)) checkImage(source, clean, where, at, diags);
    assets.set(ref.resolved, ref);
    return options.assetUrl ? options.assetUrl(ref) : url;
  };
  const styles = phaseStyles(config);
  const renderFigure = createFigureRenderer(source, config, styles, diags, options.figureStore);
  const loadedGlossary = loadGlossary((f) => source.read(f), diags);
  const glossary = typeof loadedGlossary === 'object' ? loadedGlossary : undefined;
  // A glossary.yaml with errors (reported at its lines) must not also make every [[term]] an error.
  const termLookup = loadedGlossary === 'invalid' ? { has: () => true, suggest: () => undefined, names: '\0invalid' } : glossary;
  const render = createRenderer(md, config.allowHtml, { diags, resolveAsset, renderFigure, glossary: termLookup }, diags, options.renderCache);

  const read = readSections({ source, config: parsed, diags, render, top });
  const { drafts } = read;
  for (const f of source.list()) {
    if (f.endsWith('.md') && !read.listed.has(f) && !/^readme\.md$/i.test(f)) {
      diags.warn({ file: f, line: 1, col: 1 }, 'section file is not listed in deck.yaml and is left out of the deck', `add "${f}" to sections in deck.yaml, or delete it`);
    }
  }
  checkPhaseOrder(parsed, read, diags);
  if (drafts.length === 0 && !diags.hasErrors()) {
    diags.error(top, 'the deck has no slides', 'list section files with slides under sections');
  }
  if (diags.hasErrors()) return undefined;

  // The glossary slide(s) close the deck, in the last phase; their links need the slides' indices.
  const entries = glossary ? glossaryEntries(glossary, md, termUses(drafts), diags) : undefined;
  if (glossary && entries && config.glossary === 'slide') {
    const phase = drafts.at(-1)!.phase;
    const titles = drafts.map((d) => d.title);
    const parts = glossaryParts(entries);
    parts.forEach((part, n) => {
      const html = renderGlossarySlide(part, titles, config.lang, { n: n + 1, of: parts.length });
      const title = /<h2>([^<]*)<\/h2>/.exec(html)?.[1] ?? 'Glossary';
      // Each part's source is its first term: print-layout.ts tells slides apart by data-source.
      const source = glossary.pos(glossary.index(part[0]!.term));
      drafts.push({ phase, kind: 'glossary', title, html, notesHtml: '', notesText: '', attrs: { 'data-glossary': '' }, source });
    });
  }
  if (diags.hasErrors()) return undefined;
  return assembleDeck(config, styles, drafts, [...assets.values()], entries, diags);
}

function parseDeckYaml(text: string, diags: Diagnostics): ParsedYaml<DeckYaml> | undefined {
  return parseYamlDocument(text, deckSchema, DECK_FILE, diags, 0, {
    phases: 'each phase needs id, label, color and minutes, e.g. - { id: intro, label: 導入, color: "#555", minutes: 5 }',
    'phases.color': 'write a CSS color in quotes: "#" and 3 or 6 hex digits ("#c2410c"), a color name (teal) or oklch(60% 0.15 250)',
    'phases.id': 'use lower-case letters, digits and hyphens, e.g. id: cold-war',
    'phases.minutes': 'write the minutes this phase takes as a number, e.g. minutes: 12',
    duration: 'write the lecture length in minutes as a number, e.g. duration: 50',
    title: 'write the title as text; quote it if it is a number or contains ": ", e.g. title: "1989: 冷戦の終わり"',
    sections: 'list the section files in lecture order, e.g. - 01-introduction.md',
  });
}
