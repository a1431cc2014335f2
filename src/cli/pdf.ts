import { CliError } from './report.ts';

export async function exportPdf(_deckDir: string, _outDir: string): Promise<void> {
  throw new CliError('pdf export is not implemented yet');
}
