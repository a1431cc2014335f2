import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { article, closest, describe, hintFor, knownKeys, schemaHint, yamlHint } from './yaml-messages.ts';
import type { Diagnostics } from './errors.ts';
import type { SourcePos } from './model.ts';

/** Alias expansions allowed per document: ordinary reuse needs a handful, a bomb needs thousands. */
const MAX_ALIASES = 100;

/** parseYamlDocument()'s value alone, for callers that need no positions. */
export function parseYaml<S extends z.ZodType>(...args: Parameters<typeof parseYamlDocument<S>>): z.infer<S> | undefined {
  return parseYamlDocument(...args)?.value;
}

/** A validated YAML value and where its parts are in the file. */
export interface ParsedYaml<T> {
  value: T;
  /**
   * Position of the node at `path` (e.g. ['sections', 2]) — its first character, line and column —
   * or of its nearest parent that exists. Taken from the parsed document, so comments and blank
   * lines between list items do not shift it.
   */
  pos(path: Array<string | number>): SourcePos;
  /** Position of the key of the entry at `path` (e.g. ['duration'] → the "duration" of "duration: 50"). */
  keyPos(path: Array<string | number>): SourcePos;
}

/**
 * Parses YAML and validates it against a zod schema, reporting every syntax and schema problem
 * at its own line; keeps the document's node positions for the caller's own checks. `lineOffset`
 * places front matter inside its Markdown file.
 */
export function parseYamlDocument<S extends z.ZodType>(
  text: string,
  schema: S,
  file: string,
  diags: Diagnostics,
  lineOffset = 0,
  hints: Record<string, string> = {},
): ParsedYaml<z.infer<S>> | undefined {
  const key = `${file}\0${lineOffset}\0${text}`;
  let kept = parsed.get(schema);
  const hit = kept?.get(key);
  if (hit) return hit as ParsedYaml<z.infer<S>>;
  const result = parseValidated(text, schema, file, diags, lineOffset, hints);
  if (result) {
    if (!kept) parsed.set(schema, (kept = new Map()));
    if (kept.size >= PARSED_MAX) kept.delete(kept.keys().next().value!);
    // Shared by every later compile of the same text: frozen, so a caller that changed it would
    // throw instead of changing the next compile's input.
    deepFreeze(result.value);
    kept.set(key, result);
  }
  return result;
}

/**
 * Documents parsed and validated without a problem, by schema and text: the dev server recompiles
 * the deck on every save, and deck.yaml, glossary.yaml and every other section's front matter are
 * then unchanged (parsing and validating them was a quarter of a recompile). A document with a
 * problem is parsed again each time, so its diagnostics are reported each time.
 */
const parsed = new WeakMap<z.ZodType, Map<string, ParsedYaml<unknown>>>();
const PARSED_MAX = 128;

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

