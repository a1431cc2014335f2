import MarkdownIt, { type PluginWithOptions } from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import attrs from 'markdown-it-attrs';
import cjkFriendly from 'markdown-it-cjk-friendly';
import type { Diagnostics } from './errors.ts';
import { safeDecodeUri } from './guard.ts';
import { cjkBreaks } from './cjk-breaks.ts';
import { htmlGuard } from './html-guard.ts';
import { layoutColumns } from './layouts.ts';
import { dependsOnOtherFiles } from './markdown/cache-env.ts';
import { inlineIssues } from './markdown/inline-issues.ts';
import { rubyPlugin } from './markdown/ruby.ts';
import { termsPlugin, type TermLookup } from './markdown/terms.ts';
import type { SourcePos } from './model.ts';
import { quizPlugin } from './quiz.ts';

/** Per-render context passed through markdown-it's `env`, so plugins can report and resolve. */
export interface RenderEnv {
  file: string;
  /** 1-based line in `file` where the rendered Markdown starts. */
  line: number;
  diags: Diagnostics;
  /** Resolve a relative asset URL; returns the URL to emit, or undefined when the file is missing. */
  resolveAsset: (url: string, pos?: SourcePos) => string | undefined;
  /** Render a ```figure block at `pos` (for its diagnostics); returns HTML or undefined when the figure is unknown. */
  renderFigure: (name: string, args: string, pos: SourcePos) => string | undefined;
  /** Text of the first heading, filled in while rendering. */
  title?: string;
  /** The deck's glossary.yaml terms, for `[[term]]` (undefined: the deck has none). */
  glossary?: TermLookup;
}

/**
 * Attributes an author may set with `{…}` or `<!-- .slide: … -->`. No `on*` handlers, no `style`
 * (blocked by the CSP anyway), no `href`/`src` (they bypass link validation).
 */
export const ALLOWED_ATTRIBUTES: RegExp[] = [
  /^id$/,
  /^class$/,
  /^(width|height|alt|title|lang)$/,
  /^data-(fragment-index|transition|transition-speed|auto-animate|auto-animate-id|background-color|background-gradient|visibility|state|timing|id|activity)$/,
];

export function isAllowedAttribute(name: string): boolean {
  return ALLOWED_ATTRIBUTES.some((re) => re.test(name));
}

/**
 * The markdown-it instance, composed from plugins the way Marp's marpit does:
 * CJK-friendly emphasis (`**「強調」**の`), CJK line joining (no stray space between Japanese lines),
 * allow-listed `{…}` attributes, asset-checked images and ```figure blocks.
 */
export function createMarkdown(allowHtml: boolean): MarkdownIt {
  // One instance per setting, reused by every compile: rendering keeps its state in `env`, and
  // building an instance (rules, linkify's regexes) costs more than rendering a small deck.
  let md = instances.get(allowHtml);
  if (!md) {
    md = buildMarkdown(allowHtml);
    instances.set(allowHtml, md);
  }
  return md;
}

const instances = new Map<boolean, MarkdownIt>();

function buildMarkdown(allowHtml: boolean): MarkdownIt {
  const md = new MarkdownIt({ html: allowHtml, linkify: false, typographer: false, breaks: false });
  md.use(cjkFriendly);
  md.use(cjkBreaks);
  // markdown-it-attrs walks every token against each of its patterns (about half of a deck's compile
  // time, issue 17), yet acts only on `{…}`: its core rule is skipped for text without a `{`.
  const before = md.core.ruler.before.bind(md.core.ruler);
  md.core.ruler.before = (beforeName, ruleName, fn, options) =>
    before(beforeName, ruleName, ruleName === 'curly_attributes' ? (state) => (state.src.includes('{') ? fn(state) : false) : fn, options);
  // markdown-it-attrs types its parameter with the CJS markdown-it types; the runtime object is the same.
  md.use(attrs as unknown as PluginWithOptions<{ allowedAttributes: RegExp[] }>, { allowedAttributes: ALLOWED_ATTRIBUTES });
  md.core.ruler.before = before;
  // Furigana {漢字|かんじ} and glossary uses [[term]] (src/deck/markdown/), reported at file:line:col.
  md.use(rubyPlugin);
  md.use(termsPlugin);
  md.use(inlineIssues);
  md.use(assetImages);
  md.use(figures);
  md.use(layoutColumns);
  md.use(quizPlugin);
  md.use(firstHeading);
  md.use(safeLinks);
  md.use(htmlGuard);
  return md;
}

