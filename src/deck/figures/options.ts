import type { z } from 'zod';

/**
 * A figure's options, written after its name on the fence line and/or one per line in its body:
 *
 *     ```figure timeline from=1945 to=1991
 *     title: "冷戦期の年表"
 *     ```
 *
 * `key=value` and `key: value` are both accepted; values with spaces are quoted.
 */
export function parseFigureArgs(args: string): { values: Record<string, string>; rest: string[] } {
  const values: Record<string, string> = {};
  const re = /([A-Za-z][\w-]*)\s*(?:=|:(?=\s|$))\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"']+)/gy;
  const rest: string[] = [];
  let i = 0;
  while (i < args.length) {
    const ws = /\s+/y;
    ws.lastIndex = i;
    if (ws.exec(args)) {
      i = ws.lastIndex;
      continue;
    }
    re.lastIndex = i;
    const m = re.exec(args);
    if (m) {
      const raw = m[2]!;
      // defineProperty: an option named __proto__ must become an unknown option, not a prototype.
      Object.defineProperty(values, m[1]!, { value: /^["']/.test(raw) ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw, enumerable: true, writable: true, configurable: true });
      i = re.lastIndex;
    } else {
      const word = /\S+/y;
      word.lastIndex = i;
      rest.push(word.exec(args)![0]);
      i = word.lastIndex;
    }
  }
  return { values, rest };
}

/** zod issues of figure options as one readable line each. */
export function optionIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) =>
    issue.code === 'unrecognized_keys' ? `unknown option "${issue.keys.join('", "')}"` : `option ${issue.path.join('.') || ''}: ${issue.message}`.replace(/ :/, ':'),
  );
}
