import type { Diagnostics } from './errors.ts';
import type { SourcePos } from './model.ts';

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
    if (name.startsWith('data-background') && /url\s*\(|image-set\s*\(|image\s*\(|@import|expression\s*\(/i.test(value)) {
      diags.error(pos, `slide attribute "${name}" must not load an image or URL`, 'use a color or a CSS gradient here; put images on the slide with ![description](file.png)');
      continue;
    }
    out[name] = name === 'class' && out.class ? `${out.class} ${value}` : value;
  }
  return out;
}
