import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Deck } from '../../deck/model.ts';
import { buildAssetUrl } from '../../vite/deck-plugin.ts';
import { deckFolder } from '../deck-files.ts';
import { UserError } from '../user-error.ts';
import { removeTemp, swapAll, trackTemp } from '../cleanup.ts';
import { checkDeck, type Report } from './check.ts';
import { cachedClient } from './client-cache.ts';
import { assembleSite, siteFiles } from './site.ts';
import { siteReader, type SiteParts, type SiteReader } from './site-reader.ts';

/**
 * Builds the static site into `outDir`. The deck is validated first and the site is written to a
 * temporary folder that replaces `outDir` only when the build succeeded, so a failed build never
 * leaves a half-written or emptied output.
 */
export async function buildSite(deckDir: string, outDir: string, report?: Report): Promise<Deck> {
  // Compiled once, with the asset placeholders the site assembly replaces by hashed file names.
  const deck = checkDeck(deckDir, { assetUrl: buildAssetUrl }, report);
  assertReplaceable(path.resolve(outDir), path.resolve(deckDir));
  const tmp = `${outDir.replace(/[\\/]+$/, '')}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  trackTemp(tmp);
  try {
    // The browser code comes from the per-checkout cache (vite runs only when it is stale); the
    // deck's own files are written here in plain Node.
    const client = await cachedClient();
    await assembleSite(deck, deckFolder(deckDir), client, tmp, warnBuild);
  } catch (e) {
    removeTemp(tmp);
    throw buildFailed(e);
  }
  try {
    swapAll([[tmp, outDir]]);
  } catch (e) {
    removeTemp(tmp);
    const shown = path.relative(process.cwd(), outDir) || outDir;
    throw new UserError(`build: could not replace ${shown}: ${(e as Error).message.split('\n')[0]}; it is unchanged\n    hint: close programs that use files in it (a file manager, a server) and check that it is writable`);
  }
  removeTemp(tmp);
  return deck;
}

export type { SiteParts, SiteReader } from './site-reader.ts';

/** buildSiteInMemory's site before it is wrapped in a reader. */
export async function buildSiteParts(deckDir: string, report?: Report): Promise<SiteParts> {
  const deck = checkDeck(deckDir, { assetUrl: buildAssetUrl }, report);
  try {
    const client = await cachedClient();
    const { files, clientFiles } = await siteFiles(deck, deckFolder(deckDir), client, warnBuild);
    return { deck, files, clientDir: client.dir, clientFiles };
  } catch (e) {
    throw buildFailed(e);
  }
}

/**
 * The site buildSite would write, without writing it (the PDF exporter serves it from memory: no
 * copy of the client build into a temporary folder, nothing to delete afterwards).
 */
export async function buildSiteInMemory(deckDir: string, report?: Report): Promise<{ deck: Deck; read: SiteReader }> {
  const parts = await buildSiteParts(deckDir, report);
  return { deck: parts.deck, read: siteReader(parts) };
}

/** console.warn, as vite printed its plugins' warnings (the test runner collects them as such). */
const warnBuild = (message: string): void => console.warn(`warning: ${message}`);

/** A client build's message may carry its own stack; the author needs the message, not our internals. */
function buildFailed(e: unknown): UserError {
  const message = String((e as Error).message ?? e)
    .split('\n')
    .filter((l) => !/^\s+at .+/.test(l))
    .join('\n');
  return new UserError(`build failed: ${message}`);
}

/**
 * The build replaces the whole output folder, so it must never be a folder that holds anything
 * else: `--out slides` or `--out ~/Documents` would otherwise delete the teacher's files.
 * Replaceable: a missing or empty folder, or an earlier build (its index.html embeds the deck model).
 */
function assertReplaceable(outDir: string, deckDir: string): void {
  const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent + path.sep);
  const cwd = process.cwd();
  const shown = path.relative(cwd, outDir) || '.';
  const holds = inside(deckDir, outDir) ? 'the deck folder' : inside(cwd, outDir) || outDir === path.parse(outDir).root ? 'the current folder' : undefined;
  if (holds) {
    throw new UserError(
      `--out ${shown} is or contains ${holds}, and the build replaces the whole output folder\n    hint: build into a folder of its own, e.g. --out dist`,
    );
  }
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) {
    throw new UserError(`--out ${shown} is a file\n    hint: give a folder for the built site, e.g. --out dist`);
  }
  const entries = readdirSync(outDir);
  if (entries.length === 0) return;
  const index = path.join(outDir, 'index.html');
  if (existsSync(index) && readFileSync(index, 'utf8').includes('id="deck-data"')) return;
  throw new UserError(
    `--out ${shown} already holds other files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}), and the build replaces the whole folder\n    hint: choose a new or empty folder, or delete this one yourself if it is an old build`,
  );
}
