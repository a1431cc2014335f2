// Over 250 lines: vite's hooks for one plugin (dev recompile + HMR, build placeholders, index.html) share its compile state.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { compile, type CachedRender } from '../deck/compile.ts';
import { Diagnostics, formatDiagnostic, type Diagnostic } from '../deck/errors.ts';
import { internalError } from '../deck/guard.ts';
import { ASSET_CSP, devCsp, mimeType, newNonce } from './csp.ts';
import { escapeHtml } from '../deck/html.ts';
import type { DeckFolder } from '../deck/folder.ts';
import { toClientDeck, type AssetRef, type Deck } from '../deck/model.ts';
import { jsonForHtml, renderPhaseCss, renderSection, renderSlides } from '../deck/render.ts';
import { CSP } from '../shared/csp.ts';
import { DECK_UPDATE_EVENT, DECK_VERSION_META, type DeckUpdate } from '../shared/hmr.ts';
import { preBootClasses, presentFirst } from './first-paint.ts';

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

/**
 * Asset URLs in a build are placeholders until rollup names the emitted files (generateBundle).
 * The path is hex-encoded: markdown-it escapes `&` in `Q&A.png` to `&amp;`, and a raw path in the
 * placeholder then never matched, leaving broken `__DECK_ASSET__…` URLs in every output.
 */
export function buildAssetUrl(ref: AssetRef): string {
  return assetPlaceholder(ref.resolved);
}

export function assetPlaceholder(resolved: string): string {
  return `__DECK_ASSET__${Buffer.from(resolved, 'utf8').toString('hex')}__`;
}

/**
 * index.html with the deck in it: CSP and meta tags, title, lang, the pre-rendered slides (the
 * first one shown before any script runs) and the deck-data JSON. Used by this plugin (dev server,
 * standalone.html) and by the Node site assembly (src/node/pipeline/site.ts) alike.
 */
