/**
 * The typed Deck model: the single source of truth that every downstream stage
 * (HTML, progress bar, pacing, PDF bookmarks, handout) reads. Pure data, JSON-serialisable.
 */

/** Where something came from, 1-based line and column, path relative to the deck folder. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export interface Phase {
  id: string;
  label: string;
  /** The author's color, as written in deck.yaml (any CSS color). */
  color: string;
  /** Text color that meets WCAG AA (4.5:1) on `color`: labels drawn on the phase color use it. */
  ink: string;
  /** The author's color adjusted, if needed, to reach 4.5:1 as text on the white slide background. */
  accentText: string;
  minutes: number;
  /** 0-based index of the phase's first slide. */
  firstSlide: number;
  slideCount: number;
}

export type SlideKind = 'title' | 'divider' | 'content' | 'glossary';

export interface Slide {
  /** 0-based, equals reveal.js's horizontal index (`#/index`). */
  index: number;
  phase: string;
  kind: SlideKind;
  /** Plain-text title (first heading), used by bookmarks, handout, speaker view. */
  title: string;
  /** Rendered slide body (inside <section>, without the notes). */
  html: string;
  /** Rendered speaker notes (may be empty). */
  notesHtml: string;
  /** Speaker notes as plain text (for search, length checks, reading aloud). */
  notesText: string;
  /** Seconds allotted to this slide, derived from the phase's minutes. */
  timing: number;
  /** A quiz slide's choices (count) and the 0-based correct ones (src/deck/quiz.ts). */
  quiz?: { choices: number; correct: number[] };
  /** An activity (discussion) slide: its planned minutes, from `data-activity`. */
  activity?: { minutes: number };
  /** Allow-listed attributes for the <section> from `<!-- .slide: … -->`. */
  attrs: Record<string, string>;
  source: SourcePos;
}

export interface DeckMeta {
  title: string;
  subtitle?: string;
  author?: string;
  lang: string;
  /** "As of" date of the content, as written (e.g. "2025-11"). */
  date?: string;
  /** Text shown on the title slide about the date (e.g. 「2025年11月時点の情報にもとづく」). */
  asOf?: string;
  /** Minutes for the whole lecture. */
  duration: number;
  allowHtml: boolean;
  /** Furigana shown or hidden by default (deck.yaml `furigana`); viewers can toggle it (Y). */
  furigana: 'show' | 'hide';
}

/** A glossary.yaml term (src/deck/glossary.ts), in 五十音 order of its reading. */
export interface GlossaryEntry {
  term: string;
  reading?: string;
  /** The definition rendered as inline Markdown. */
  html: string;
  /** Related terms of the glossary. */
  see: string[];
  /** 0-based indices of the slides that use the term (in their body or notes). */
  slides: number[];
}

/** An image or other file a slide references, resolved inside the deck folder or assets/. */
export interface AssetRef {
  /** URL as written in the Markdown. */
  url: string;
  /** Path relative to the project root resolution base (deck folder or assets/), forward slashes. */
  resolved: string;
}

export interface Deck {
  meta: DeckMeta;
  phases: Phase[];
  slides: Slide[];
  assets: AssetRef[];
  /** Every character used by visible text, for font subsetting. */
  characters: string;
  /** The glossary's terms, when the deck has a glossary.yaml. */
  glossary?: GlossaryEntry[];
}

/** What the browser needs of the model (no HTML: the slides are already in the page). */
export interface ClientDeck {
  meta: DeckMeta;
  phases: Phase[];
  slides: Array<Pick<Slide, 'index' | 'phase' | 'kind' | 'title' | 'timing' | 'quiz' | 'activity'> & { source: string }>;
  /** Popovers, the reading view's and the handout's glossary read the terms from here. */
  glossary?: GlossaryEntry[];
}

export function toClientDeck(deck: Deck): ClientDeck {
  return {
    meta: deck.meta,
    phases: deck.phases,
    slides: deck.slides.map((s) => ({
      index: s.index,
      phase: s.phase,
      kind: s.kind,
      title: s.title,
      timing: s.timing,
      ...(s.quiz ? { quiz: s.quiz } : {}),
      ...(s.activity ? { activity: s.activity } : {}),
      source: `${s.source.file}:${s.source.line}`,
    })),
    ...(deck.glossary ? { glossary: deck.glossary } : {}),
  };
}
