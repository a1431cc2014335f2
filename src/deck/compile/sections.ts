import { decodeText } from '../decode.ts';
import type { Diagnostics } from '../errors.ts';
import { renderGeneratedSlide } from '../generated.ts';
import { checkLayout } from '../layouts.ts';
import { isAllowedAttribute } from '../markdown.ts';
import type { SourcePos } from '../model.ts';
import { frontMatterSchema, type DeckYaml } from '../schema.ts';
import { parseSlideAttrs } from '../slide-attrs.ts';
import type { SafeSource } from '../safe-source.ts';
import { splitSection } from '../split.ts';
import { parseYamlDocument, type ParsedYaml } from '../yaml.ts';
import { checkSlideQuiz } from '../activity.ts';
import type { Draft } from './draft.ts';
import type { Rendered } from './render.ts';

/** What reading the sections found, besides the slides: for the phase checks that follow. */
export interface SectionsRead {
  drafts: Draft[];
  /** Section files listed in deck.yaml. */
  listed: Set<string>;
  /** Phases that got slides. */
  seenPhases: Set<string>;
  /** Phases some section names (even one without slides). */
  claimed: Set<string>;
  /**
   * A section could not be read far enough to know its phase: then "phase X has no sections"
   * would only repeat that error in a misleading way.
   */
  unreadable: boolean;
}

export interface SectionsInput {
  source: SafeSource;
  config: ParsedYaml<DeckYaml>;
  diags: Diagnostics;
  render: (markdown: string, pos: SourcePos) => Rendered;
  /** Where deck.yaml itself is reported (the title slide's source). */
  top: SourcePos;
}

/** deck.yaml's sections, in order → slide drafts, with the generated title and divider slides. */
export function readSections({ source, config: parsed, diags, render, top }: SectionsInput): SectionsRead {
  const config = parsed.value;
  const phaseIds = config.phases.map((p) => p.id);
  const read: SectionsRead = { drafts: [], listed: new Set(), seenPhases: new Set(), claimed: new Set(), unreadable: false };
  const { drafts } = read;

  const addGenerated = (kind: Draft['kind'], phase: string, pos: SourcePos, title: string, html: string, notes?: string): void => {
    const n = notes ? render(notes, pos) : { html: '', text: '' };
    // Dividers are full-bleed in their phase color: reveal.js paints data-background-color over the whole viewport.
    const attrs: Record<string, string> = kind === 'divider' ? { 'data-background-color': config.phases.find((p) => p.id === phase)!.color } : {};
    drafts.push({ phase, kind, title, html, notesHtml: n.html, notesText: n.text, attrs, source: pos });
  };

  config.sections.forEach((file, i) => {
    const pos = parsed.pos(['sections', i]);
    if (read.listed.has(file)) diags.error(pos, `section "${file}" is listed twice`, 'list each section file once');
    read.listed.add(file);
    const raw = source.read(file);
    if (!raw) {
      // A file that exists but cannot be read was reported at the file itself (safeSource).
      if (source.failed(file)) read.unreadable = true;
      else diags.error(pos, `section file "${file}" not found`, 'create the file or fix its name in the sections list (names are case-sensitive)');
      return;
    }
    const body = decodeText(raw, file, diags);
    if (body === undefined) {
      read.unreadable = true;
      return;
    }
    const split = splitSection(body, file, diags);
    if (!split.frontMatter) {
      // An unclosed front matter (or another problem of the file) was reported by splitSection already.
      if (!split.reported) {
        diags.error({ file, line: 1, col: 1 }, 'section has no front matter', 'start the file with ---, a line "phase: <phase id>", and ---');
      }
      read.unreadable = true;
      return;
    }
    const fm = parseYamlDocument(split.frontMatter.text, frontMatterSchema, file, diags, split.frontMatter.line - 1, {
      phase: `write "phase: <id>" with one of the phase ids in deck.yaml: ${phaseIds.join(', ')}`,
    });
    if (!fm) {
      read.unreadable = true;
      return;
    }
    const phase = config.phases.find((p) => p.id === fm.value.phase);
    if (!phase) {
      diags.error(fm.keyPos(['phase']), `unknown phase "${fm.value.phase}"`, `use one of the phase ids in deck.yaml: ${phaseIds.join(', ')}`);
      return;
    }
    read.claimed.add(phase.id);
    if (split.slides.length === 0) {
      // Point at the front matter's closing ---: the slides belong right after it.
      const end = split.frontMatter.line + split.frontMatter.text.split('\n').length;
      if (!split.reported) {
        diags.error({ file, line: end, col: 1 }, 'section has no slides', 'write at least one slide after the front matter, or remove the file from deck.yaml');
      }
      return;
    }
    if (drafts.length === 0 && config.titleSlide) {
      const t = renderGeneratedSlide({ kind: 'title', meta: config, phase });
      addGenerated('title', phase.id, top, config.title, t, config.titleNotes);
    }
    if (!read.seenPhases.has(phase.id)) {
      read.seenPhases.add(phase.id);
      if (phase.divider) {
        const at = parsed.pos(['phases', config.phases.indexOf(phase)]);
        addGenerated('divider', phase.id, at, phase.label, renderGeneratedSlide({ kind: 'divider', meta: config, phase }), phase.notes);
      }
    }
    for (const s of split.slides) {
      const pos: SourcePos = { file, line: s.bodyLine, col: 1 };
      const b = render(s.body, pos);
      const n = s.notes.trim() ? render(s.notes, { file, line: s.notesLine, col: 1 }) : { html: '', text: '' };
      const attrs = parseSlideAttrs(s.slideAttrs, pos, diags, isAllowedAttribute);
      drafts.push({
        ...checkSlideQuiz(b.quiz, attrs, { file, line: s.slideAttrsLine || s.bodyLine, col: 1 }, s.slideAttrs, diags),
        phase: phase.id,
        kind: 'content',
        title: b.title ?? firstLine(b.text) ?? fm.value.title ?? file,
        html: b.html,
        notesHtml: n.html,
        notesText: n.text,
        attrs,
        source: pos,
      });
      checkLayout(drafts.at(-1)!.attrs.class, b.html, (message, hint) => diags.warn(pos, message, hint));
    }
  });
  return read;
}

function firstLine(s: string): string | undefined {
  return s.split('\n').find((l) => l.trim())?.trim();
}
