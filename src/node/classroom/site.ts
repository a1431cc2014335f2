import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONFIG_ELEMENT_ID, type ClassroomConfig } from '../../shared/classroom-protocol.ts';
import { UserError } from '../user-error.ts';

/**
 * The built site, read into memory once at start. Serving only what is in this map makes "every
 * path outside the built site is a 404" true by construction: no file system path is ever derived
 * from a request, so no traversal trick can reach anything else. A built deck is a few MB.
 */
export interface SiteFile {
  body: Buffer;
  gzip?: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt']);

export interface Site {
  /** Files by their path inside the site, forward slashes, no leading slash ("assets/x.js"). */
  files: Map<string, SiteFile>;
  /** index.html as built. */
  index: string;
  /** Slide count and each slide's number of quiz choices (undefined: not a quiz, or unknown). */
  slides: Array<{ quizChoices?: number }>;
}

export function loadSite(dir: string): Site {
  const files = new Map<string, SiteFile>();
  const walk = (sub: string): void => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      // A built site has no hidden files; an editor's or the OS's (.DS_Store) are not served.
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile() || (entry.isSymbolicLink() && statSync(path.join(dir, rel)).isFile())) {
        const ext = path.extname(entry.name).toLowerCase();
        const body = readFileSync(path.join(dir, rel));
        files.set(rel, { body, type: TYPES[ext] ?? 'application/octet-stream', gzip: COMPRESSIBLE.has(ext) ? gzipSync(body) : undefined });
      }
    }
  };
  walk('');
  const index = files.get('index.html')?.body.toString('utf8');
  if (!index || !index.includes('id="deck-data"')) {
    throw new UserError(`${dir} is not a built deck (no index.html with the deck model): build it with npm run build`);
  }
  return { files, index, slides: slidesOf(index) };
}

/** The model's slides, from the deck-data block of the built page. */
function slidesOf(index: string): Site['slides'] {
  const json = /<script type="application\/json" id="deck-data">([\s\S]*?)<\/script>/.exec(index)?.[1];
  if (!json) return [];
  try {
    const data = JSON.parse(json) as { slides?: Array<{ quiz?: { choices?: unknown } }> };
    return (data.slides ?? []).map((s) => ({ quizChoices: typeof s.quiz?.choices === 'number' ? s.quiz.choices : undefined }));
  } catch {
    return [];
  }
}

/** JSON safe inside <script>: no "</script>" or "<!--" can end the block early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The deck page as served by the classroom: the classroom config block (its presence is what makes
 * the client start the live plugins) and, in the page's Content-Security-Policy, the WebSocket
 * origin named explicitly (older Safari does not count ws: as 'self').
 */
export function classroomPage(index: string, config: ClassroomConfig, host: string): string {
  const block = `<script type="application/json" id="${CONFIG_ELEMENT_ID}">${scriptJson(config)}</script>`;
  return index.replace("connect-src 'self'", () => `connect-src 'self' ws://${host}`).replace('</body>', () => `${block}\n</body>`);
}

/** The page for a wrong or missing join code (HTTP 403): says what to do, shows no deck. */
export function forbiddenPage(): string {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>参加できません — Cannot join</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.7;color:#1a1a1a;background:#fff}h1{font-size:1.5rem}</style>
</head>
<body>
<main>
<h1>参加コードが正しくありません</h1>
<p>このアドレスでは授業のスライドを開けません。先生が映している QR コードを読み取るか、表示されているアドレス(参加コードを含む)をそのまま入力してください。</p>
<p lang="en">This join code is wrong or missing. Scan the QR code your teacher shows, or type the address shown, including its code.</p>
</main>
</body>
</html>
`;
}
