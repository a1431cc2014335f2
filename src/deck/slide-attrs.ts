import type { Diagnostics } from './errors.ts';
import type { SourcePos } from './model.ts';
import { isCssColor } from './color.ts';

const ATTR = /([^\s=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?/g;

/**
 * Parses the attributes of a reveal.js-style `<!-- .slide: class="center" data-transition="fade" -->`
 * line. Only allow-listed names pass, so no event handler or style can be injected.
 */
export function parseSlideAttrs(
  text: string,
  pos: SourcePos,
  diags: Diagnostics,
  allowed: (name: string) => boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTR)) {
    const name = m[1]!.toLowerCase();
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (!allowed(name)) {
      diags.error(pos, `slide attribute "${name}" is not allowed`, 'use class, id or reveal.js data-* options such as data-transition; event handlers and style are refused');
      continue;
    }
    // reveal.js copies data-background-* into inline styles: a url() there would load a remote
    // file in the dev server and exported HTML, where no CSP stops it.
    // Checked on the value as CSS reads it (escapes like u\72l( decoded, comments dropped): a
    // check on the raw text let a remote URL through.
    const css = name.startsWith('data-background') ? cssValue(value) : '';
    if (/url\s*\(|image-set\s*\(|image\s*\(|@import|expression\s*\(/i.test(css)) {
      diags.error(pos, `slide attribute "${name}" must not load an image or URL`, 'use a color or a CSS gradient here; put images on the slide with ![description](file.png)');
      continue;
    }
    if (name === 'data-background-color' && !isCssColor(value)) {
      diags.error(pos, `slide attribute data-background-color="${value}" is not a valid CSS color`, 'write e.g. data-background-color="#1f3b63", "teal" or "oklch(40% 0.1 250)"');
      continue;
    }
    if (/[;{}<>\\]/.test(css)) {
      diags.error(pos, `slide attribute "${name}" must be a single CSS value`, 'remove ; { } < > and backslashes: write one color or gradient, e.g. linear-gradient(#fff, #eee)');
      continue;
    }
    out[name] = name === 'class' && out.class ? `${out.class} ${value}` : value;
  }
  return out;
}

/** A CSS value as the CSS parser sees it: escapes decoded (\\72 → r, \\( → (), comments removed. */
export function cssValue(raw: string): string {
  let prev: string;
  let v = raw;
  // Repeated: decoding can reveal a comment and dropping a comment can join an escape.
  do {
    prev = v;
    v = v
      .replace(/\/\*[\s\S]*?(\*\/|$)/g, '')
      .replace(/\\([0-9a-fA-F]{1,6})\s?/g, (_m, hex: string) => {
        const code = parseInt(hex, 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
      })
      .replace(/\\([^0-9a-fA-F\n])/g, '$1');
  } while (v !== prev);
  return v;
}
