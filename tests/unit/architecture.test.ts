import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, readImports, scanImports, skeleton, sourceFiles, type ModuleImports } from '../helpers/imports.ts';

/**
 * Imports run one way (DESIGN.md "Layout"): cli → node → vite → deck → shared, and the browser's
 * client → shared (plus `import type` from deck). Pure Node, no browser: reads every import in src/
 * (and scripts/, tests/ for the rules that concern them) and names each offending file and import.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');

type Layer = 'shared' | 'deck' | 'vite' | 'node' | 'cli' | 'client' | 'types';

/** Which src/ folders each layer may import from (besides its own). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  shared: [],
  deck: ['shared', 'types'],
  // node drives vite (the build pipeline, the standalone export); the vite plugin gets what it needs
  // from node as a DeckFolder (src/deck/folder.ts) and never imports src/node.
  vite: ['deck', 'shared', 'types'],
  node: ['vite', 'deck', 'shared', 'types'],
  cli: ['node', 'vite', 'deck', 'shared', 'types'],
  client: ['deck', 'shared', 'types'],
  types: [],
};

/** Packages a layer must not load: the compiler stays free of Node, vite and the DOM; shared of everything. */
const FORBIDDEN_PACKAGE: Partial<Record<Layer, (spec: string) => boolean>> = {
  shared: () => true,
  deck: (s) => s.startsWith('node:') || s === 'vite' || s.startsWith('vite/') || s.startsWith('rolldown') || s === 'playwright-core',
  client: (s) => s.startsWith('node:') || s === 'vite' || s === 'playwright-core',
};

/** Browser globals the compiler must not touch (it runs in Node, in the vite plugin and in tests). */
const DOM_GLOBALS = /(?<![\w$.])(window|document|navigator|localStorage|sessionStorage|HTMLElement|customElements)\b(?!\s*:)/g;

function layerOf(file: string): Layer | undefined {
  const m = /^src\/([^/]+)\//.exec(file);
  const dir = m?.[1];
  return dir !== undefined && dir in MAY_IMPORT ? (dir as Layer) : undefined;
}

/** One line per import that goes against the layers: "file:line imports 'spec' (why)". */
export function layerViolations(modules: ModuleImports[]): string[] {
  const out: string[] = [];
  for (const { file, imports } of modules) {
    const from = layerOf(file);
    for (const i of imports) {
      const at = `${file}:${i.line} imports '${i.spec}'`;
      if (!file.startsWith('src/')) {
        // scripts/ and tests/ use the node pipeline, never the CLI as a library; scripts never use test helpers.
        if (i.target?.startsWith('src/cli/')) out.push(`${at}: use src/node/pipeline instead of the CLI`);
        if (file.startsWith('scripts/') && i.target?.startsWith('tests/')) out.push(`${at}: scripts must not depend on test helpers`);
        continue;
      }
      if (!from) continue;
      if (!i.target) {
        if (FORBIDDEN_PACKAGE[from]?.(i.spec)) out.push(`${at}: src/${from} must not load this package`);
        continue;
      }
      if (!i.target.startsWith('src/')) {
        out.push(`${at}: src/ must not import outside src/`);
        continue;
      }
      const to = layerOf(i.target);
      if (!to || to === from) continue;
      if (!MAY_IMPORT[from].includes(to)) out.push(`${at}: src/${from} must not import src/${to}`);
      else if (from === 'client' && to === 'deck' && !i.typeOnly) out.push(`${at}: the client may only \`import type\` from src/deck`);
    }
  }
  return out;
}

function domUses(modules: ModuleImports[]): string[] {
  const out: string[] = [];
  for (const { file } of modules.filter((m) => layerOf(m.file) === 'deck' || layerOf(m.file) === 'shared')) {
    const code = skeleton(readFileSync(path.join(ROOT, file), 'utf8'));
    code.split('\n').forEach((line, n) => {
      for (const m of line.matchAll(DOM_GLOBALS)) out.push(`${file}:${n + 1} uses the browser global '${m[1]}'`);
    });
  }
  return out;
}

const src = readImports(ROOT, sourceFiles(ROOT, 'src'));
const outside = readImports(ROOT, [...sourceFiles(ROOT, 'scripts'), ...sourceFiles(ROOT, 'tests')]);

