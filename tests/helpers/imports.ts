import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * A small import scanner for the architecture test. Why not a parser: TypeScript 7 (the Go port)
 * ships no JavaScript API, and the parsers vite bundles are not dependencies of ours. The code is
 * first reduced to its skeleton (comments, template literals and regular expressions blanked, the
 * text of string literals masked), so import-like text inside them is never read as an import;
 * a specifier is then read from the original code at the same offsets.
 */

export interface ImportRef {
  /** The specifier as written: './x.ts', 'vite', 'node:fs'. */
  spec: string;
  /** 1-based line of the import. */
  line: number;
  /** `import type …` / `export type … from`, or every named binding marked `type`: erased at run time. */
  typeOnly: boolean;
  dynamic: boolean;
}

/**
 * Blanks comments, template literals and regex literals, and masks the text of string literals
 * with `x` (same length, newlines kept: offsets and lines still match the original).
 */
export function skeleton(code: string): string {
  let out = '';
  let i = 0;
  const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
  // A `/` starts a regex, not a division, after these (or at the start of the code).
  const regexAfter = /(?:^|[(,=:[!&|?{};+\-*%<>~^]|\breturn|\btypeof|\bcase|\bdo|\belse|\bin|\bof|\bvoid|\bdelete|\bthrow)\s*$/;
  while (i < code.length) {
    const c = code[i]!;
    const next = code[i + 1];
    if (c === '/' && next === '/') {
      const end = code.indexOf('\n', i);
      const stop = end === -1 ? code.length : end;
      out += blank(code.slice(i, stop));
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = code.indexOf('*/', i + 2);
      const stop = end === -1 ? code.length : end + 2;
      out += blank(code.slice(i, stop));
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < code.length && code[j] !== c && code[j] !== '\n') j += code[j] === '\\' ? 2 : 1;
      out += c + 'x'.repeat(Math.max(0, Math.min(j, code.length) - i - 1)) + (code[j] ?? '');
      i = j + 1;
    } else if (c === '`') {
      // Nested template literals inside ${} are rare; depth counting of braces covers the rest.
      let j = i + 1;
      let depth = 0;
      while (j < code.length) {
        if (code[j] === '\\') j += 2;
        else if (depth === 0 && code[j] === '`') break;
        else if (code[j] === '$' && code[j + 1] === '{') (depth++, (j += 2));
        else if (depth > 0 && code[j] === '}') (depth--, j++);
        else j++;
      }
      out += blank(code.slice(i, j + 1));
      i = j + 1;
    } else if (c === '/' && regexAfter.test(out.slice(-20))) {
      let j = i + 1;
      let inClass = false;
      while (j < code.length && code[j] !== '\n') {
        if (code[j] === '\\') j += 2;
        else if (code[j] === '[') (inClass = true), j++;
        else if (code[j] === ']') (inClass = false), j++;
        else if (code[j] === '/' && !inClass) break;
        else j++;
      }
      out += blank(code.slice(i, j + 1));
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const CLAUSE = String.raw`(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\}|[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+[\w$]+))?)`;
const STATIC = new RegExp(String.raw`(?<![\w$.])(import|export)\s+(type\s+)?(${CLAUSE})\s*from\s*(['"])([^'"\n]+)\4`, 'dg');
const BARE = /(?<![\w$.])import\s*(['"])([^'"\n]+)\1/dg;
const DYNAMIC = /(?<![\w$.])import\s*\(\s*(['"])([^'"\n]+)\1\s*\)/dg;

/** Every import and re-export of a TypeScript module, with its line. */
export function scanImports(code: string): ImportRef[] {
  const s = skeleton(code);
  const lineAt = (index: number): number => s.slice(0, index).split('\n').length;
  // The specifier (group n) from the original code: the skeleton masked it.
  const spec = (m: RegExpExecArray, n: number): string => {
    const [start, end] = m.indices![n]!;
    return code.slice(start, end);
  };
  const found: ImportRef[] = [];
  for (const m of s.matchAll(STATIC)) {
    const clause = m[3]!;
    // `import { type A, type B } from` is erased too; `import { type A, b }` is not.
    const names = clause.startsWith('{') ? clause.slice(1, -1).split(',').map((n) => n.trim()).filter(Boolean) : [];
    const allTyped = names.length > 0 && names.every((n) => /^type\s/.test(n));
    found.push({ spec: spec(m, 5), line: lineAt(m.index), typeOnly: Boolean(m[2]) || allTyped, dynamic: false });
  }
  for (const m of s.matchAll(BARE)) found.push({ spec: spec(m, 2), line: lineAt(m.index), typeOnly: false, dynamic: false });
  for (const m of s.matchAll(DYNAMIC)) found.push({ spec: spec(m, 2), line: lineAt(m.index), typeOnly: false, dynamic: true });
  return found.sort((a, b) => a.line - b.line);
}

/** `.ts` files under `dir` (recursively), as paths relative to `root` with forward slashes. */
export function sourceFiles(root: string, dir: string): string[] {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && statSync(path.join(abs, f)).isFile())
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')))
    .sort();
}

/** A relative specifier resolved to a project path (forward slashes), or undefined for a package. */
export function resolveSpec(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
}

export interface ModuleImports {
  file: string;
  imports: Array<ImportRef & { target?: string }>;
}

/** Reads and scans every file of `files` (project-relative paths). */
export function readImports(root: string, files: string[]): ModuleImports[] {
  return files.map((file) => ({
    file,
    imports: scanImports(readFileSync(path.join(root, file), 'utf8')).map((i) => ({ ...i, target: resolveSpec(file, i.spec) })),
  }));
}

/** Every import cycle among the modules (each once, starting at its smallest file), as file lists. */
export function findCycles(modules: ModuleImports[]): string[][] {
  const edges = new Map(modules.map((m) => [m.file, [...new Set(m.imports.map((i) => i.target).filter((t): t is string => !!t && t.endsWith('.ts')))]]));
  const cycles = new Map<string, string[]>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const done = new Set<string>();
  const visit = (file: string): void => {
    stack.push(file);
    onStack.add(file);
    for (const next of edges.get(file) ?? []) {
      if (onStack.has(next)) {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0]!);
        const canonical = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(canonical.join(' → '), canonical);
      } else if (!done.has(next) && edges.has(next)) visit(next);
    }
    stack.pop();
    onStack.delete(file);
    done.add(file);
  };
  for (const file of [...edges.keys()].sort()) if (!done.has(file)) visit(file);
  return [...cycles.values()];
}
