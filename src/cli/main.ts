#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../node/user-error.ts';
import { CliError } from './report.ts';
import { PDF_OUTPUTS, type PdfOutput } from '../node/pdf/outputs.ts';
import { checkPaths, listenError, parsePort, UsageError } from '../node/args.ts';
import { isSiteWorker, runSiteWorker, type SiteBuild } from '../node/pdf/site-worker.ts';

const USAGE = `usage: lecture-deck <command> [--deck DIR] [--out DIR] [--port N] [--handout 1|2|3] [--only slides|handout|html]

commands:
  dev      dev server on http://localhost:5173 with hot update (npm start)
  build    static site in --out (default dist/)
  check    validate the deck; exit 1 when it has errors
  preview  serve the built site on http://localhost:4173
  pdf      slides.pdf, handout.pdf and standalone.html in --out (default dist/);
           --only slides|handout|html makes just that output (repeatable, or comma-separated);
           --handout 1|2|3 slides per A4 handout page (default 2)
           --answers inline puts quiz answers under each question (teacher's copy)
  classroom  live classroom: students follow the teacher's slide and answer quizzes
           [--host ADDR] (default 127.0.0.1; 0.0.0.0 = every network) [--port N] [--site BUILT_DIR]

--deck defaults to slides/`;

/** Set when Chromium was started for this command: it ends with the process (see main's end). */
let endProcess = false;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      deck: { type: 'string', default: 'slides' },
      out: { type: 'string', default: 'dist' },
      port: { type: 'string' },
      host: { type: 'string' },
      site: { type: 'string' },
      'no-qr': { type: 'boolean' },
      handout: { type: 'string', default: '2' },
      answers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      only: { type: 'string', multiple: true },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const deckDir = path.resolve(values.deck);
  const outDir = path.resolve(values.out);
  const port = parsePort(values.port);
  checkPaths(command, deckDir, outDir);
  switch (command) {
    case 'check': {
      const { checkDeck } = await import('../node/pipeline/check.ts');
      const deck = checkDeck(deckDir);
      process.stdout.write(`${path.relative(process.cwd(), deckDir) || '.'}: ${deck.slides.length} slides in ${deck.phases.length} phases, OK\n`);
      return;
    }
    case 'build': {
      const started = performance.now();
      const { buildSite } = await import('../node/pipeline/build.ts');
      const deck = await buildSite(deckDir, outDir);
      const ms = Math.round(performance.now() - started);
      process.stdout.write(`built ${deck.slides.length} slides into ${path.relative(process.cwd(), outDir) || '.'} in ${ms} ms\n`);
      return;
    }
    case 'dev': {
      const { startDev } = await import('./dev.ts');
      await startDev(deckDir, port).catch(listenError(port));
      return;
    }
    case 'preview': {
      const { startPreview } = await import('./dev.ts');
      await startPreview(outDir, port).catch(listenError(port));
      return;
    }
    case 'pdf': {
      if (values.answers !== undefined && values.answers !== 'inline' && values.answers !== 'key') {
        throw new CliError(`--answers must be "inline" (answers under each question) or "key" (an answer key at the end, the default), not "${values.answers}"`);
      }
      if (!['1', '2', '3'].includes(values.handout)) throw new CliError(`--handout ${values.handout}: use 1, 2 or 3 (slides per A4 page)`);
      const only = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
      const bad = only.find((v) => !(PDF_OUTPUTS as readonly string[]).includes(v));
      if (bad !== undefined) throw new CliError(`--only ${bad}: unknown output\n    hint: use --only with ${PDF_OUTPUTS.join(', ')} (repeat it for several)`);
      let build: SiteBuild | undefined;
      if (only.length === 0 || only.some((o) => o !== 'html')) {
        // Chromium boots while the exporter loads and the site builds; the process ends as soon
        // as the outputs are written, which ends Chromium (early-chromium.ts).
        (await import('../node/pdf/early-chromium.ts')).startChromium();
        endProcess = true;
        // The site builds in a worker thread (this same module, see the end of this file) while
        // this thread loads playwright-core and connects to Chromium (site-worker.ts).
        const { startSiteBuild } = await import('../node/pdf/site-worker.ts');
        try {
          build = startSiteBuild(new URL(import.meta.url), deckDir);
        } catch {
          // No worker thread to be had: the exporter builds the site itself, as before.
        }
      }
      const { exportPdf } = await import('./pdf.ts');
      try {
        await exportPdf(deckDir, outDir, values.answers, Number(values.handout) as 1 | 2 | 3, only as PdfOutput[], build?.parts);
      } finally {
        build?.stop();
      }
      return;
    }
    case 'classroom': {
      const { runClassroom } = await import('./classroom.ts');
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
        throw new CliError(`--port ${values.port} is not a port number\n    hint: give 1–65535, or 0 for any free port`);
      }
      await runClassroom({ deckDir, siteDir: values.site ? path.resolve(values.site) : undefined, host: values.host, port, qr: !values['no-qr'] });
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

// `npm run pdf`'s site worker (site-worker.ts) runs this module too: it builds the site, no command.
if (isSiteWorker()) void runSiteWorker();
else main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError) {
    process.stderr.write(`${e.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (e instanceof CliError || e instanceof UserError) {
    if (e.message) process.stderr.write(e.message + '\n');
  } else if (e instanceof Error && e.name === 'TypeError' && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${e.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  } else {
    process.stderr.write(`unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  process.exitCode = 1;
}).finally(() => {
  // Terminal output is written synchronously (a file, a pipe or a TTY on Linux): nothing is lost.
  if (endProcess) process.exit();
});
