import type MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';

/**
 * Slide layouts (issue 14): a line holding only `|||` splits a slide's body into columns.
 *
 *   <!-- .slide: class="compare" -->
 *   ## 米ロの立場
 *   ### アメリカ
 *   - …
 *   |||
 *   ### ロシア
 *   - …
 *
 * renders as the heading, then
 *   <div class="layout-columns"><div class="layout-column">…</div><div class="layout-column">…</div></div>
 * The slide's class (`cols`, `compare`, `figure-text`) picks the grid in the theme (layouts.css);
 * without one the columns are equal. A block rule marks each separator (so fenced code, lists
 * and paragraphs keep their own meaning of the line) and a core rule wraps the blocks between
 * them, keeping a leading heading above the columns as the slide's title.
 */

/** Block-level classes a slide may use for its layout; documented in README "Layouts". */
export const LAYOUT_CLASSES = ['cols', 'compare', 'statement', 'figure-text'] as const;
/** Layouts whose body must be split at a `|||` line. */
export const SPLIT_LAYOUTS = ['cols', 'compare', 'figure-text'] as const;

const SEPARATOR = /^\|\|\|[ \t]*$/;

function columnBreak(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  // A line at column 0 only (indented, it belongs to a list item or is code). Inside a list,
  // quote or paragraph it ends that block (silent check); it becomes a break only at the top level.
  if (state.sCount[startLine] !== 0) return false;
  if (!silent && state.level !== 0) return false;
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const line = state.src.slice(start, state.eMarks[startLine]!);
  if (!SEPARATOR.test(line)) return false;
  if (silent) return true;
  const token = state.push('layout_break', '', 0);
  token.map = [startLine, startLine + 1];
  token.block = true;
  state.line = startLine + 1;
  return true;
}

function wrapColumns(state: StateCore): void {
  const tokens = state.tokens;
  if (!tokens.some((t) => t.type === 'layout_break')) return;
  // Keep a leading `#`/`##` heading (the slide title) above the columns; `###` names a column.
  let head = 0;
  if (tokens[0]?.type === 'heading_open' && (tokens[0].tag === 'h1' || tokens[0].tag === 'h2')) {
    while (head < tokens.length && tokens[head]!.type !== 'heading_close') head++;
    head++;
  }
  const make = (type: string, tag: string, nesting: 1 | -1, cls?: string): Token => {
    const t = new state.Token(type, tag, nesting);
    t.block = true;
    if (cls) t.attrSet('class', cls);
    return t;
  };
  const out: Token[] = tokens.slice(0, head);
  out.push(make('layout_columns_open', 'div', 1, 'layout-columns'), make('layout_column_open', 'div', 1, 'layout-column'));
  for (const t of tokens.slice(head)) {
    if (t.type === 'layout_break') out.push(make('layout_column_close', 'div', -1), make('layout_column_open', 'div', 1, 'layout-column'));
    else out.push(t);
  }
  out.push(make('layout_column_close', 'div', -1), make('layout_columns_close', 'div', -1));
  state.tokens = out;
}

export function layoutColumns(md: MarkdownIt): void {
  md.block.ruler.before('table', 'layout_break', columnBreak, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  // After markdown-it-attrs (which reads tokens by their neighbours), so the wrappers do not shift its patterns.
  md.core.ruler.push('layout_columns', wrapColumns);
  md.renderer.rules.layout_break = () => '';
}

/**
 * A `cols`, `compare` or `figure-text` slide without a `|||` line shows one column only: warn at
 * the slide, saying how to split it.
 */
export function checkLayout(
  classes: string | undefined,
  html: string,
  warn: (message: string, hint: string) => void,
): void {
  const layout = (classes ?? '').split(/\s+/).find((c): c is (typeof SPLIT_LAYOUTS)[number] => (SPLIT_LAYOUTS as readonly string[]).includes(c));
  if (layout && !html.includes('class="layout-columns"')) {
    warn(`slide has class "${layout}" but no ||| line, so it has one column`, 'put a line holding only ||| between the two parts (at the start of the line, not inside a list or code)');
  }
}
