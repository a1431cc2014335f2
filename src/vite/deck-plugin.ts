import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { compile, type CachedRender } from '../deck/compile.ts';
import { formatDiagnostic, type Diagnostic } from '../deck/errors.ts';
import { escapeHtml } from '../deck/html.ts';
import type { DeckFolder } from '../deck/folder.ts';
import { toClientDeck, type AssetRef, type Deck } from '../deck/model.ts';
import { jsonForHtml, renderPhaseCss, renderSlides } from '../deck/render.ts';
import { CSP } from '../shared/csp.ts';
import { DECK_UPDATE_EVENT, type DeckUpdate } from '../shared/hmr.ts';

export const PHASE_CSS_ID = 'virtual:deck-phases.css';
const RESOLVED_PHASE_CSS = '\0' + PHASE_CSS_ID;
const ASSET_PREFIX = '/@deck-asset/';

export interface DeckPluginOptions {
  /** The deck to compile, watch and serve (node's deckFolder()). */
  folder: DeckFolder;
  /** Called with each compile result (the CLI and font subsetting read the model from here). */
  onDeck?: (deck: Deck) => void;
  /**
   * A deck the caller already compiled with `buildAssetUrl` (the CLI validates before building):
   * the build uses it instead of compiling the folder a second time.
   */
  compiled?: Deck;
}

/** Asset URLs in a build are placeholders until rollup names the emitted files (generateBundle). */
export function buildAssetUrl(ref: AssetRef): string {
  return `__DECK_ASSET__${ref.resolved}__`;
}

/**
 * Compiles the deck folder and pre-renders it into index.html, so the slides are in the HTML.
 * In dev it recompiles on save and pushes the new slides over HMR, or the errors to the overlay.
 */
