import type MarkdownIt from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import type Token from 'markdown-it/lib/token.mjs';

/**
 * Inline rules (ruby, glossary terms) cannot report a diagnostic themselves: an inline rule sees only
 * the inline text, not the block token that knows its source line. They push a zero-width
 * `deck_issue` token holding the offset into the inline text; the core rule registered here turns
 * each into a diagnostic at file:line:col (reading the source line to undo the indentation that
 * list items and block quotes strip) and renders nothing.
 */
export interface InlineIssue {
  /** Offset into the inline token's content. */
  offset: number;
  message: string;
  hint: string;
  severity: 'error' | 'warning';
}

/** Where RenderEnv's reporting lives (kept structural so this file does not import markdown.ts). */
interface IssueEnv {
  file: string;
  line: number;
  diags: {
    error(pos: { file: string; line: number; col: number }, message: string, hint?: string): void;
    warn(pos: { file: string; line: number; col: number }, message: string, hint?: string): void;
  };
}

export function pushIssue(state: StateInline, issue: Omit<InlineIssue, 'severity'> & { severity?: InlineIssue['severity'] }): void {
  const tok = state.push('deck_issue', '', 0);
  tok.meta = { severity: 'error', ...issue } satisfies InlineIssue;
}

export function inlineIssues(md: MarkdownIt): void {
  md.renderer.rules.deck_issue = () => '';
  md.core.ruler.after('inline', 'deck_inline_issues', (state) => {
    const env = state.env as IssueEnv;
    if (!env?.diags) return;
    const lines = state.src.split('\n');
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      for (const tok of block.children) {
        if (tok.type !== 'deck_issue') continue;
        const issue = tok.meta as InlineIssue;
        const pos = { file: env.file, ...position(block, issue.offset, lines, env.line) };
        if (issue.severity === 'warning') env.diags.warn(pos, issue.message, issue.hint);
        else env.diags.error(pos, issue.message, issue.hint);
      }
    }
  });
}

/** Line and 1-based column in the file of `offset` in an inline token's content. */
function position(block: Token, offset: number, lines: string[], firstLine: number): { line: number; col: number } {
  const before = block.content.slice(0, offset);
  const rel = before.split('\n').length - 1;
  const lineInDoc = (block.map?.[0] ?? 0) + rel;
  const contentLine = block.content.split('\n')[rel] ?? '';
  const colInContent = offset - (before.lastIndexOf('\n') + 1);
  // The inline text of a list item or table cell starts after its marker: find it in the source line.
  const srcLine = lines[lineInDoc] ?? '';
  const start = contentLine ? srcLine.indexOf(contentLine.trimStart().slice(0, 8)) : -1;
  const lead = contentLine.length - contentLine.trimStart().length;
  const col = (start >= 0 ? start - lead : 0) + colInContent;
  // Columns count characters as an editor shows them (code points), not UTF-16 units.
  return { line: firstLine + lineInDoc, col: [...srcLine.slice(0, Math.max(0, col))].length + 1 };
}