function parseValidated<S extends z.ZodType>(
  text: string,
  schema: S,
  file: string,
  diags: Diagnostics,
  lineOffset: number,
  hints: Record<string, string>,
): ParsedYaml<z.infer<S>> | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourcePos => {
    const p = lc.linePos(offset);
    return { file, line: p.line + lineOffset, col: p.col };
  };
  if (doc.errors.length > 0) {
    // A pasted binary or a runaway bracket yields thousands of errors: the first few locate it.
    for (const e of doc.errors.slice(0, 5)) {
      const deep = /call stack/i.test(e.message);
      diags.error(
        at(e.pos[0]),
        deep ? 'invalid YAML: brackets or indentation nested too deeply' : `invalid YAML: ${firstLine(e.message)}`,
        deep ? 'close the brackets ([ ] { }) you opened; YAML this deep is never a deck setting' : yamlHint(text, e.pos[0]),
      );
    }
    return undefined;
  }
  const fullWidth = findFullWidthColon(text);
  if (fullWidth !== undefined) {
    diags.error(at(fullWidth), 'full-width colon "：" after a key', 'write the key with a half-width colon and a space, e.g. "phase: cold-war"');
    return undefined;
  }
  let data: unknown;
  try {
    // maxAliasCount bounds the work of `*alias` expansion: a "billion laughs" file of a few lines
    // would otherwise take minutes and gigabytes. The library throws a ReferenceError past it.
    data = doc.toJS({ maxAliasCount: MAX_ALIASES }) ?? {};
  } catch (e) {
    const alias = /(^|[\s,[{:-])\*[^\s,\]}]+/m.exec(text);
    diags.error(
      at(alias ? alias.index + alias[1]!.length : 0),
      e instanceof ReferenceError || /alias/i.test(String(e)) ? 'YAML aliases (*name) expand to too much data' : `invalid YAML: ${firstLine(String((e as Error).message ?? e))}`,
      'write the values out instead of repeating them with &anchor / *alias references',
    );
    return undefined;
  }
  const result = schema.safeParse(data);
  if (result.success) {
    return {
      value: result.data,
      pos: (path) => at(nodeOffset(doc, path)),
      keyPos: (path) => at(nodeOffset(doc, path.slice(0, -1), String(path.at(-1)))),
    };
  }
  const issues = result.error.issues.map((issue) => ({ issue, path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) }));
  // A misspelt key shows up twice: as an unknown key and as a missing required one. Report it once,
  // as the misspelling, with the right spelling in the hint.
  const suggested = new Map<string, string>(); // "path/unknown key" → known key
  for (const { issue, path } of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const known = knownKeys(schema, path);
    for (const k of issue.keys) {
      const s = closest(k, known);
      if (s !== undefined) suggested.set(`${path.join('.')}/${k}`, s);
    }
  }
  const misspelt = new Set([...suggested].map(([k, v]) => `${k.slice(0, k.lastIndexOf('/'))}/${v}`));
  for (const { issue, path } of issues) {
    const key = path.join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        const s = suggested.get(`${path.join('.')}/${k}`);
        const hint = s ? `did you mean "${s}"? Keys are case-sensitive` : 'remove the key or fix its spelling; see the deck format in README.md';
        diags.error(at(nodeOffset(doc, path, k)), `unknown key "${k}"`, hint);
      }
      continue;
    }
    const value = valueAt(data, path);
    if (issue.code === 'invalid_type' && value === undefined) {
      const parent = path.slice(0, -1).join('.');
      if (misspelt.has(`${parent}/${String(path[path.length - 1])}`)) continue;
      diags.error(
        at(nodeOffset(doc, path)),
        `missing required key "${String(path[path.length - 1] ?? key)}"${parent ? ` in ${parent}` : ''}`,
        hintFor(hints, path) ?? `add a line "${String(path[path.length - 1])}: …"`,
      );
      continue;
    }
    if (typeof value === 'number' && !Number.isFinite(value) && issue.code === 'invalid_type' && issue.expected === 'number') {
      diags.error(
        at(nodeOffset(doc, path)),
        `${key}: ${Number.isNaN(value) ? '.nan is not a number' : 'the number is infinite (.inf, or too large, like 1e400)'}`,
        hintFor(hints, path) ?? 'write an ordinary number here',
      );
      continue;
    }
    const message = issue.code === 'invalid_type' ? `${key}: expected ${article(issue.expected)}, got ${describe(value)}` : `${key}: ${issue.message}`;
    diags.error(at(nodeOffset(doc, path)), message, hintFor(hints, path) ?? schemaHint(issue));
  }
  return undefined;
}

function valueAt(data: unknown, path: Array<string | number>): unknown {
  let v = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    if (!Object.hasOwn(v, p)) return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/** Offset of the node at `path` (or of `key` inside it), falling back to its nearest parent. */
function nodeOffset(doc: Document, path: Array<string | number>, key?: string): number {
  const full = key === undefined ? path : [...path, key];
  for (let n = full.length; n >= 0; n--) {
    const sub = full.slice(0, n);
    if (key !== undefined && n === full.length) {
      // Point at the unknown key itself, not its value.
      const parent = sub.length > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
      if (isNode(parent) && 'items' in parent) {
        for (const item of (parent as { items: Array<{ key?: unknown }> }).items) {
          const k = item.key;
          if (isNode(k) && k.toJSON() === key && k.range) return k.range[0];
        }
      }
      continue;
    }
    const node = sub.length === 0 ? doc.contents : doc.getIn(sub, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function findFullWidthColon(text: string): number | undefined {
  const m = /^[ \t-]*[^\s:：#][^:：\n]*：/m.exec(text);
  return m ? m.index + m[0].length - 1 : undefined;
}

