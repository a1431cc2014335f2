import type MarkdownIt from 'markdown-it';

/**
 * markdown-it-cjk-breaks 2.0 throws ("Expected a code point, got undefined") when an empty text
 * token stands before a line break, which markdown-it emits after closing emphasis at a line end:
 * `**約5,500発**⏎ロシアの核弾頭` (the statement layout's key number) crashed the compiler. Empty
 * text tokens render nothing, so they are dropped just before that rule runs.
 */
export function cjkBreaksGuard(md: MarkdownIt): void {
  md.core.ruler.before('cjk_breaks', 'cjk_breaks_guard', (state) => {
    for (const block of state.tokens) {
      if (block.type === 'inline' && block.children) block.children = block.children.filter((t) => t.type !== 'text' || t.content !== '');
    }
  });
}
