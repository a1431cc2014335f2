import path from 'node:path';
import { exportPdfs, type PartialExportResult, type PdfOutput } from '../node/pdf/export.ts';
import { progressLine } from '../node/pdf/progress.ts';
import type { SiteParts } from '../node/pipeline/site-reader.ts';

const kib = (n: number): string => `${(n / 1024).toFixed(0)} KiB`;

/** `npm run pdf`: slides.pdf, handout.pdf and standalone.html (or `only` some); progress on a terminal only. */
export async function exportPdf(
  deckDir: string,
  outDir: string,
  answers?: 'key' | 'inline',
  handout: 1 | 2 | 3 = 2,
  only: PdfOutput[] = [],
  site?: Promise<SiteParts>,
): Promise<PartialExportResult> {
  const line = progressLine();
  let result: PartialExportResult;
  try {
    // Off a terminal nothing is shown: no progress callback, so the page does not call back per slide.
    result = await exportPdfs({ deckDir, outDir, progress: line.live ? line.update : undefined, answers, handout, only, site });
  } finally {
    line.end();
  }
  const rel = (p: string): string => {
    const r = path.relative(process.cwd(), p);
    return r && !r.startsWith('..') ? r : p;
  };
  const { files, pages, bytes, timings, handoutFit } = result;
  const out = process.stdout;
  if (files.slides && bytes.slides) out.write(`${rel(files.slides)}: ${pages.slides} pages, ${result.bookmarks} bookmarks, ${kib(bytes.slides)}\n`);
  if (files.handout && bytes.handout) out.write(`${rel(files.handout)}: ${pages.handout} pages, ${kib(bytes.handout)}\n`);
  if (files.standalone && bytes.standalone) out.write(`${rel(files.standalone)}: ${kib(bytes.standalone)}\n`);
  for (const i of handoutFit?.overflow ?? []) {
    const s = result.deck.slides[i];
    process.stderr.write(`warning: the notes of slide ${i + 1}${s ? ` (${s.source.file}:${s.source.line})` : ''} do not fit on the handout even on a page of their own and are cut off\n    hint: shorten them or split them into paragraphs\n`);
  }
  for (const i of result.slideOverflow ?? []) {
    const s = result.deck.slides[i];
    process.stderr.write(
      `${s ? `${rel(path.join(deckDir, s.source.file))}:${s.source.line}:1: ` : ''}warning: slide ${i + 1}${s ? ` "${s.title}"` : ''} does not fit its page in slides.pdf and is cut off\n    hint: shorten the slide or split it in two with a --- line\n`,
    );
  }
  if (result.offMachine.length > 0) {
    process.stderr.write(
      `warning: the deck tried to load ${result.offMachine.length} file(s) from the network, which the export refused: ${result.offMachine.slice(0, 3).join(', ')}\n    hint: copy them into the deck folder or assets/ so the deck works offline\n`,
    );
  }
  out.write(`done in ${(timings.total / 1000).toFixed(2)} s${files.slides ? ` (slides.pdf ${(timings.slides / 1000).toFixed(2)} s after the site was built)` : ''}\n`);
  return result;
}
