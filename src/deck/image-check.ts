import type { DeckSource } from './source.ts';
import type { Diagnostics } from './errors.ts';
import type { SourcePos } from './model.ts';

/**
 * Image files are published beside the site and can be opened directly from its origin, where the
 * page's CSP does not apply: an SVG with script, or an HTML file used as an "image", would run
 * there. So only image types are accepted, and an SVG must be a plain drawing.
 */

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'svg'];

export function imageExtension(file: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';
}

/** XML character references decoded, so `&#106;avascript:` is seen as `javascript:`. */
function decodeReferences(text: string): string {
  return text.replace(/&#(x[0-9a-f]+|\d+);?/gi, (_m, n: string) => {
    const code = n[0] === 'x' || n[0] === 'X' ? parseInt(n.slice(1), 16) : parseInt(n, 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/**
 * What makes an SVG active, or lets it load something: the first found, as a short description,
 * or undefined for a plain drawing. Conservative: anything looking like these is refused.
 */
const NOT_LOCAL = '(?!#|data:image/(?:png|jpe?g|gif|webp);)';

export function svgProblem(text: string): string | undefined {
  const t = decodeReferences(text).replace(/\u0000/g, '');
  const checks: Array<[RegExp, string]> = [
    [/<(?:[\w.-]+:)?script\b/i, 'a <script> element'],
    [/(?:^|[\s:"'/])on[a-z]+\s*=/im, 'an event handler attribute (on…=)'],
    [/<(?:[\w.-]+:)?(?:foreignObject|iframe|embed|object|handler|listener)\b/i, 'embedded HTML or objects (<foreignObject>, <iframe>, …)'],
    [/javascript\s*:|vbscript\s*:|data\s*:\s*text\/html/i, 'a javascript: or HTML link'],
    [/<!ENTITY|<!DOCTYPE[^>]*\[/i, 'XML entity declarations'],
    [/<\?xml-stylesheet|@import/i, 'an external stylesheet'],
    [/<(?:[\w.-]+:)?(?:set|animate)\b[^>]*attributeName\s*=\s*["']?\s*(?:[\w.-]+:)?(?:href|on)/i, 'an animation that changes a link or handler'],
    // Only same-document references (#id) and embedded raster images may be referred to.
    [new RegExp(`(?:^|[\\s:"'])href\\s*=\\s*(?:"\\s*${NOT_LOCAL}|'\\s*${NOT_LOCAL}|(?!["'\\s])${NOT_LOCAL})`, 'im'), 'a link to another file or site (href)'],
    [new RegExp(`url\\s*\\(\\s*(?:"\\s*${NOT_LOCAL}|'\\s*${NOT_LOCAL}|(?!["'\\s])${NOT_LOCAL})`, 'i'), 'a url() reference to another file or site'],
  ];
  for (const [re, what] of checks) if (re.test(t)) return what;
  return undefined;
}

/** Reports an image that is not a plain image file at `pos` (where the Markdown naming it starts). */
export function checkImage(source: DeckSource, file: string, where: 'deck' | 'assets', pos: SourcePos, diags: Diagnostics): void {
  const ext = imageExtension(file);
  if (!IMAGE_EXTENSIONS.includes(ext)) {
    diags.error(pos, `"${file}" is not an image file (.${ext || '?'})`, `use a ${IMAGE_EXTENSIONS.join(', ')} file; other files would be published as they are`);
    return;
  }
  if (ext !== 'svg') return;
  const bytes = source.readAsset ? source.readAsset(file, where) : where === 'deck' ? source.read(file) : undefined;
  if (!bytes) return;
  const problem = svgProblem(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  if (problem) {
    diags.error(
      pos,
      `SVG image "${file}" contains ${problem}, which could run or load something when the file is opened`,
      'save it as a plain drawing (Inkscape: "Plain SVG"; Illustrator: no scripts, fonts embedded as outlines, images embedded) or convert it to PNG',
    );
  }
}
