import { inkOn, phaseTextColor } from '../color.ts';
import type { Diagnostics } from '../errors.ts';
import type { AssetRef, Deck, GlossaryEntry, Phase, Slide } from '../model.ts';
import type { DeckYaml } from '../schema.ts';
import { planTimings } from '../activity.ts';
import type { Draft } from './draft.ts';

/** A phase's colors, computed once per compile: the model's phases and the figures both use them. */
export type PhaseStyle = Pick<Phase, 'id' | 'label' | 'color' | 'ink' | 'accentText' | 'minutes'>;

export function phaseStyles(config: DeckYaml): PhaseStyle[] {
  return config.phases.map((p) => ({
    id: p.id,
    label: p.label,
    color: p.color,
    ink: inkOn(p.color),
    // Readable on white and on the theme's surface (compare panels, quotes): color.ts.
    accentText: phaseTextColor(p.color),
    minutes: p.minutes,
  }));
}

/** Drafts → the Deck model: phase ranges, per-slide timings, the characters the fonts must cover. */
export function assembleDeck(
  config: DeckYaml,
  styles: PhaseStyle[],
  drafts: Draft[],
  assets: AssetRef[],
  entries: GlossaryEntry[] | undefined,
  diags: Diagnostics,
): Deck {
  const phases: Phase[] = styles.map((p) => ({
    ...p,
    firstSlide: drafts.findIndex((d) => d.phase === p.id),
    slideCount: drafts.filter((d) => d.phase === p.id).length,
  }));
  // Activity slides keep their own minutes; the phase's other slides share the rest (activity.ts).
  const timings = planTimings(phases, drafts, diags);
  const slides: Slide[] = drafts.map((d, index) => ({ ...d, index, timing: timings[index]! }));
  const chars = new Set<string>();
  const addChars = (s: string): void => {
    for (const ch of s) chars.add(ch);
  };
  addChars(config.title + (config.subtitle ?? '') + (config.asOf ?? '') + (config.author ?? '') + (config.date ?? ''));
  for (const p of phases) addChars(p.label);
  for (const s of slides) {
    addChars(charactersOf(s.html, true));
    addChars(charactersOf(s.notesText, false));
    addChars(s.title);
  }
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
    assets,
    characters: [...chars].sort().join(''),
    ...(entries ? { glossary: entries } : {}),
  };
}

/**
 * The distinct characters of a slide's HTML (tags left out) or text, kept by string: the dev server's
 * recompiles hand back the same rendered strings (render cache), and walking every character of
 * every slide and its notes again was a tenth of a recompile.
 */
const seen = { html: new Map<string, string>(), text: new Map<string, string>() };
const SEEN_MAX = 4000;

function charactersOf(s: string, html: boolean): string {
  const kept = html ? seen.html : seen.text;
  let found = kept.get(s);
  if (found === undefined) {
    found = [...new Set(html ? stripTags(s) : s)].join('');
    if (kept.size >= SEEN_MAX) kept.clear();
    kept.set(s, found);
  }
  return found;
}

function stripTags(html: string): string {
  // Only used to collect characters for font subsetting; over-collecting is harmless.
  return html.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ');
}
