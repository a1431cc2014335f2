import type { DeckSource } from './source.ts';
import { decodeText } from './decode.ts';
import type { Diagnostics } from './errors.ts';
import type { FigureCall, FigureRenderer } from './figures/figure.ts';
import { optionIssues, parseFigureArgs } from './figures/options.ts';
import type { PhaseColors } from './figures/svg.ts';
import { mapFigure } from './figures/map.ts';
import { timelineFigure } from './figures/timeline.ts';
import { treatiesFigure } from './figures/treaties.ts';
import type { Phase, SourcePos } from './model.ts';
import type { DeckYaml } from './schema.ts';
import { figureLang, figureWords } from './figures/words.ts';
import { parseYaml } from './yaml.ts';

/**
 * Figures a deck can place with a ```figure <name> [options] block, drawn at build time as SVG from
 * a YAML data file in the deck folder (`figure timeline` reads timeline.yaml).
 */
export const FIGURES: Record<string, FigureRenderer> = {
  timeline: timelineFigure,
  treaties: treatiesFigure,
  map: mapFigure,
};

/** A drawn figure and the data files it read (their bytes; undefined: the file was missing). */
export interface DrawnFigure {
  html: string;
  files: Array<[string, Uint8Array | undefined]>;
}

/**
 * Figures kept beyond this process (the command line keeps them on disk: src/node/figure-store.ts;
 * a map costs ~0.4 s of a build's CPU). `key` names everything the drawing reads besides its data
 * files, not the drawing code: the store keys its entries by that code itself.
 */
export interface FigureStore {
  get(key: string): DrawnFigure | undefined;
  set(key: string, figure: DrawnFigure): void;
}

/**
 * Figures drawn by earlier compiles in this process, reused while their inputs are the same: the
 * dev server recompiles on every save, and a map (projection, clipping, label placement) costs
 * tens of milliseconds, most of a hot update's budget. Keyed by everything the drawing reads
 * besides its data files; the data files' bytes are kept with the entry and compared on use.
 * Only figures drawn without a diagnostic are kept (a diagnostic must be reported again).
 */
const drawn = new Map<string, DrawnFigure>();
const DRAWN_MAX = 32;

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function createFigureRenderer(
  source: DeckSource,
  config: DeckYaml,
  // The compiler's phase colors (compile/assemble.ts), computed once per compile.
  styles: ReadonlyArray<Pick<Phase, 'id' | 'label' | 'color' | 'ink' | 'accentText'>>,
  diags: Diagnostics,
  store?: FigureStore,
): (name: string, args: string, pos: SourcePos) => string | undefined {
  const phases: PhaseColors[] = styles.map((p) => ({ id: p.id, label: p.label, color: p.color, ink: p.ink, text: p.accentText }));
  const date = /^(\d{4})(?:-(\d{1,2}))?/.exec(config.date ?? '');
  const asOf = date ? Number(date[1]) + (date[2] ? (Number(date[2]) - 0.5) / 12 : 0.5) : undefined;
  const lang = figureLang(config.lang);
  const asOfLabel = date ? figureWords(lang).asOf(date[1]!, date[2] ? Number(date[2]) : undefined) : undefined;
  // Each data file is read and validated once per compile (its errors are reported once).
  const cache = new Map<string, { value: unknown; bytes: Uint8Array | undefined }>();
  let count = 0;

  return (name, args, pos) => {
    const figure = Object.hasOwn(FIGURES, name) ? FIGURES[name] : undefined;
    if (!figure) return undefined;
    const id = `fig-${++count}-${name}`;
    const key = JSON.stringify([name, args, id, phases, asOf, asOfLabel, lang]);
    const hit = drawn.get(key) ?? store?.get(key);
    if (hit && hit.files.every(([file, bytes]) => sameBytes(source.read(file), bytes))) {
      // Most recently used last: the oldest entry is the first one dropped.
      drawn.delete(key);
      drawn.set(key, hit);
      return hit.html;
    }
    const read: Array<[string, Uint8Array | undefined]> = [];
    const reported = diags.items.length;
    const call: FigureCall = {
      pos,
      id,
      phases,
      asOf,
      asOfLabel,
      lang,
      options(schema) {
        const { values, rest } = parseFigureArgs(args);
        if (rest.length > 0) {
          diags.error(pos, `figure ${name}: cannot read "${rest.join(' ')}"`, 'write options as key=value, e.g. ```figure timeline from=1945 to=1991');
          return undefined;
        }
        const r = schema.safeParse(values);
        if (r.success) return r.data;
        for (const m of optionIssues(r.error)) diags.error(pos, `figure ${name}: ${m}`, 'see README.md "Figures" for the options of each figure');
        return undefined;
      },
      data(file, schema, hints = {}) {
        const key = `${file}\0${name}`;
        const hit = cache.get(key);
        if (hit) {
          read.push([file, hit.bytes]);
          return hit.value as ReturnType<typeof schema.parse>;
        }
        let value: unknown;
        const bytes = source.read(file);
        read.push([file, bytes]);
        if (!bytes) {
          diags.error(pos, `figure ${name}: data file "${file}" not found`, `create ${file} in the deck folder (see README.md "Figures")`);
        } else {
          const text = decodeText(bytes, file, diags);
          if (text !== undefined) value = parseYaml(text, schema, file, diags, 0, hints);
        }
        cache.set(key, { value, bytes });
        return value as ReturnType<typeof schema.parse> | undefined;
      },
      error(message, hint) {
        diags.error(pos, `figure ${name}: ${message}`, hint);
      },
      warn(message, hint) {
        diags.warn(pos, `figure ${name}: ${message}`, hint);
      },
    };
    const html = figure(call);
    if (html !== undefined && diags.items.length === reported) {
      drawn.set(key, { html, files: read });
      if (drawn.size > DRAWN_MAX) drawn.delete(drawn.keys().next().value!);
      store?.set(key, { html, files: read });
    }
    return html;
  };
}
