import { inkOn, phaseTextColor } from './color.ts';
import { decodeText } from './decode.ts';
import { Diagnostics, DeckError, type Diagnostic } from './errors.ts';
import { createMarkdown, isAllowedAttribute, tokensText, type RenderEnv } from './markdown.ts';
import type { AssetRef, Deck, Phase, Slide, SlideKind, SourcePos } from './model.ts';
import { renderGeneratedSlide } from './generated.ts';
import { checkLayout } from './layouts.ts';
import { deckSchema, frontMatterSchema, type DeckYaml } from './schema.ts';
import { splitSection } from './split.ts';
import { parseSlideAttrs } from './slide-attrs.ts';
import { createFigureRenderer } from './figures.ts';
import { glossaryEntries, glossaryParts, loadGlossary, renderGlossarySlide, termUses } from './glossary.ts';
import { parseYaml } from './yaml.ts';
import { internalError, safeDecodeUri } from './guard.ts';
import { safeSource } from './safe-source.ts';
import { checkImage } from './image-check.ts';
import { checkSlideQuiz, planTimings } from './activity.ts';
import type { QuizEnv } from './quiz.ts';
import type { DeckSource } from './source.ts';

// In its own module so that figures.ts can name it without importing the compiler (no cycle).
export type { DeckSource } from './source.ts';

export interface CompileOptions {
  /** Turn a resolved asset into the URL written into the HTML. */
  assetUrl?: (asset: AssetRef) => string;
  /**
   * Rendered Markdown kept between compiles of the same deck (the dev server recompiles on every
   * save, usually with one slide changed). Only self-contained Markdown is kept: nothing that
   * refers to an image or figure, whose output depends on other files.
   */
  renderCache?: Map<string, CachedRender>;
}

export interface CachedRender {
  html: string;
  text: string;
  title?: string;
  diagnostics: Diagnostic[];
}

