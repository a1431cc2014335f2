import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The lecture-deck checkout (the folder of our package.json), found by walking up from `from`.
 * Why not `../..` from this file: the CLI runs a bundle in .cache/cli/
 * (scripts/cli.mjs), where relative steps from `import.meta.url` point elsewhere; walking up to
 * our package.json gives the same answer from the sources and from the bundle. The only place in
 * src/ that reads `import.meta.url` for a path (tests/unit/cli-bundle.test.ts keeps it so).
 */
export function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'lecture-deck') return dir;
      } catch {
        // Not ours (unreadable): keep walking.
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`lecture-deck's package.json not found above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
