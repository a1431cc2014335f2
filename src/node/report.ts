import path from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../deck/errors.ts';

/** Diagnostics with paths relative to the working directory, so terminals and editors can open them. */
export function printDiagnostics(diags: Diagnostic[], deckDir: string, out: NodeJS.WritableStream = process.stderr): void {
  for (const d of diags) {
    const file = path.relative(process.cwd(), path.join(deckDir, d.file)) || d.file;
    out.write(formatDiagnostic({ ...d, file }) + '\n');
  }
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  if (diags.length > 0) out.write(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
}