export function fillIndexHtml(html: string, deck: Deck | undefined, opts: { csp: string; errorPage?: () => string }): string {
  const head = [
    `<meta http-equiv="Content-Security-Policy" content="${opts.csp}">`,
    deck?.meta.author ? `<meta name="author" content="${escapeHtml(deck.meta.author)}">` : '',
    deck?.meta.subtitle ? `<meta name="description" content="${escapeHtml(deck.meta.subtitle)}">` : '',
  ].join('');
  const title = deck ? escapeHtml(deck.meta.title) : 'Deck error';
  // Function replacers: a string replacement would expand $& $' $` in deck text (bash's
  // $'…' quoting in a code slide duplicated the whole page).
  const slides = deck ? presentFirst(renderSlides(deck)) : (opts.errorPage?.() ?? '');
  const data = deck ? `<script type="application/json" id="deck-data">${jsonForHtml(toClientDeck(deck))}</script>` : '';
  return preBootClasses(html)
    .replace('<html class="reveal-full-page" lang="ja">', () => `<html class="reveal-full-page" lang="${escapeHtml(deck?.meta.lang ?? 'en')}">`)
    .replace('<html lang="ja">', () => `<html lang="${escapeHtml(deck?.meta.lang ?? 'en')}">`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${title}</title>`)
    .replace('<!--deck:head-->', () => head)
    .replace('<!--deck:slides-->', () => slides)
    .replace('<!--deck:data-->', () => data);
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
  const devNonce = newNonce();

  const assetUrl = (ref: AssetRef): string => (mode === 'serve' ? ASSET_PREFIX + ref.resolved : buildAssetUrl(ref));

  // The phase CSS module as last served (load), to reload it only when it changes.
  let servedCss: string | undefined;
  // Kept across the dev server's recompiles: a save usually changes one slide.
  const renderCache = new Map<string, CachedRender>();
  // The deck version the pages have (DeckUpdate.version) and its slides' markup, to tell a page
  // which slides an update changed (its first update has nothing of its own to compare with).
  let version = 0;
  let versionSlides: string[] | undefined;
  const recompile = (): void => {
    try {
      const r = compile(folder.source(), { assetUrl, renderCache });
      diagnostics = r.diagnostics;
      deck = r.deck;
      if (deck) opts.onDeck?.(deck);
    } catch (e) {
      // compile() reports bad input as diagnostics; only a bug gets here. The dev server must
      // survive it too: show it in the overlay, and the next save compiles again.
      const d = new Diagnostics();
      internalError(d, e);
      diagnostics = d.items;
      deck = undefined;
    }
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
    config(_config, env) {
      // The dev server gets the build's CSP too (deckCsp), with a per-server nonce that vite puts
      // on the scripts and styles it injects: what the built site blocks is blocked while editing.
      if (env.command === 'serve') return { html: { cspNonce: devNonce } };
      return undefined;
    },
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
            // Characters that mean something in HTML or a URL are kept out of the published name.
            this.emitFile({ type: 'asset', name: path.basename(ref.resolved).replace(/[&<>"'#?%\\\s]/g, '_'), source: readFileSync(folder.assetFile(ref.resolved)) }),
          );
        }
      }
    },
    resolveId(id) {
      return id === PHASE_CSS_ID ? RESOLVED_PHASE_CSS : undefined;
    },
    load(id) {
      if (id !== RESOLVED_PHASE_CSS) return undefined;
      servedCss = deck ? renderPhaseCss(deck) : '';
      return servedCss;
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!deck && diagnostics.length === 0) recompile();
        const page = fillIndexHtml(html, deck, { csp: mode === 'build' ? CSP : devCsp(CSP, devNonce), errorPage });
        if (mode === 'build' || !deck) return page;
        // The served slides are the current version's (a recompile is always followed by an update).
        versionSlides ??= deck.slides.map(renderSection);
        return page.replace('</head>', () => `<meta name="${DECK_VERSION_META}" content="${version}"></head>`);
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
          for (const [resolved, ref] of emitted) source = source.split(assetPlaceholder(resolved)).join('./' + this.getFileName(ref));
          file.source = source;
        }
      },
    },
    configureServer(server) {
      server.watcher.add([deckDir, folder.assetsDir]);
      // vite serves the project's files as they are and follows symlinks: a `slides/leak.png →
      // /etc/passwd` link was readable at /slides/leak.png. Files of the deck and assets folders
      // are served only when their real path stays inside those folders.
      server.middlewares.use((req, res, next) => {
        if (linksOutside(server.config.root, req.url, [deckDir, folder.assetsDir])) {
          res.statusCode = 403;
          res.end('refused: this file is a link to outside the deck folder');
          return;
        }
        next();
      });
      server.middlewares.use(ASSET_PREFIX, (req, res, next) => {
        let rel: string;
        try {
          rel = decodeURIComponent((req.url ?? '').split('?')[0]!.replace(/^\//, ''));
        } catch {
          return next();
        }
        const known = deck?.assets.some((a) => a.resolved === rel);
        if (!known) return next();
        let body: Buffer;
        try {
          body = readFileSync(folder.assetFile(rel));
        } catch {
          // Deleted or made unreadable since the last compile: the next compile reports it.
          return next();
        }
        // A Content-Type (SVGs did not show without one) and, as for the built site, no script in
        // an image opened on its own.
        res.setHeader('Content-Type', mimeType(rel));
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Content-Security-Policy', ASSET_CSP);
        res.end(body);
      });
      // What the deck folder looked like at the last compile (names, sizes, modification times).
      const signature = (): string => {
        try {
          return readdirSync(deckDir)
            .map((f) => {
              try {
                const st = statSync(path.join(deckDir, f));
                return `${f}:${st.size}:${st.mtimeMs}`;
              } catch {
                // A dangling link (an editor's lock file) has no size: its name is its signature.
                return f;
              }
            })
            .join('|');
        } catch {
          return '';
        }
      };
      let compiled = '';
      let verify: ReturnType<typeof setTimeout> | undefined;
      const update = (): void => {
        // Runs in chokidar's event handler: anything thrown here would end the dev server.
        try {
          compiled = signature();
          recompile();
          if (!deck) return sendErrors(server);
          // Phase colors change only with deck.yaml: reloading the style module on every save made
          // the page fetch it and restyle everything for nothing.
          const css = server.moduleGraph.getModuleById(RESOLVED_PHASE_CSS);
          if (css && renderPhaseCss(deck) !== servedCss) server.reloadModule(css).catch(() => undefined);
          const slides = deck.slides.map(renderSection);
          const before = versionSlides;
          const changed = before?.length === slides.length ? slides.flatMap((html, i) => (html === before[i] ? [] : [i])) : undefined;
          const payload: DeckUpdate = { slides, data: jsonForHtml(toClientDeck(deck)), version: version + 1, base: version, ...(changed ? { changed } : {}) };
          version += 1;
          versionSlides = slides;
          server.ws.send({ type: 'custom', event: DECK_UPDATE_EVENT, data: payload });
        } catch (e) {
          const d = new Diagnostics();
          internalError(d, e);
          diagnostics = d.items;
          deck = undefined;
          sendErrors(server);
        }
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
      // A folder the watcher may not read (EACCES) or a vanished one: say so, never end the server.
      server.watcher.on('error', (e: unknown) => server.config.logger.warn(`lecture-deck: cannot watch a file: ${e instanceof Error ? e.message : String(e)}`));
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

/** Whether a dev-server request names a file of `dirs` whose real path (links resolved) leaves them. */
export function linksOutside(root: string, url: string | undefined, dirs: string[]): boolean {
  const target = requestedPath(root, url);
  return target !== undefined && dirs.some((d) => inside(target, d)) && !realInside(target, dirs);
}

function inside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir + path.sep);
}

/** The file a request names under `root`, or undefined for vite's own URLs and undecodable paths. */
function requestedPath(root: string, url: string | undefined): string | undefined {
  const p = (url ?? '').split(/[?#]/)[0] ?? '';
  if (!p.startsWith('/')) return undefined;
  try {
    const decoded = decodeURIComponent(p);
    // /@fs/<absolute path> serves any allowed file by its absolute path.
    if (decoded.startsWith('/@fs/')) return path.resolve(decoded.slice('/@fs'.length));
    return decoded.startsWith('/@') ? undefined : path.join(root, decoded);
  } catch {
    return undefined;
  }
}

/** Whether the real path of `file` (links resolved) lies in one of `dirs` (also resolved); true when it does not exist. */
function realInside(file: string, dirs: string[]): boolean {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return true; // nothing there to leak: vite answers 404
  }
  return dirs.some((d) => {
    try {
      return inside(real, realpathSync(d));
    } catch {
      return false;
    }
  });
}
