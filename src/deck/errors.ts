import type { SourcePos } from './model.ts';

export type Severity = 'error' | 'warning';

/** One problem in a deck: where it is, what is wrong and how to fix it. */
export interface Diagnostic extends SourcePos {
  severity: Severity;
  message: string;
  hint?: string;
}

/** Collects every problem of a run instead of stopping at the first one. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  error(pos: SourcePos, message: string, hint?: string): void {
    this.items.push({ ...pos, severity: 'error', message, hint });
  }

  warn(pos: SourcePos, message: string, hint?: string): void {
    this.items.push({ ...pos, severity: 'warning', message, hint });
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

/** `path:line:col: error: message` plus an indented hint: the format editors and CI recognise. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
  return d.hint ? `${head}\n    hint: ${d.hint}` : head;
}

/** Thrown by compileDeck when the deck has errors; carries all of them. */
export class DeckError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DeckError';
    this.diagnostics = diagnostics;
  }
}
