import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { Diagnostics } from './errors.ts';
import type { SourcePos } from './model.ts';

/**
 * Parses YAML and validates it against a zod schema, reporting every syntax and schema problem
 * at its own line. `lineOffset` places front matter inside its Markdown file.
 */
export function parseYaml<S extends z.ZodType>(
  text: string,
  schema: S,
  file: string,
  diags: Diagnostics,
  lineOffset = 0,
  hints: Record<string, string> = {},
): z.infer<S> | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourcePos => {
    const p = lc.linePos(offset);
    return { file, line: p.line + lineOffset, col: p.col };
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      diags.error(at(e.pos[0]), `invalid YAML: ${firstLine(e.message)}`, yamlHint(text, e.pos[0]));
    }
    return undefined;
  }
  const fullWidth = findFullWidthColon(text);
  if (fullWidth !== undefined) {
    diags.error(at(fullWidth), 'full-width colon "：" after a key', 'write the key with a half-width colon and a space, e.g. "phase: cold-war"');
    return undefined;
  }
  const result = schema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const where = nodeOffset(doc, path, issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined);
    const key = path.join('.') || '(top level)';
    const message = issue.code === 'unrecognized_keys' ? `unknown key "${issue.keys.join('", "')}"` : `${key}: ${issue.message}`;
    diags.error(at(where), message, hints[String(path[0] ?? '')] ?? schemaHint(issue));
  }
  return undefined;
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

function yamlHint(text: string, offset: number): string {
  const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1).split('\n')[0] ?? '';
  if (/\t/.test(line)) return 'YAML does not allow tabs for indentation: use spaces';
  if (/: .*: /.test(line)) return 'a value containing ": " must be quoted, e.g. title: "A: B"';
  return 'check indentation and quoting on this line (values with ":", "#" or leading "{" / "[" need quotes)';
}

function schemaHint(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `write a ${issue.expected} here${issue.expected === 'string' ? ' (quote it, e.g. "…")' : ''}`;
    case 'unrecognized_keys':
      return 'remove the key or fix its spelling; see the deck format in README.md';
    case 'too_small':
      return 'add the missing entries';
    default:
      return 'see the deck format in README.md';
  }
}