function lineOf(env: RenderEnv, token: Token): number {
  return env.line + (token.map?.[0] ?? 0);
}

/** Images must exist in the deck folder or assets/; their URL is rewritten to the built file. */
function assetImages(md: MarkdownIt): void {
  md.core.ruler.push('deck_assets', (state) => {
    const env = state.env as RenderEnv;
    for (const block of state.tokens) {
      for (const tok of block.children ?? []) {
        if (tok.type !== 'image') continue;
        const src = tok.attrGet('src') ?? '';
        if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
          if (!src.startsWith('data:image/')) {
            env.diags.error(
              { file: env.file, line: lineOf(env, block), col: 1 },
              `image "${src}" is not a local file`,
              'the deck works offline: copy the image into the deck folder or assets/ and link it by relative path',
            );
          }
          continue;
        }
        if (safeDecodeUri(src) === undefined) {
          env.diags.error(
            { file: env.file, line: lineOf(env, block), col: 1 },
            `image "${src}" has an incomplete %-escape`,
            'write the file name as it is (e.g. 地図.png), or complete the escape (%20 is a space)',
          );
          continue;
        }
        dependsOnOtherFiles(env);
        const url = env.resolveAsset(src, { file: env.file, line: lineOf(env, block), col: 1 });
        if (url === undefined) {
          env.diags.error(
            { file: env.file, line: lineOf(env, block), col: 1 },
            `image "${src}" not found`,
            'put the file in the deck folder or in assets/ and check the spelling (paths are case-sensitive)',
          );
        } else tok.attrSet('src', url);
        if (!tok.content.trim()) {
          env.diags.warn({ file: env.file, line: lineOf(env, block), col: 1 }, `image "${src}" has no alt text`, 'describe the image: ![description](file.png)');
        }
        tok.attrSet('loading', 'lazy');
      }
    }
  });
}

/** ```figure name args``` blocks become build-time SVG figures. */
function figures(md: MarkdownIt): void {
  const fallback = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env: RenderEnv, self) => {
    const tok = tokens[idx]!;
    const [kind, name = '', ...rest] = tok.info.trim().split(/\s+/);
    if (kind !== 'figure') return fallback(tokens, idx, options, env, self);
    dependsOnOtherFiles(env);
    const html = env.renderFigure(name, [rest.join(' '), tok.content].join('\n').trim(), { file: env.file, line: lineOf(env, tok), col: 1 });
    if (html === undefined) {
      env.diags.error({ file: env.file, line: lineOf(env, tok), col: 1 }, `unknown figure "${name}"`, 'see README.md for the figures a deck can use');
      return '';
    }
    return html;
  };
}

/** Record the first heading's text as the slide title. */
function firstHeading(md: MarkdownIt): void {
  md.core.ruler.push('deck_title', (state) => {
    const env = state.env as RenderEnv;
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.type === 'heading_open' && env.title === undefined) {
        env.title = inlineText(tokens[i + 1]?.children ?? []);
      }
    }
  });
}

/** markdown-it already refuses javascript:/vbscript:/file: links; also keep other schemes to a safe list. */
function safeLinks(md: MarkdownIt): void {
  const validate = md.validateLink.bind(md);
  md.validateLink = (url: string) => {
    if (!validate(url)) return false;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase();
    return scheme === undefined || ['http', 'https', 'mailto', 'data'].includes(scheme);
  };
  const open = md.renderer.rules.link_open;
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = tokens[idx]!.attrGet('href') ?? '';
    if (/^https?:/i.test(href)) {
      tokens[idx]!.attrSet('target', '_blank');
      tokens[idx]!.attrSet('rel', 'noopener noreferrer');
    }
    return open ? open(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };
}

/** Plain text of inline tokens (what a reader sees, without markup). */
export function inlineText(children: Token[]): string {
  return children
    .map((t) => (t.type === 'text' || t.type === 'code_inline' ? t.content : t.type === 'softbreak' || t.type === 'hardbreak' ? ' ' : t.type === 'image' ? '' : ''))
    .join('')
    .trim();
}

/** Plain text of a whole Markdown document's tokens. */
export function tokensText(tokens: Token[]): string {
  const parts: string[] = [];
  for (const t of tokens) {
    if (t.type === 'inline') parts.push(inlineText(t.children ?? []));
    else if (t.type === 'fence' || t.type === 'code_block') parts.push(t.content);
  }
  return parts.filter(Boolean).join('\n');
}
