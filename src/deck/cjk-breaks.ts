import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { eastAsianWidthType } from 'get-east-asian-width';

/**
 * A line break inside a Japanese paragraph joins without a space: the rule of
 * markdown-it-cjk-breaks 2.0.0 (MIT), kept here because the package throws on ordinary input.
 * It turns a removed break into an empty text token and a later break in the same paragraph reads
 * that token's (missing) last character: `日本語\n![図](a.png)\n続き` threw "Expected a code point"
 * and took the whole compile down. Here empty text is skipped when looking for the neighbours.
 */

function isSurrogatePair(c1: number, c2: number): boolean {
  return c1 >= 0xd800 && c1 <= 0xdbff && c2 >= 0xdc00 && c2 <= 0xdfff;
}

function isHangul(c: string): boolean {
  return /[\u1100-\u11FF\u302E\u302F\u3131-\u318E\u3200-\u321E\u3260-\u327E\uA960-\uA97C\uAC00-\uD7A3\uD7B0-\uD7C6\uD7CB-\uD7FB\uFFA0-\uFFBE\uFFC2-\uFFC7\uFFCA-\uFFCF\uFFD2-\uFFD7\uFFDA-\uFFDC]/.test(c);
}

/** Fullwidth, wide or halfwidth (East Asian Width F, W, H). */
function isEastAsian(c: string): boolean {
  const cp = c.codePointAt(0);
  return cp !== undefined && /^[fwh]$/.test(eastAsianWidthType(cp)[0] ?? '');
}

function processInlines(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== 'softbreak') continue;
    let last = ' ';
    let next = ' ';
    for (let j = i - 1; j >= 0; j--) {
      const t = tokens[j]!;
      if (t.type !== 'text' || t.content === '') continue;
      const c1 = t.content.charCodeAt(t.content.length - 2);
      const c2 = t.content.charCodeAt(t.content.length - 1);
      last = t.content.slice(isSurrogatePair(c1, c2) ? -2 : -1);
      break;
    }
    for (let j = i + 1; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.type !== 'text' || t.content === '') continue;
      next = t.content.slice(0, isSurrogatePair(t.content.charCodeAt(0), t.content.charCodeAt(1)) ? 2 : 1);
      break;
    }
    const zwsp = last === '\u200b' || next === '\u200b';
    if (zwsp || (isEastAsian(last) && isEastAsian(next) && !isHangul(last) && !isHangul(next))) {
      tokens[i]!.type = 'text';
      tokens[i]!.content = '';
    }
  }
}

export function cjkBreaks(md: MarkdownIt): void {
  md.core.ruler.push('cjk_breaks', (state) => {
    for (let i = state.tokens.length - 1; i >= 0; i--) {
      const block = state.tokens[i]!;
      if (block.type === 'inline' && block.children) processInlines(block.children);
    }
  });
}
