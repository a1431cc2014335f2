import type { Diagnostics } from './errors.ts';

/** A slide's Markdown as cut out of its section file, with the line where each part starts. */
export interface RawSlide {
  body: string;
  bodyLine: number;
  notes: string;
  notesLine: number;
  /** Attributes from a `<!-- .slide: … -->` line. */
  slideAttrs: string;
  /** 1-based line of the `<!-- .slide: … -->` comment (0 when there is none). */
  slideAttrsLine: number;
}

export interface SplitSection {
  frontMatter?: { text: string; line: number };
  slides: RawSlide[];
  /** Whether the splitter reported an error (an unclosed front matter or fence, an empty slide …). */
  reported: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const SEPARATOR = /^---\s*$/;
const NOTE = /^Notes?:[ \t]*(.*)$/;
const SLIDE_ATTRS = /^\s*<!--\s*\.slide:\s*(.*?)\s*-->\s*$/;
/**
 * HTML blocks that run until an end marker, as markdown-it (CommonMark) starts them: a comment, and
 * <script>/<pre>/<style>/<textarea>. Inside them --- and Note: are text, e.g. a commented-out slide.
 * One whose end marker never comes does not count: the slides still split, and html-guard.ts
 * reports the open block on its slide (with allowHtml; without, it is shown as text).
 */
const HTML_BLOCKS: Array<{ open: RegExp; close: RegExp }> = [
  { open: /^ {0,3}<!--/, close: /-->/ },
  { open: /^ {0,3}<(script|pre|style|textarea)(?=\s|>|$)/i, close: /<\/(script|pre|style|textarea)>/i },
];

/**
 * Splits a section file into front matter and slides. `---` alone on a line separates slides and
 * a `Note:` line starts the notes, except inside fenced code, where both are plain text.
 */
export function splitSection(text: string, file: string, diags: Diagnostics): SplitSection {
  const errorsBefore = diags.errors.length;
  const lines = text.split('\n');
  let start = 0;
  let frontMatter: SplitSection['frontMatter'];
  if (lines[0] !== undefined && SEPARATOR.test(lines[0])) {
    const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (end < 0) {
      diags.error({ file, line: 1, col: 1 }, 'front matter is not closed', 'end the front matter with a line holding only ---');
      return { slides: [], reported: true };
    }
    frontMatter = { text: lines.slice(1, end).join('\n'), line: 2 };
    start = end + 1;
  }

  const slides: RawSlide[] = [];
  let body: string[] = [];
  let notes: string[] | undefined;
  let bodyLine = start + 1;
  let notesLine = 0;
  let slideAttrs = '';
  let slideAttrsLine = 0;
  let fence: { marker: string; line: number } | undefined;
  let html: RegExp | undefined;
  // Per kind of block, the last line holding its end marker: a block opened after it never closes.
  const lastClose = HTML_BLOCKS.map((b) => lines.findLastIndex((l) => b.close.test(l)));

  const flush = (endLine: number): void => {
    const bodyText = body.join('\n').trim();
    const notesText = (notes ?? []).join('\n').trim();
    if (bodyText === '' && notesText === '' && slideAttrs === '') {
      // An empty slot: tolerated at the very start/end (e.g. a trailing ---), an error elsewhere.
      if (slides.length > 0 && endLine <= lines.length) {
        diags.error({ file, line: bodyLine, col: 1 }, 'empty slide between two --- lines', 'remove one of the --- lines or write the slide');
      }
    } else if (bodyText === '' && notesText === '') {
      diags.error(
        { file, line: bodyLine, col: 1 },
        'slide has only a <!-- .slide: … --> line and no content',
        'write the slide content below the <!-- .slide: … --> line, or remove the line',
      );
    } else if (bodyText === '') {
      diags.error(
        { file, line: notes ? notesLine : bodyLine, col: 1 },
        'slide has speaker notes but no content',
        'write the slide content above the Note: line, or move these notes to the previous slide',
      );
    } else {
      slides.push({ body: body.join('\n'), bodyLine, notes: (notes ?? []).join('\n'), notesLine, slideAttrs, slideAttrsLine });
    }
    body = [];
    notes = undefined;
    notesLine = 0;
    slideAttrs = '';
    slideAttrsLine = 0;
  };

  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    const m = FENCE.exec(line);
    if (html) {
      if (html.test(line)) html = undefined;
    } else if (fence) {
      if (m && m[1]![0] === fence.marker[0] && m[1]!.length >= fence.marker.length && line.trim() === m[1]) fence = undefined;
    } else if (m) {
      fence = { marker: m[1]!, line: lineNo };
    } else if ((html = openHtmlBlock(line, lastClose.map((c) => c > i)))) {
      // Inside an HTML block until its end marker.
    } else if (SEPARATOR.test(line)) {
      flush(lineNo);
      bodyLine = lineNo + 1;
      continue;
    } else if (notes === undefined && NOTE.test(line)) {
      notes = [NOTE.exec(line)![1]!];
      notesLine = lineNo;
      continue;
    } else if (notes === undefined && SLIDE_ATTRS.test(line)) {
      slideAttrs = SLIDE_ATTRS.exec(line)![1]!;
      slideAttrsLine = lineNo;
      continue;
    }
    (notes ?? body).push(line);
  }
  if (fence) {
    diags.error(
      { file, line: fence.line, col: 1 },
      `code fence ${fence.marker} is never closed`,
      `close it with a line holding only ${fence.marker}`,
    );
  }
  flush(lines.length + 1);
  return { frontMatter, slides, reported: diags.errors.length > errorsBefore };
}

/**
 * The end marker of the HTML block `line` opens and leaves open: not one closed on its own line
 * (like <!-- .slide: … -->), nor one that no later line closes (`closedLater`, per kind).
 */
function openHtmlBlock(line: string, closedLater: boolean[]): RegExp | undefined {
  for (const [k, b] of HTML_BLOCKS.entries()) {
    const opened = b.open.exec(line);
    if (!opened) continue;
    return b.close.test(line.slice(opened[0].length)) || !closedLater[k] ? undefined : b.close;
  }
  return undefined;
}