describe('import directions', () => {
  it('reads the imports of every source file', () => {
    expect(src.length).toBeGreaterThan(40);
    // Spot checks against files whose imports are known (a scanner that finds nothing would pass everything).
    const main = src.find((m) => m.file === 'src/cli/main.ts');
    expect(main?.imports.map((i) => i.spec)).toEqual(expect.arrayContaining(['node:path', '../node/pipeline/build.ts', './report.ts']));
    const help = src.find((m) => m.file === 'src/client/help.ts');
    expect(help?.imports).toEqual(expect.arrayContaining([expect.objectContaining({ spec: './help/dialog.ts', dynamic: true })]));
  });

  it('src/ follows the layers: cli → node → vite → deck → shared; client → shared and deck types', () => {
    expect(layerViolations(src)).toEqual([]);
  });

  it('src/deck and src/shared use no browser globals', () => {
    expect(domUses(src)).toEqual([]);
  });

  it('scripts/ and tests/ use the node pipeline, not the CLI; scripts use no test helpers', () => {
    expect(layerViolations(outside)).toEqual([]);
  });

  it('src/ has no import cycles (type-only and dynamic imports count)', () => {
    expect(findCycles(src).map((c) => [...c, c[0]].join(' → '))).toEqual([]);
  });
});

describe('the checker itself', () => {
  const mod = (file: string, code: string): ModuleImports => ({
    file,
    imports: scanImports(code).map((i) => ({ ...i, target: i.spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), i.spec)) : undefined })),
  });

  it('names the file, line and import of each arrow against the layers', () => {
    const bad = [
      mod('src/client/x.ts', "import { a } from './ok.ts';\nimport type { DeckUpdate } from '../vite/deck-plugin.ts';"),
      mod('src/client/y.ts', "import { toClientDeck } from '../deck/model.ts';\nimport { type Phase } from '../deck/model.ts';"),
      mod('src/node/z.ts', "import { CliError } from '../cli/report.ts';"),
      mod('src/vite/w.ts', "const m = await import('../node/deck-files.ts');"),
      mod('src/deck/v.ts', "import { readFileSync } from 'node:fs';"),
      mod('src/shared/u.ts', "export { x } from '../deck/model.ts';\nimport 'zod';"),
      mod('scripts/bench.ts', "import { capture } from '../tests/helpers/capture.ts';"),
      mod('tests/t.test.ts', "import { buildSite } from '../src/cli/build.ts';"),
    ];
    expect(layerViolations(bad)).toEqual([
      "src/client/x.ts:2 imports '../vite/deck-plugin.ts': src/client must not import src/vite",
      "src/client/y.ts:1 imports '../deck/model.ts': the client may only `import type` from src/deck",
      "src/node/z.ts:1 imports '../cli/report.ts': src/node must not import src/cli",
      "src/vite/w.ts:1 imports '../node/deck-files.ts': src/vite must not import src/node",
      "src/deck/v.ts:1 imports 'node:fs': src/deck must not load this package",
      "src/shared/u.ts:1 imports '../deck/model.ts': src/shared must not import src/deck",
      "src/shared/u.ts:2 imports 'zod': src/shared must not load this package",
      "scripts/bench.ts:1 imports '../tests/helpers/capture.ts': scripts must not depend on test helpers",
      "tests/t.test.ts:1 imports '../src/cli/build.ts': use src/node/pipeline instead of the CLI",
    ]);
  });

  it('finds a cycle, also through type-only and dynamic imports', () => {
    const cycle = [
      mod('src/deck/a.ts', "import type { B } from './b.ts';"),
      mod('src/deck/b.ts', "export const b = () => import('./c.ts');"),
      mod('src/deck/c.ts', "import { a } from './a.ts';"),
      mod('src/deck/d.ts', "import { a } from './a.ts';"),
    ];
    expect(findCycles(cycle)).toEqual([['src/deck/a.ts', 'src/deck/b.ts', 'src/deck/c.ts']]);
  });

  it('reads import-like text in comments, template literals and regular expressions as text', () => {
    const code = [
      "// import { x } from '../vite/a.ts';",
      "/* export * from '../node/b.ts'; */",
      "const t = `import '../cli/c.ts'`;",
      "const r = /import '(x)'/.test(s) ? 'a' : \"b\";",
      "import {\n  type A,\n  type B,\n} from './types.ts';",
      "export type { C } from './c.ts';",
      "import D, { e } from './d.ts';",
      "const s = \"import { f } from '../vite/f.ts'\";",
    ].join('\n');
    expect(scanImports(code).map((i) => [i.spec, i.line, i.typeOnly])).toEqual([
      ['./types.ts', 5, true],
      ['./c.ts', 9, true],
      ['./d.ts', 10, false],
    ]);
  });
});