/** Markdown whose rendering depends on nothing but its own text (no image, no figure). */
function selfContained(markdown: string): boolean {
  // [[term]]: its output and errors depend on glossary.yaml. Quiz slides also report their choices through env (quiz.ts), which the cache does not keep.
  return !/!\[|```\s*figure|~~~\s*figure|<img|\[\[|\{\.quiz\}|^\s*:::/im.test(markdown);
}

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

function compileInto(source: DeckSource, options: CompileOptions, diags: Diagnostics): Deck | undefined {
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
  const config = parseDeckYaml(text, diags);
  if (!config) return undefined;

  const phaseIds = new Set<string>();
  const phaseLine = (i: number): SourcePos => ({ file: DECK_FILE, line: lineOfPhase(text, i), col: 1 });
  config.phases.forEach((p, i) => {
    if (phaseIds.has(p.id)) diags.error(phaseLine(i), `duplicate phase id "${p.id}"`, 'give every phase its own id');
    phaseIds.add(p.id);
  });
  const minutes = config.phases.reduce((sum, p) => sum + p.minutes, 0);
  if (Math.abs(minutes - config.duration) > 1e-9) {
    diags.warn(
      { file: DECK_FILE, line: lineOfKey(text, 'duration'), col: 1 },
      `phase minutes add up to ${minutes}, but duration is ${config.duration}`,
      'make the phases\' minutes add up to duration, or change duration; pacing uses the phase minutes',
    );
  }

  const md = createMarkdown(config.allowHtml);
  const assets = new Map<string, AssetRef>();
  // Where the Markdown being rendered starts: image checks report there.
  let currentPos: SourcePos = top;
  const resolveAsset = (url: string, at?: SourcePos): string | undefined => {
    const clean = safeDecodeUri(url.split(/[?#]/)[0] ?? '')?.replace(/^\.\//, '');
    if (clean === undefined || clean === '') return undefined;
    if (clean.startsWith('/') || clean.split('/').includes('..')) return undefined;
    const where = source.exists(clean, 'deck') ? 'deck' : source.exists(clean, 'assets') ? 'assets' : undefined;
    if (!where) return undefined;
    const ref: AssetRef = { url, resolved: `${where}/${clean}` };
    if (!assets.has(ref.resolved)) checkImage(source, clean, where, at ?? currentPos, diags);
    assets.set(ref.resolved, ref);
    return options.assetUrl ? options.assetUrl(ref) : url;
  };
  const renderFigure = createFigureRenderer(source, config, diags);
  const loadedGlossary = loadGlossary((f) => source.read(f), diags);
  const glossary = typeof loadedGlossary === 'object' ? loadedGlossary : undefined;
  // A glossary.yaml with errors (reported at its lines) must not also make every [[term]] an error.
  const termLookup = loadedGlossary === 'invalid' ? { has: () => true, suggest: () => undefined } : glossary;

  type Draft = Omit<Slide, 'index' | 'timing'>;
  const drafts: Draft[] = [];
  const cache = options.renderCache;
  const render = (markdown: string, pos: SourcePos): { html: string; text: string; title?: string; quiz?: QuizEnv } => {
    const key = cache && selfContained(markdown) ? `${config.allowHtml}\0${pos.file}\0${pos.line}\0${markdown}` : undefined;
    const hit = key === undefined ? undefined : cache!.get(key);
    if (hit) {
      diags.items.push(...hit.diagnostics);
      return hit;
    }
    const before = diags.items.length;
    currentPos = pos;
    const env: RenderEnv & QuizEnv = { file: pos.file, line: pos.line, diags, resolveAsset, renderFigure, glossary: termLookup };
    let out: { html: string; text: string; title?: string; quiz?: QuizEnv };
    try {
      const tokens = md.parse(markdown, env);
      out = { html: md.renderer.render(tokens, md.options, env), text: tokensText(tokens), title: env.title, quiz: { quiz: env.quiz, answers: env.answers } };
    } catch (e) {
      // A markdown-it plugin that throws on some input is a bug: report it at this slide, go on with the rest.
      internalError(diags, e, pos);
      return { html: '', text: '' };
    }
    if (key !== undefined) {
      // A deck edited for hours renders many versions of its slides: keep the cache bounded.
      if (cache!.size > 4000) cache!.clear();
      cache!.set(key, { ...out, diagnostics: diags.items.slice(before) });
    }
    return out;
  };
  const addGenerated = (kind: SlideKind, phase: string, pos: SourcePos, title: string, html: string, notes?: string): void => {
    const n = notes ? render(notes, pos) : { html: '', text: '' };
    // Dividers are full-bleed in their phase color: reveal.js paints data-background-color over the whole viewport.
    const attrs: Record<string, string> = kind === 'divider' ? { 'data-background-color': config.phases.find((p) => p.id === phase)!.color } : {};
    drafts.push({ phase, kind, title, html, notesHtml: n.html, notesText: n.text, attrs, source: pos });
  };

  const listed = new Set<string>();
  const seenPhases = new Set<string>();
  // Phases some section names, and whether a section could not be read far enough to know its
  // phase: then "phase X has no sections" would only repeat that error in a misleading way.
  const claimed = new Set<string>();
  let unreadable = false;
  config.sections.forEach((file, i) => {
    const pos: SourcePos = { file: DECK_FILE, line: lineOfListItem(text, 'sections', i), col: 1 };
    if (listed.has(file)) diags.error(pos, `section "${file}" is listed twice`, 'list each section file once');
    listed.add(file);
    const raw = source.read(file);
    if (!raw) {
      // A file that exists but cannot be read was reported at the file itself (safeSource).
      if (diags.items.some((d) => d.file === file && d.severity === 'error')) unreadable = true;
      else diags.error(pos, `section file "${file}" not found`, 'create the file or fix its name in the sections list (names are case-sensitive)');
      return;
    }
    const body = decodeText(raw, file, diags);
    if (body === undefined) {
      unreadable = true;
      return;
    }
    const split = splitSection(body, file, diags);
    if (!split.frontMatter) {
      // An unclosed front matter was reported by splitSection already.
      if (!diags.items.some((d) => d.file === file)) {
        diags.error({ file, line: 1, col: 1 }, 'section has no front matter', 'start the file with ---, a line "phase: <phase id>", and ---');
      }
      unreadable = true;
      return;
    }
    const fm = parseYaml(split.frontMatter.text, frontMatterSchema, file, diags, split.frontMatter.line - 1, {
      phase: `write "phase: <id>" with one of the phase ids in deck.yaml: ${[...phaseIds].join(', ')}`,
    });
    if (!fm) {
      unreadable = true;
      return;
    }
    if (!phaseIds.has(fm.phase)) {
      diags.error(
        { file, line: split.frontMatter.line + lineOfKey(split.frontMatter.text, 'phase') - 1, col: 1 },
        `unknown phase "${fm.phase}"`,
        `use one of the phase ids in deck.yaml: ${[...phaseIds].join(', ')}`,
      );
      return;
    }
    if (split.slides.length === 0) {
      claimed.add(fm.phase);
      // Point at the front matter's closing ---: the slides belong right after it.
      const end = split.frontMatter.line + split.frontMatter.text.split('\n').length;
      if (!diags.items.some((d) => d.file === file && d.severity === 'error')) {
        diags.error({ file, line: end, col: 1 }, 'section has no slides', 'write at least one slide after the front matter, or remove the file from deck.yaml');
      }
      return;
    }
    claimed.add(fm.phase);
    const phase = config.phases.find((p) => p.id === fm.phase)!;
    if (drafts.length === 0 && config.titleSlide) {
      const t = renderGeneratedSlide({ kind: 'title', meta: config, phase });
      addGenerated('title', phase.id, top, config.title, t, config.titleNotes);
    }
    if (!seenPhases.has(phase.id)) {
      seenPhases.add(phase.id);
      if (phase.divider) {
        const i = config.phases.indexOf(phase);
        addGenerated('divider', phase.id, phaseLine(i), phase.label, renderGeneratedSlide({ kind: 'divider', meta: config, phase }), phase.notes);
      }
    }
    for (const s of split.slides) {
      const pos: SourcePos = { file, line: s.bodyLine, col: 1 };
      const b = render(s.body, pos);
      const n = s.notes.trim() ? render(s.notes, { file, line: s.notesLine, col: 1 }) : { html: '', text: '' };
      const attrs = parseSlideAttrs(s.slideAttrs, pos, diags, isAllowedAttribute);
      drafts.push({
        ...checkSlideQuiz(b.quiz, attrs, { file, line: s.slideAttrsLine || s.bodyLine, col: 1 }, s.slideAttrs, diags),
        phase: phase.id,
        kind: 'content',
        title: b.title ?? firstLine(b.text) ?? fm.title ?? file,
        html: b.html,
        notesHtml: n.html,
        notesText: n.text,
        attrs,
        source: pos,
      });
      checkLayout(drafts.at(-1)!.attrs.class, b.html, (message, hint) => diags.warn(pos, message, hint));
    }
  });

  for (const f of source.list()) {
    if (f.endsWith('.md') && !listed.has(f) && !/^readme\.md$/i.test(f)) {
      diags.warn({ file: f, line: 1, col: 1 }, 'section file is not listed in deck.yaml and is left out of the deck', `add "${f}" to sections in deck.yaml, or delete it`);
    }
  }

  // Phases must appear in deck.yaml order, each as one contiguous run (the progress bar draws them so).
  const order = config.phases.map((p) => p.id);
  let last = -1;
  const done = new Set<string>();
  for (const d of drafts) {
    const at = order.indexOf(d.phase);
    if (at !== last) {
      if (done.has(d.phase) || at < last) {
        diags.error(d.source, `phase "${d.phase}" appears out of order`, 'order the sections in deck.yaml so each phase\'s sections come together, in the order of phases');
      }
      if (last >= 0) done.add(order[last]!);
      last = at;
    }
  }
  config.phases.forEach((p, i) => {
    if (!seenPhases.has(p.id) && !claimed.has(p.id) && !unreadable && drafts.length > 0) {
      diags.error(phaseLine(i), `phase "${p.id}" has no sections`, 'assign at least one section to it (front matter "phase: ' + p.id + '") or remove the phase');
    }
  });
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

  const phases: Phase[] = config.phases.map((p) => {
    const firstSlide = drafts.findIndex((d) => d.phase === p.id);
    const slideCount = drafts.filter((d) => d.phase === p.id).length;
    return {
      id: p.id,
      label: p.label,
      color: p.color,
      ink: inkOn(p.color),
      accentText: phaseTextColor(p.color),
      minutes: p.minutes,
      firstSlide,
      slideCount,
    };
  });
  // Activity slides keep their own minutes; the phase's other slides share the rest (activity.ts).
  const timings = planTimings(phases, drafts, diags);
  const slides: Slide[] = drafts.map((d, index) => ({ ...d, index, timing: timings[index]! }));
  const chars = new Set<string>();
  const addChars = (s: string): void => {
    for (const ch of s) chars.add(ch);
  };
  addChars(config.title + (config.subtitle ?? '') + (config.asOf ?? '') + (config.author ?? '') + (config.date ?? ''));
  for (const p of phases) addChars(p.label);
  for (const s of slides) addChars(stripTags(s.html) + s.notesText + s.title);
  // Popovers and the handout's glossary page draw these even when no slide shows them.
  for (const e of entries ?? []) addChars(e.term + (e.reading ?? '') + stripTags(e.html) + e.see.join(''));
  return {
    meta: {
      title: config.title,
      subtitle: config.subtitle,
      author: config.author,
      lang: config.lang,
      date: config.date,
      asOf: config.asOf,
      duration: config.duration,
      allowHtml: config.allowHtml,
      furigana: config.furigana,
    },
    phases,
    slides,
    assets: [...assets.values()],
    characters: [...chars].sort().join(''),
    ...(entries ? { glossary: entries } : {}),
  };
}

function parseDeckYaml(text: string, diags: Diagnostics): DeckYaml | undefined {
  return parseYaml(text, deckSchema, DECK_FILE, diags, 0, {
    phases: 'each phase needs id, label, color and minutes, e.g. - { id: intro, label: 導入, color: "#555", minutes: 5 }',
    'phases.color': 'write a CSS color in quotes: "#" and 3 or 6 hex digits ("#c2410c"), a color name (teal) or oklch(60% 0.15 250)',
    'phases.id': 'use lower-case letters, digits and hyphens, e.g. id: cold-war',
    'phases.minutes': 'write the minutes this phase takes as a number, e.g. minutes: 12',
    duration: 'write the lecture length in minutes as a number, e.g. duration: 50',
    title: 'write the title as text; quote it if it is a number or contains ": ", e.g. title: "1989: 冷戦の終わり"',
    sections: 'list the section files in lecture order, e.g. - 01-introduction.md',
  });
}

function firstLine(s: string): string | undefined {
  return s.split('\n').find((l) => l.trim())?.trim();
}

function stripTags(html: string): string {
  // Only used to collect characters for font subsetting; over-collecting is harmless.
  return html.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ');
}

function lineOfKey(text: string, key: string): number {
  const i = text.split('\n').findIndex((l) => new RegExp(`^\\s*${key}\\s*:`).test(l));
  return i < 0 ? 1 : i + 1;
}

function lineOfListItem(text: string, key: string, index: number): number {
  const lines = text.split('\n');
  const start = lineOfKey(text, key) - 1;
  let n = -1;
  for (let i = start + 1; i < lines.length; i++) {
    if (/^\S/.test(lines[i]!)) break;
    if (/^\s*-\s/.test(lines[i]!) && ++n === index) return i + 1;
  }
  return start + 1;
}

function lineOfPhase(text: string, index: number): number {
  return lineOfListItem(text, 'phases', index);
}
