import type MarkdownIt from 'markdown-it';
import type { Diagnostic, Diagnostics } from '../errors.ts';
import { internalError } from '../guard.ts';
import { tokensText, type RenderEnv } from '../markdown.ts';
import type { CacheEnv } from '../markdown/cache-env.ts';
import type { SourcePos } from '../model.ts';
import type { QuizEnv } from '../quiz.ts';

/** Rendered Markdown kept between compiles; diagnostics' lines are relative to the Markdown's first line. */
export interface CachedRender {
  html: string;
  text: string;
  title?: string;
  diagnostics: Diagnostic[];
  /** What the quiz plugin found, its `answers` lines relative to the Markdown's first line like the diagnostics. */
  found?: QuizEnv;
}

export interface Rendered {
  html: string;
  text: string;
  title?: string;
  quiz?: QuizEnv;
}

/** What a render needs from the compile besides the Markdown: reporting, assets, figures, terms. */
export type RenderContext = Omit<RenderEnv, 'file' | 'line' | 'title'>;

/** Term-name lists seen in this process → a number, so a cache key need not hold the whole list. */
const namesIds = new Map<string, number>();
let lastNamesId = 0;
function namesId(names: string): number {
  let id = namesIds.get(names);
  if (id === undefined) {
    // Ids only grow, so a cleared map never hands an old id to other names.
    id = ++lastNamesId;
    if (namesIds.size > 64) namesIds.clear();
    namesIds.set(names, id);
  }
  return id;
}

/** A deck edited for hours renders many versions of its slides: keep the cache bounded. */
const MAX_ENTRIES = 4000;

/**
 * Markdown → HTML for one slide body or notes, at `pos`. With a cache, Markdown whose rendering
 * depended on nothing but its own text is kept: the rules that read other files (images, figures,
 * glossary terms) mark env `uncacheable`; what the quiz plugin reports through env is kept with
 * the entry. The key holds no line number, and diagnostics (and quiz answer lines) are stored
 * relative to the Markdown's start, so inserting a line above a slide does not re-render it.
 */
export function createRenderer(
  md: MarkdownIt,
  allowHtml: boolean,
  context: RenderContext,
  diags: Diagnostics,
  cache: Map<string, CachedRender> | undefined,
): (markdown: string, pos: SourcePos) => Rendered {
  // The glossary's term names decide which [[term]] is unknown: a short id of them in the key.
  const terms = context.glossary ? namesId(context.glossary.names) : 0;
  return (markdown, pos) => {
    const key = cache ? `${allowHtml}\0${terms}\0${pos.file}\0${markdown}` : undefined;
    const hit = key === undefined ? undefined : cache!.get(key);
    if (hit) {
      diags.items.push(...hit.diagnostics.map((d) => (d.file === pos.file ? { ...d, line: d.line + pos.line } : d)));
      const { found } = hit;
      return found ? { ...hit, quiz: { quiz: found.quiz, answers: found.answers?.map((l) => l + pos.line) } } : hit;
    }
    const before = diags.items.length;
    const env: RenderEnv & QuizEnv & CacheEnv = { ...context, file: pos.file, line: pos.line };
    let out: Rendered;
    try {
      const tokens = md.parse(markdown, env);
      out = { html: md.renderer.render(tokens, md.options, env), text: tokensText(tokens), title: env.title, quiz: { quiz: env.quiz, answers: env.answers } };
    } catch (e) {
      // A markdown-it plugin that throws on some input is a bug: report it at this slide, go on with the rest.
      internalError(diags, e, pos);
      return { html: '', text: '' };
    }
    if (key !== undefined && !env.uncacheable) {
      if (cache!.size > MAX_ENTRIES) cache!.clear();
      const reported = diags.items.slice(before).map((d) => (d.file === pos.file ? { ...d, line: d.line - pos.line } : d));
      // The quiz plugin's findings (env) are kept too: quiz and activity slides were re-rendered on every save.
      const quiz = env.quiz === undefined && env.answers === undefined ? {} : { found: { quiz: env.quiz, answers: env.answers?.map((l) => l - pos.line) } };
      cache!.set(key, { html: out.html, text: out.text, title: out.title, diagnostics: reported, ...quiz });
    }
    return out;
  };
}
