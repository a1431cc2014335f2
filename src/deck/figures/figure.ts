import type { z } from 'zod';
import type { SourcePos } from '../model.ts';
import type { PhaseColors } from './svg.ts';
import type { FigureLang } from './words.ts';

/** What one ```figure block gives its figure: options, data access and error reporting. */
export interface FigureCall {
  /** Position of the fence (file:line of the Markdown), where option errors are reported. */
  pos: SourcePos;
  /** Unique id prefix for this figure in the page. */
  id: string;
  /** The deck's phases in lecture order, with their colors. */
  phases: PhaseColors[];
  /** deck.yaml's date as a fractional year (2025-11 → 2025.875, mid-month), if given. */
  asOf?: number;
  /** The same date as text for a legend, e.g. 「2025年11月」 (November 2025 in English). */
  asOfLabel?: string;
  /** The deck's language, for the figure's own words (figures/words.ts). */
  lang: FigureLang;
  /** Parses the block's options with `schema` (a strict object); reports problems at the fence. */
  options<S extends z.ZodType>(schema: S): z.infer<S> | undefined;
  /**
   * Reads a YAML file from the deck folder and validates it; problems are reported at their line
   * in that file (a missing file at the fence). Parsed once per compile, whatever the number of uses.
   */
  data<S extends z.ZodType>(file: string, schema: S, hints?: Record<string, string>): z.infer<S> | undefined;
  /** Reports a problem at the fence. */
  error(message: string, hint: string): void;
  /** Reports a warning at the fence (the figure is still drawn). */
  warn(message: string, hint: string): void;
}

/** A figure: returns its HTML, or '' when it reported errors. */
export type FigureRenderer = (call: FigureCall) => string;