export function deckPlugin(opts: DeckPluginOptions): Plugin {
  const { folder } = opts;
  const deckDir = folder.dir;
  let mode: 'serve' | 'build' = 'serve';
  let deck: Deck | undefined;
  let diagnostics: Diagnostic[] = [];
  const emitted = new Map<string, string>(); // resolved asset → rollup reference id

  const assetUrl = (ref: AssetRef): string => (mode === 'serve' ? ASSET_PREFIX + ref.resolved : buildAssetUrl(ref));

  // Kept across the dev server's recompiles: a save usually changes one slide.
  const renderCache = new Map<string, CachedRender>();
  const recompile = (): void => {
    const r = compile(folder.source(), { assetUrl, renderCache });
    diagnostics = r.diagnostics;
    deck = r.deck;
    if (deck) opts.onDeck?.(deck);
  };

  const errorPage = (): string =>
    `<section data-phase="error" class="deck-errors"><h2>The deck has errors</h2><pre>${escapeHtml(
      diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'),
    )}</pre></section>`;

  const sendErrors = (server: ViteDevServer): void => {
    const first = diagnostics.find((d) => d.severity === 'error');
    if (!first) return;
    server.ws.send({
      type: 'error',
      err: {
        message: diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'),
        stack: '',
        plugin: 'lecture-deck',
        id: path.join(deckDir, first.file),
        loc: { file: path.join(deckDir, first.file), line: first.line, column: first.col },
      },
    });
  };

  return {
    name: 'lecture-deck',
    enforce: 'pre',
    configResolved(config) {
      mode = config.command;
    },
    buildStart() {
      if (mode === 'build' && opts.compiled) {
        deck = opts.compiled;
        opts.onDeck?.(deck);
      } else recompile();
      if (mode === 'build') {
        if (!deck) this.error(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
        for (const ref of deck.assets) {
          this.addWatchFile(folder.assetFile(ref.resolved));
          emitted.set(
            ref.resolved,
            this.emitFile({ type: 'asset', name: path.basename(ref.resolved), source: readFileSync(folder.assetFile(ref.resolved)) }),
          );
        }
      }
    },
    resolveId(id) {
      return id === PHASE_CSS_ID ? RESOLVED_PHASE_CSS : undefined;
    },
    load(id) {
      if (id !== RESOLVED_PHASE_CSS) return undefined;
      return deck ? renderPhaseCss(deck) : '';
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!deck && diagnostics.length === 0) recompile();
        const head = [
          mode === 'build' ? `<meta http-equiv="Content-Security-Policy" content="${CSP}">` : '',
          deck?.meta.author ? `<meta name="author" content="${escapeHtml(deck.meta.author)}">` : '',
          deck?.meta.subtitle ? `<meta name="description" content="${escapeHtml(deck.meta.subtitle)}">` : '',
        ].join('');
        const title = deck ? escapeHtml(deck.meta.title) : 'Deck error';
        // Function replacers: a string replacement would expand $& $' $` in deck text (bash's
        // $'…' quoting in a code slide duplicated the whole page).
        const slides = deck ? renderSlides(deck) : errorPage();
        const data = deck ? `<script type="application/json" id="deck-data">${jsonForHtml(toClientDeck(deck))}</script>` : '';
        return html
          .replace('<html lang="ja">', () => `<html lang="${escapeHtml(deck?.meta.lang ?? 'en')}">`)
          .replace(/<title>[^<]*<\/title>/, () => `<title>${title}</title>`)
          .replace('<!--deck:head-->', () => head)
          .replace('<!--deck:slides-->', () => slides)
          .replace('<!--deck:data-->', () => data);
      },
    },
    generateBundle: {
      // 'post': vite's HTML plugin adds index.html to the bundle in its own generateBundle, which
      // runs after this 'pre' plugin's; without it the placeholders stayed in the page.
      order: 'post',
      handler(_options, bundle) {
        // Asset URLs are known only now: swap the placeholders for the emitted files (relative, so
        // the site works from any sub-path).
        for (const file of Object.values(bundle)) {
          if (file.type !== 'asset' || !file.fileName.endsWith('.html')) continue;
          let source = String(file.source);
          for (const [resolved, ref] of emitted) source = source.split(`__DECK_ASSET__${resolved}__`).join('./' + this.getFileName(ref));
          file.source = source;
        }
      },
    },
    configureServer(server) {
      server.watcher.add([deckDir, folder.assetsDir]);
      server.middlewares.use(ASSET_PREFIX, (req, res, next) => {
        const rel = decodeURIComponent((req.url ?? '').split('?')[0]!.replace(/^\//, ''));
        const known = deck?.assets.some((a) => a.resolved === rel);
        if (!known) return next();
        res.end(readFileSync(folder.assetFile(rel)));
      });
      // What the deck folder looked like at the last compile (names, sizes, modification times).
      const signature = (): string => {
        try {
          return readdirSync(deckDir)
            .map((f) => {
              const st = statSync(path.join(deckDir, f));
              return `${f}:${st.size}:${st.mtimeMs}`;
            })
            .join('|');
        } catch {
          return '';
        }
      };
      let compiled = '';
      let verify: ReturnType<typeof setTimeout> | undefined;
      const update = (): void => {
        compiled = signature();
        recompile();
        if (!deck) return sendErrors(server);
        const css = server.moduleGraph.getModuleById(RESOLVED_PHASE_CSS);
        if (css) void server.reloadModule(css);
        const payload: DeckUpdate = { slides: renderSlides(deck), data: jsonForHtml(toClientDeck(deck)) };
        server.ws.send({ type: 'custom', event: DECK_UPDATE_EVENT, data: payload });
      };
      const onChange = (file: string): void => {
        if (!file.startsWith(deckDir + path.sep) && !file.startsWith(folder.assetsDir + path.sep)) return;
        update();
        // chokidar drops a second change of one file within 50 ms of the first (an editor that
        // saves, then formats and saves again): look once more after that window.
        clearTimeout(verify);
        verify = setTimeout(() => {
          if (signature() !== compiled) update();
        }, 80);
      };
      server.httpServer?.on('close', () => clearTimeout(verify));
      server.watcher.on('change', onChange);
      server.watcher.on('add', onChange);
      server.watcher.on('unlink', onChange);
      server.ws.on('connection', () => {
        if (!deck) sendErrors(server);
      });
    },
    handleHotUpdate(ctx) {
      // Deck files are applied by deck:update, never by a full reload that would lose the slide.
      if (ctx.file.startsWith(deckDir + path.sep)) return [];
      return undefined;
    },
  };
}
