import type MarkdownIt from 'markdown-it';
import { z } from 'zod';
import { decodeText } from './decode.ts';
import { editDistance } from './edit-distance.ts';
import type { Diagnostics } from './errors.ts';
import { escapeHtml } from './html.ts';
import type { TermLookup } from './markdown/terms.ts';
import { rubyHtml } from './markdown/ruby.ts';
import type { GlossaryEntry, SourcePos } from './model.ts';
import { parseYamlDocument } from './yaml.ts';

/**
 * The deck's glossary: `glossary.yaml` beside deck.yaml,
 *   terms:
 *     - { term: 代理戦争, reading: だいりせんそう, definition: 大国が直接戦わず…, see: [冷戦] }
 * validated at its own lines; looked up by the `[[term]]` markdown rule (markdown/terms.ts); listed,
 * in 五十音 order of the reading, on the generated glossary slide(s), in the handout and at the end
 * of the reading view (the client builds those two from the same entries in the deck data).
 */

export const GLOSSARY_FILE = 'glossary.yaml';

const termSchema = z.strictObject({
  term: z.string().trim().min(1, 'term must not be empty'),
  reading: z.string().trim().min(1, 'reading must not be empty (leave the key out instead)').optional(),
  definition: z.string().trim().min(1, 'definition must not be empty'),
  see: z.union([z.string(), z.array(z.string())]).optional(),
});

export const glossarySchema = z.strictObject({
  terms: z.array(termSchema).min(1, 'list at least one term'),
});

export type GlossaryYaml = z.infer<typeof glossarySchema>;

export interface LoadedGlossary extends TermLookup {
  terms: GlossaryYaml['terms'];
  /** Line of each term's entry in glossary.yaml. */
  pos(index: number): SourcePos;
  index(term: string): number;
}

/** Reads and validates glossary.yaml; undefined when there is none or it has errors (reported). */
export function loadGlossary(read: (file: string) => Uint8Array | undefined, diags: Diagnostics): LoadedGlossary | undefined | 'invalid' {
  const bytes = read(GLOSSARY_FILE);
  if (!bytes) return undefined;
  const text = decodeText(bytes, GLOSSARY_FILE, diags);
  if (text === undefined) return 'invalid';
  const parsed = parseYamlDocument(text, glossarySchema, GLOSSARY_FILE, diags, 0, {
    terms: 'each entry needs term and definition, e.g. - { term: 代理戦争, reading: だいりせんそう, definition: 大国が直接戦わず… }',
    'terms.definition': 'write one or two sentences explaining the term, e.g. definition: 大国が直接戦わず、他国の戦争を支援して争うこと。',
    'terms.term': 'write the term as it appears in [[…]], e.g. term: 代理戦争',
    'terms.see': 'write related terms of this glossary, e.g. see: 冷戦 or see: [冷戦, 核抑止]',
  });
  if (!parsed) return 'invalid';
  const data = parsed.value;
  const pos = (i: number, key?: string): SourcePos => parsed.pos(key ? ['terms', i, key] : ['terms', i]);
  const byName = new Map<string, number>();
  let ok = true;
  data.terms.forEach((t, i) => {
    const first = byName.get(t.term);
    if (first !== undefined) {
      diags.error(pos(i, 'term'), `duplicate term "${t.term}" (first at line ${pos(first).line})`, 'list each term once; merge the two definitions');
      ok = false;
    } else byName.set(t.term, i);
  });
  const names = [...byName.keys()];
  data.terms.forEach((t, i) => {
    for (const s of seeList(t.see)) {
      if (!byName.has(s)) {
        const guess = suggestTerm(s, names);
        diags.error(pos(i, 'see'), `"see" names unknown term "${s}"`, guess ? `did you mean "${guess}"?` : 'name another term of this glossary');
        ok = false;
      }
    }
    if (!t.reading && /[\u3400-\u9fff]/.test(t.term)) {
      diags.warn(pos(i, 'term'), `term "${t.term}" has no reading`, 'add reading: (in kana) so the glossary can sort it in 五十音 order and show its furigana');
    }
  });
  if (!ok) return 'invalid';
  return {
    terms: data.terms,
    pos: (i) => pos(i),
    index: (term) => byName.get(term) ?? -1,
    has: (term) => byName.has(term),
    suggest: (term) => suggestTerm(term, names),
    names: names.join('\n'),
  };
}

export function seeList(see: string | string[] | undefined): string[] {
  return see === undefined ? [] : Array.isArray(see) ? see : [see];
}

