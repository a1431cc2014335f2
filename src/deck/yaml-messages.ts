import type { z } from 'zod';
import { editDistance } from './edit-distance.ts';

/** The words of YAML diagnostics: hints, value descriptions and spelling suggestions (yaml.ts). */

/**
 * The author's hint for a path: the most specific of "phases.color" (indices dropped) and "phases".
 * Keys are those the caller passed to parseYamlDocument.
 */
export function hintFor(hints: Record<string, string>, path: Array<string | number>): string | undefined {
  const named = path.filter((p): p is string => typeof p === 'string');
  for (let n = named.length; n > 0; n--) {
    const k = named.slice(0, n).join('.');
    // Keys come from the author's YAML: "constructor" must not find Object.prototype's.
    const h = Object.hasOwn(hints, k) ? hints[k] : undefined;
    if (h !== undefined) return h;
  }
  return undefined;
}

export function article(type: string): string {
  return type === 'string' ? 'text (a string)' : type === 'int' ? 'a whole number' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function describe(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a mapping (key: value pairs)';
  // JSON.stringify(Infinity) is "null": name non-finite numbers the way YAML wrote them.
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan (not a number)' : 'a number too large to use (infinite)';
  return `${article(typeof value)} (${JSON.stringify(value)})`;
}

/** Keys an object schema accepts at `path`, looking through optional/default wrappers and arrays. */
export function knownKeys(schema: z.ZodType, path: Array<string | number>): string[] {
  // zod 4's public classes expose `shape`, `element` and `unwrap()`; walk them structurally so any schema works.
  type Walkable = { shape?: Record<string, Walkable>; element?: Walkable; unwrap?: () => Walkable };
  const unwrap = (s: Walkable | undefined): Walkable | undefined => {
    // An array has unwrap() too (it gives the element): keep it, the path's index steps into it.
    for (let i = 0; s?.unwrap && !s.element && i < 5; i++) s = s.unwrap();
    return s;
  };
  let s = unwrap(schema as unknown as Walkable);
  for (const p of path) s = unwrap(typeof p === 'number' ? s?.element : s?.shape?.[p]);
  return s?.shape ? Object.keys(s.shape) : [];
}

/** The known key within edit distance 2 of `key` (case-insensitive), if exactly one is closest. */
export function closest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

export function yamlHint(text: string, offset: number): string {
  const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1).split('\n')[0] ?? '';
  if (/\t/.test(line)) return 'YAML does not allow tabs for indentation: use spaces';
  if (/: .*: /.test(line)) return 'a value containing ": " must be quoted, e.g. title: "A: B"';
  return 'check indentation and quoting on this line (values with ":", "#" or leading "{" / "[" need quotes)';
}

export function schemaHint(issue: z.core.$ZodIssue): string {
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
