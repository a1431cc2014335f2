import type MarkdownIt from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import { escapeHtml } from '../html.ts';
import { pushIssue } from './inline-issues.ts';

/**
 * Furigana in the Denden Markdown convention, as a markdown-it inline rule:
 *   {漢字|かんじ}                 → <ruby>漢字<rt>かんじ</rt></ruby>          (one reading for the group)
 *   {国際連合|こく|さい|れん|ごう} → <ruby>国<rt>こく</rt>際<rt>さい</rt>…</ruby> (one per character)
 * A `{…}` without `|` is left alone, so markdown-it-attrs' `{.class}` keeps working; code spans never
 * reach inline rules; `\{` stays literal. The base is emitted as text tokens (slide titles and
 * search text keep it), the readings as `ruby_rt` tokens that plain-text extraction skips.
 */

export interface RubyParts {
  base: string;
  readings: string[];
}

/** Splits `{base|r1|r2…}`'s inside; pairs each reading with its base character when counts match. */
export function rubyPairs(parts: RubyParts): Array<[string, string]> {
  const chars = [...parts.base];
  if (parts.readings.length > 1 && parts.readings.length === chars.length) return chars.map((c, i) => [c, parts.readings[i]!]);
  return [[parts.base, parts.readings.join('')]];
}

/** Ruby HTML for text outside Markdown (figure labels, glossary readings); text is escaped. */
export function rubyHtml(parts: RubyParts): string {
  return `<ruby>${rubyPairs(parts)
    .map(([b, r]) => `${escapeHtml(b)}<rt>${escapeHtml(r)}</rt>`)
    .join('')}</ruby>`;
}

/** `{漢字|かんじ}` → 漢字 in plain text (figure labels drawn as SVG text, search text). */
export function stripRuby(text: string): string {
  return text.replace(/\{([^{}|\n]+)((?:\|[^{}|\n]*)+)\}/g, '$1');
}

function ruby(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x7b /* { */) return false;
  // The group runs to the first `}` on the line; another `{` or a line end first means it is not ours.
  let end = start + 1;
  let bar = -1;
  while (end < state.posMax) {
    const c = src[end];
    if (c === '}' || c === '{' || c === '\n') break;
    if (c === '|' && bar < 0) bar = end;
    end++;
  }
  if (bar < 0) return false; // `{.class}`, `{#id}`, `{}` …: markdown-it-attrs' or plain text
  const base = src.slice(start + 1, bar);
  // An attribute block such as {title="a|b"} is markdown-it-attrs' business.
  if (/^\s*[.#]|=/.test(base)) return false;
  if (src[end] !== '}') {
    if (!silent) {
      pushIssue(state, {
        offset: start,
        message: `unclosed furigana "${src.slice(start, end).trim()}"`,
        hint: 'close it with }: {漢字|かんじ}; to show a literal brace, write \\{',
      });
      state.pending += src.slice(start, end);
      state.pos = end;
      return true;
    }
    return false;
  }
  const readings = src.slice(bar + 1, end).split('|');
  if (!silent) {
    const problem = !base.trim()
      ? 'has no base text'
      : readings.some((r) => !r.trim())
        ? 'has an empty reading'
        : readings.length > 1 && readings.length !== [...base].length
          ? `has ${readings.length} readings for ${[...base].length} characters`
          : undefined;
    if (problem) {
      pushIssue(state, {
        offset: start,
        message: `furigana "${src.slice(start, end + 1)}" ${problem}`,
        hint: 'write {漢字|かんじ} for one reading, or one reading per character: {国際連合|こく|さい|れん|ごう}',
      });
      state.pending += src.slice(start, end + 1);
      state.pos = end + 1;
      return true;
    }
    state.push('ruby_open', 'ruby', 1);
    for (const [b, r] of rubyPairs({ base, readings })) {
      const t = state.push('text', '', 0);
      t.content = b;
      const rt = state.push('ruby_rt', 'rt', 0);
      rt.content = r;
    }
    state.push('ruby_close', 'ruby', -1);
  }
  state.pos = end + 1;
  return true;
}

export function rubyPlugin(md: MarkdownIt): void {
  // Before `link`, so `[[term|{漢字|かんじ}]]`'s inner text is parsed by the same rules.
  md.inline.ruler.before('link', 'deck_ruby', ruby);
  md.renderer.rules.ruby_rt = (tokens, idx) => `<rt>${escapeHtml(tokens[idx]!.content)}</rt>`;
}