/** The closest term: one that contains or is contained in `name`, else the nearest by edit distance. */
export function suggestTerm(name: string, terms: string[]): string | undefined {
  const norm = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const n = norm(name);
  let best: string | undefined;
  let bestD = Infinity;
  for (const t of terms) {
    const m = norm(t);
    if (m === n) return t;
    const d = m.includes(n) || n.includes(m) ? Math.abs(m.length - n.length) * 0.5 : editDistance(n, m);
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  return bestD <= Math.max(2, Math.ceil(n.length / 3)) ? best : undefined;
}

/** Katakana → hiragana, so that readings written either way sort together. */
function hiragana(s: string): string {
  return s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

// Intl's Japanese collation orders kana in 五十音 order (ICU's CLDR "ja" tailoring).
const collator = new Intl.Collator('ja');

/** Entries sorted in 五十音 order of their reading (the term itself when it has none). */
export function sortEntries<T extends { term: string; reading?: string }>(entries: T[]): T[] {
  const key = (e: T): string => hiragana((e.reading ?? e.term).normalize('NFKC'));
  return [...entries].sort((a, b) => collator.compare(key(a), key(b)) || collator.compare(a.term, b.term));
}

/**
 * Builds the model's entries: each definition rendered as inline Markdown (furigana works; glossary
 * uses inside a definition do not, a popover inside a popover would be a maze), with the slides
 * that use the term. Warns about terms no slide uses.
 */
export function glossaryEntries(
  g: LoadedGlossary,
  md: MarkdownIt,
  uses: Map<string, number[]>,
  diags: Diagnostics,
): GlossaryEntry[] {
  const entries: GlossaryEntry[] = g.terms.map((t, i) => {
    const pos = g.pos(i);
    // Line of the definition in glossary.yaml, for diagnostics of its Markdown.
    const env = { file: GLOSSARY_FILE, line: pos.line, diags, resolveAsset: () => undefined, renderFigure: () => undefined, glossary: g };
    const html = md.renderInline(t.definition, env);
    const slides = uses.get(t.term) ?? [];
    if (slides.length === 0) {
      diags.warn(pos, `glossary term "${t.term}" is never used`, `mark a use in a slide or its notes with [[${t.term}]], or remove the term`);
    }
    return { term: t.term, ...(t.reading ? { reading: t.reading } : {}), html, see: seeList(t.see), slides };
  });
  return sortEntries(entries);
}

/** Where each term is used: slide indices, from the rendered `data-term` attributes (cache-proof). */
export function termUses(slides: Array<{ html: string; notesHtml: string }>): Map<string, number[]> {
  const uses = new Map<string, number[]>();
  slides.forEach((s, i) => {
    for (const m of (s.html + s.notesHtml).matchAll(/data-term="([^"]*)"/g)) {
      const term = unescapeHtml(m[1]!);
      const list = uses.get(term) ?? [];
      if (list.at(-1) !== i) list.push(i);
      uses.set(term, list);
    }
  });
  return uses;
}

function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

export const GLOSSARY_STRINGS = {
  ja: { title: '用語集', slides: 'スライド', see: '関連', slideLink: (n: number, title: string) => `${n}枚目: ${title}` },
  en: { title: 'Glossary', slides: 'Slides', see: 'See also', slideLink: (n: number, title: string) => `Slide ${n}: ${title}` },
};

export function glossaryStrings(lang: string): (typeof GLOSSARY_STRINGS)['ja'] {
  return lang.startsWith('ja') ? GLOSSARY_STRINGS.ja : GLOSSARY_STRINGS.en;
}

/**
 * Splits the entries over as many glossary slides as their text needs. The slide's list is two
 * columns of 21px text (glossary.css): about 23 characters a line, 16 lines a column under the
 * heading; an entry takes its term line (with furigana: 1.3 lines), its definition's lines and a
 * gap. Columns break between entries, so a slide is given 31 of its 33 lines.
 */
export function glossaryParts(entries: GlossaryEntry[]): GlossaryEntry[][] {
  const CHARS = 23;
  const BUDGET = 31;
  const lines = (e: GlossaryEntry): number => {
    const text = e.html.replace(/<rt>[^<]*<\/rt>|<[^>]*>/g, '') + (e.see.length ? `→ 関連: ${e.see.join('、')}` : '') + ' (スライド 10, 12)'.repeat(e.slides.length ? 1 : 0);
    return 1.3 + Math.ceil([...text].length / CHARS) + 0.5;
  };
  const parts: GlossaryEntry[][] = [];
  let used = Infinity;
  for (const e of entries) {
    const l = lines(e);
    if (used + l > BUDGET) {
      parts.push([]);
      used = 0;
    }
    parts.at(-1)!.push(e);
    used += l;
  }
  return parts;
}

/**
 * The generated glossary slide(s): `<section data-glossary>` attributes come from the slide's attrs;
 * this is the body. Terms with their reading as ruby, the definition, links to the slides using it.
 */
export function renderGlossarySlide(
  entries: GlossaryEntry[],
  titles: string[],
  lang: string,
  part: { n: number; of: number },
): string {
  const t = glossaryStrings(lang);
  const heading = part.of > 1 ? `${t.title} (${part.n}/${part.of})` : t.title;
  const items = entries.map((e) => {
    const name = e.reading ? rubyHtml({ base: e.term, readings: [e.reading] }) : escapeHtml(e.term);
    const links = e.slides
      .map((i) => `<a href="#/${i}" aria-label="${escapeHtml(t.slideLink(i + 1, titles[i] ?? ''))}">${i + 1}</a>`)
      .join(', ');
    const see = e.see.length ? ` <span class="glossary-see">→ ${t.see}: ${e.see.map(escapeHtml).join('、')}</span>` : '';
    const uses = links ? ` <span class="glossary-uses">(${t.slides} ${links})</span>` : '';
    return `<div class="glossary-entry"><dt>${name}</dt><dd>${e.html}${see}${uses}</dd></div>`;
  });
  return `<h2>${escapeHtml(heading)}</h2><dl class="glossary-list">${items.join('')}</dl>`;
}
