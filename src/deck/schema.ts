import { z } from 'zod';
import { isCssColor } from './color.ts';
import { colorSyntaxProblem } from './css-color.ts';

/**
 * Schemas for deck.yaml and section front matter. zod (rather than hand-written checks) gives
 * typed results and a path for every issue, which yaml-pos.ts turns into file:line:col.
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'phase id must be lower-case letters, digits and hyphens (e.g. cold-war)');

const color = z.string().superRefine((value, ctx) => {
  if (isCssColor(value)) return;
  const why = colorSyntaxProblem(value);
  ctx.addIssue({ code: 'custom', message: `not a valid CSS color${why ? ` (${why})` : ''}; use e.g. "#1f6feb", "teal" or "oklch(60% 0.15 250)"` });
});

export const phaseSchema = z.strictObject({
  id,
  label: z.string().min(1),
  color,
  minutes: z.number().positive(),
  /** Generate a divider slide in the phase's color where the phase begins. */
  divider: z.boolean().default(false),
  /** One line shown on the divider slide. */
  summary: z.string().optional(),
  /** Speaker notes of the divider slide (Markdown). */
  notes: z.string().optional(),
});

export const deckSchema = z.strictObject({
  title: z.string().min(1),
  subtitle: z.string().optional(),
  author: z.string().optional(),
  // A BCP 47 tag: it goes into <html lang>, which drives Japanese line breaking and font choice.
  lang: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/, 'lang must be a language tag such as ja, en or zh-Hant')
    .default('ja'),
  // YAML may read 2025-11-01 as a date: accept a string only, so what the author wrote is kept.
  date: z.union([z.string(), z.number()]).transform(String).optional(),
  asOf: z.string().optional(),
  duration: z.number().positive(),
  /** Generate a title slide from title/subtitle/asOf/author. */
  titleSlide: z.boolean().default(true),
  titleNotes: z.string().optional(),
  /** Raw HTML inside Markdown is escaped unless this is true. */
  allowHtml: z.boolean().default(false),
  /** Generate the glossary slide(s) from glossary.yaml at the end of the deck. */
  glossary: z.enum(['slide', 'none']).default('slide'),
  /** Furigana ({漢字|かんじ}) shown or hidden by default; viewers toggle it with Y. */
  furigana: z.enum(['show', 'hide']).default('show'),
  phases: z.array(phaseSchema).min(1, 'a deck needs at least one phase'),
  sections: z.array(z.string().regex(/\.md$/, 'section files end in .md')).min(1, 'list at least one section file'),
});

export const frontMatterSchema = z.strictObject({
  phase: z.string(),
  title: z.string().optional(),
});

export type DeckYaml = z.infer<typeof deckSchema>;
export type PhaseYaml = z.infer<typeof phaseSchema>;
