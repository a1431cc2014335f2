import type MarkdownIt from 'markdown-it';
import type { Diagnostics } from './errors.ts';

/** The part of markdown.ts's RenderEnv this rule reads (named here: importing it would be a cycle). */
interface GuardEnv {
  file: string;
  line: number;
  diags: Diagnostics;
}

/** Elements whose content the browser reads as raw text up to their end tag: unclosed, they swallow the page. */
const RAW_TEXT = ['script', 'style', 'textarea', 'title', 'xmp', 'plaintext', 'noscript', 'iframe', 'noembed', 'noframes', 'template'];

/**
 * With `allowHtml: true`, raw HTML goes into the page as written. An unclosed `<!--` (or `<script>`,
 * `<style>` …) then hides every later slide and the deck's own script: the build succeeded and
 * the site was dead. This markdown-it rule reports such HTML at its line instead.
 */
export function htmlGuard(md: MarkdownIt): void {
  md.core.ruler.push('deck_html_guard', (state) => {
    if (!state.md.options.html) return;
    const env = state.env as GuardEnv;
    const parts: Array<{ text: string; line: number }> = [];
    for (const block of state.tokens) {
      const line = env.line + (block.map?.[0] ?? 0);
      if (block.type === 'html_block') parts.push({ text: block.content, line });
      for (const child of block.children ?? []) if (child.type === 'html_inline') parts.push({ text: child.content, line });
    }
    if (parts.length === 0) return;
    // One string, so a comment opened in one token and closed in a later one counts as closed.
    const html = parts.map((p) => p.text).join('\n');
    const lineAt = (offset: number): number => {
      let at = 0;
      for (const p of parts) {
        at += p.text.length + 1;
        if (offset < at) return p.line;
      }
      return parts[parts.length - 1]!.line;
    };
    const report = (offset: number, message: string, hint: string): void => env.diags.error({ file: env.file, line: lineAt(offset), col: 1 }, message, hint);
    const re = new RegExp(`<!--|<(${RAW_TEXT.join('|')})\\b|</(section|body|html|head)\\b`, 'gi');
    for (let m = re.exec(html); m; m = re.exec(html)) {
      if (m[0] === '<!--') {
        // "<!-->" and "<!--->" are complete (empty) comments in HTML.
        const end = /^>|^->/.test(html.slice(m.index + 4)) ? m.index + 4 : html.indexOf('-->', m.index + 4);
        if (end < 0) {
          report(m.index, 'HTML comment <!-- is never closed', 'close it with --> on this slide; an open comment hides the rest of the deck');
          return;
        }
        re.lastIndex = end + 3;
      } else if (m[1]) {
        const name = m[1].toLowerCase();
        const close = html.toLowerCase().indexOf(`</${name}`, m.index + 1);
        if (close < 0) {
          report(m.index, `<${name}> is never closed`, `close it with </${name}> on the same slide; unclosed, it swallows the rest of the deck`);
          return;
        }
        re.lastIndex = close + 2;
      } else {
        report(m.index, `</${m[2]!.toLowerCase()}> would end the slide's page structure early`, 'remove this end tag: each slide is already its own <section>');
      }
    }
  });
}
