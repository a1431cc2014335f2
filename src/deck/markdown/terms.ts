import type MarkdownIt from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import { pushIssue } from './inline-issues.ts';
import { stripRuby } from './ruby.ts';

/**
 * Glossary uses as a markdown-it inline rule: `[[代理戦争]]` and `[[NATO拡大|NATOの拡大]]` render
 * their text (itself parsed as inline Markdown, so furigana works inside) in a focusable
 * `<button class="term" data-term="代理戦争">` that the client's glossary plugin opens a popover
 * from. Terms are checked against glossary.yaml through `env.glossary`.
 */

/** What the markdown needs of the glossary (src/deck/glossary.ts implements it). */
export interface TermLookup {
  has(term: string): boolean;
  /** The closest known term, for "did you mean". */
  suggest(term: string): string | undefined;
  /**
   * Everything has() and suggest() answer from (the glossary's term names), as one string: part
   * of the render cache's key, so a slide using terms is rendered again only when it changes.
   */
  readonly names: string;
}

interface TermEnv {
  glossary?: TermLookup;
}

/** Index of the first `|` outside `{…}` (a ruby group has its own bars), or -1. */
function topLevelBar(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth = Math.max(0, depth - 1);
    else if (s[i] === '|' && depth === 0) return i;
  }
  return -1;
}

function term(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x5b || src.charCodeAt(start + 1) !== 0x5b) return false;
  const close = src.indexOf(']]', start + 2);
  if (close < 0 || close > state.posMax) return false;
  const inner = src.slice(start + 2, close);
  if (!inner.trim() || inner.includes('\n') || inner.includes('[')) return false;
  const bar = topLevelBar(inner);
  const name = stripRuby(bar < 0 ? inner : inner.slice(0, bar)).trim();
  // The visible text: after the bar, or the whole (with any furigana) when there is none.
  const textStart = bar < 0 ? start + 2 : start + 2 + bar + 1;
  if (!silent) {
    const env = state.env as TermEnv;
    // Whether the term is known, and its hint, depend on glossary.yaml's term names: the render
    // cache's key holds them (TermLookup.names, compile/render.ts), so this stays cacheable.
    const known = env.glossary?.has(name) ?? false;
    if (!known) {
      const s = env.glossary?.suggest(name);
      pushIssue(state, {
        offset: start,
        message: `unknown term "${name}"`,
        hint: !env.glossary
          ? `the deck has no glossary.yaml: create it beside deck.yaml with terms: [{ term: ${name}, definition: … }]`
          : s
            ? `did you mean "${s}"? Or add "${name}" to glossary.yaml`
            : `add it to glossary.yaml (- term: ${name}, definition: …) or fix the spelling`,
      });
    }
    // A button may not sit inside a link: there the use is a plain marked span.
    // markdown-it's StateInline has linkLevel at run time; its type declaration lacks it.
    const tag = ((state as unknown as { linkLevel?: number }).linkLevel ?? 0) > 0 ? 'span' : 'button';
    const open = state.push('term_open', tag, 1);
    open.attrSet('class', 'term');
    open.attrSet('data-term', name);
    if (tag === 'button') open.attrSet('type', 'button');
    const oldMax = state.posMax;
    state.pos = textStart;
    state.posMax = close;
    state.md.inline.tokenize(state);
    state.posMax = oldMax;
    state.push('term_close', tag, -1);
  }
  state.pos = close + 2;
  return true;
}

export function termsPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'deck_term', term);
}
