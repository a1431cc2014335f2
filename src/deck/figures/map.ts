// Over 250 lines: one figure — schema with its hints, projection, legend, inset and label placement share the map's frame.
import type { Polygon, Position } from 'geojson';
import { geoBounds, type GeoProjection } from 'd3-geo';
import * as clippingModule from 'polygon-clipping';
import { z } from 'zod';
import { isCssColor } from '../color.ts';
import { yearSchema } from './bounds.ts';
import type { FigureCall } from './figure.ts';
import {
  type Area,
  aspectOf,
  atlasCodes,
  BUILT_IN_AREAS,
  codeForName,
  countryName,
  labelAnchor,
  orient,
  pathData,
  polygons,
  projectionFor,
  world,
  type World,
} from './geo.ts';
import { hatchLines, pathBox } from './hatch.ts';
import { esc, figureHtml, n, textWidth } from './svg.ts';
import { figureWords } from './words.ts';

/**
 * ```figure map data=FILE.yaml [title="…"]
 *
 * A map drawn at build time from a YAML file in the deck folder: countries (ISO 3166-1 alpha-3)
 * filled by legend class, areas occupied by another country hatched over the owner's fill (never
 * filled as the occupier), free labels and an optional inset. Outlines: Natural Earth 1:50m via
 * world-atlas, simplified to the map's scale and clipped to its bounds (see geo.ts for borders).
 *
 *   title: NATO加盟国の拡大
 *   bounds: [-25, 34, 60, 71]        # [west, south, east, north]
 *   classes: [{ id: "1949", label: 1949年 原加盟国, color: cold-war }]   # phase id or CSS color
 *   regions: [{ iso: POL, class: "1999", label: ポーランド }]
 *   occupied: [{ area: crimea, of: UKR, by: RUS, since: 2014, label: クリミア },
 *              { polygon: [[37.5, 47.1], …], of: UKR, by: RUS, since: 2022, label: … }]
 *   labels: [{ text: モスクワ, lon: 37.6, lat: 55.75 }]
 *   inset: { bounds: [-130, 20, -60, 55], label: 北アメリカ }
 */

const WIDTH = 1152; // the slide's content width: 1 SVG unit = 1 px on the slide
const HEIGHT = 500; // the map's height at most (leaves the heading room on a 720 px slide)
const LEGEND = 330; // legend column
const GUTTER = 24;
const LEGEND_TEXT = 22;
const LABEL = 20;
const INK = '#1f2328'; // labels: ≥ 12:1 on white, and on any fill thanks to the white halo
const LAND = '#d9dde1';
const SEA = '#eef4f9';
const BORDER = '#ffffff';
const FRAME = '#8a939c';

/**
 * The atlas's country codes, read on first use: atlasCodes() parses world-atlas's outlines (740 KB
 * of JSON), which a deck without a map (and every `pdf` run's site build) must not pay for.
 */
let known: Set<string> | undefined;
const codes = (): Set<string> => (known ??= new Set(atlasCodes()));

// polygon-clipping's types declare named exports, but its ESM build has only a default export and
// its CJS build (what Node loads) one module.exports object: take whichever this loader gives.
const clipping = (clippingModule as unknown as { default?: typeof clippingModule }).default ?? clippingModule;

/** Bounds on the data (issue 11): the label placement and clipping work grows with these counts. */
const MAX_POINTS = 500;
const MAX_AREAS = 20;
const MAX_LABELS = 60;
const MAX_REGIONS = 300;

const bounds = z
  .tuple([z.number(), z.number(), z.number(), z.number()], { error: 'write bounds as [west, south, east, north] in degrees, e.g. [-25, 34, 60, 71]' })
  .superRefine(([w, s, e, nn], ctx) => {
    if ([w, e].some((v) => v < -180 || v > 180)) ctx.addIssue({ code: 'custom', message: 'west and east must be longitudes between -180 and 180' });
    else if ([s, nn].some((v) => v < -85 || v > 85)) ctx.addIssue({ code: 'custom', message: 'south and north must be latitudes between -85 and 85' });
    else if (w >= e) ctx.addIssue({ code: 'custom', message: `west (${w}) must be less than east (${e}): the order is [west, south, east, north]` });
    else if (s >= nn) ctx.addIssue({ code: 'custom', message: `south (${s}) must be less than north (${nn}): the order is [west, south, east, north]` });
  });

/** An id written as 1949 or "1949": YAML reads the first as a number. */
const id = z.union([z.string().min(1), z.number()]).transform(String);

/** Near codes for an unknown one: same letters but one, or the code of a country name. */
function didYouMean(code: string): string {
  const byName = codeForName(code);
  if (byName) return ` — did you mean ${byName} (${countryName(byName)})?`;
  const up = code.toUpperCase();
  if (codes().has(up)) return ` — codes are upper case: ${up}`;
  const near = [...codes()].filter((c) => c.length === up.length && [...c].filter((ch, i) => ch !== up[i]).length === 1);
  return near.length > 0 ? ` — did you mean ${near.slice(0, 4).map((c) => `${c} (${countryName(c)})`).join(', ')}?` : '';
}

const iso = z.string().superRefine((code, ctx) => {
  if (!codes().has(code)) ctx.addIssue({ code: 'custom', message: `unknown country code "${code}"${didYouMean(code)} (ISO 3166-1 alpha-3, e.g. POL)` });
});

const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)], { error: 'each point is [longitude, latitude], e.g. [37.5, 47.1]' });

function dataSchema(phaseIds: string[]) {
  return z
    .strictObject({
      title: z.string().min(1).optional(),
      bounds,
      classes: z
        .array(
          z.strictObject({
            id,
            label: z.string().min(1).max(20, 'keep legend labels to 20 characters'),
            color: z.string().refine((c) => phaseIds.includes(c) || isCssColor(c), {
              message: `not a phase of deck.yaml (${phaseIds.join(', ')}) nor a CSS color`,
            }),
          }),
        )
        .min(1, 'list at least one class (a legend entry)')
        .max(8, 'use at most 8 classes: more colors cannot be told apart'),
      regions: z
        .array(z.strictObject({ iso, class: id, label: z.string().min(1).max(16).optional() }))
        .max(MAX_REGIONS, `list at most ${MAX_REGIONS} regions (there are fewer countries)`)
        .default([]),
      occupied: z
        .array(
          z
            .strictObject({
              area: z.string().optional(),
              // Bounded (issue 11): clipping and drawing grow with the points; a sketch needs few.
              polygon: z.array(lonLat).min(3, 'a polygon needs at least 3 points [lon, lat]').max(MAX_POINTS, `a polygon has at most ${MAX_POINTS} points`).optional(),
              of: iso,
              by: iso,
              since: yearSchema.optional(),
              label: z.string().min(1).max(24).optional(),
            })
            .superRefine((o, ctx) => {
              if ((o.area === undefined) === (o.polygon === undefined)) {
                ctx.addIssue({ code: 'custom', message: 'give either area: (a built-in area) or polygon: [[lon, lat], …]' });
              } else if (o.area !== undefined) {
                const builtIn = Object.hasOwn(BUILT_IN_AREAS, o.area) ? BUILT_IN_AREAS[o.area] : undefined;
                if (!builtIn) ctx.addIssue({ code: 'custom', path: ['area'], message: `unknown area "${o.area}" (built-in: ${Object.keys(BUILT_IN_AREAS).join(', ')})` });
                else if (builtIn.of !== o.of) ctx.addIssue({ code: 'custom', path: ['of'], message: `area ${o.area} belongs to ${builtIn.of}, not ${o.of}` });
              }
              if (o.of === o.by) ctx.addIssue({ code: 'custom', path: ['by'], message: 'a country cannot occupy itself: by names the occupier' });
            }),
        )
        .max(MAX_AREAS, `list at most ${MAX_AREAS} occupied areas`)
        .default([]),
      labels: z
        .array(z.strictObject({ text: z.string().min(1).max(16), lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }))
        .max(MAX_LABELS, `place at most ${MAX_LABELS} free labels`)
        .default([]),
      inset: z.strictObject({ bounds, label: z.string().min(1).max(16).optional() }).optional(),
    })
    .superRefine((d, ctx) => {
      const ids = new Set<string>();
      d.classes.forEach((c, i) => {
        if (ids.has(c.id)) ctx.addIssue({ code: 'custom', path: ['classes', i, 'id'], message: `class "${c.id}" is listed twice` });
        ids.add(c.id);
      });
      const seen = new Set<string>();
      d.regions.forEach((r, i) => {
        if (!ids.has(r.class)) {
          ctx.addIssue({ code: 'custom', path: ['regions', i, 'class'], message: `unknown class "${r.class}" (classes: ${[...ids].join(', ')})` });
        }
        if (seen.has(r.iso)) ctx.addIssue({ code: 'custom', path: ['regions', i, 'iso'], message: `${r.iso} is listed twice: a country belongs to one class` });
        seen.add(r.iso);
      });
      d.occupied.forEach((o, i) => {
        const poly = o.polygon;
        if (poly && selfCrosses(poly)) {
          ctx.addIssue({ code: 'custom', path: ['occupied', i, 'polygon'], message: 'the polygon crosses itself: list its points in order around its edge' });
        }
      });
    });
}

type Data = z.infer<ReturnType<typeof dataSchema>>;
type Bounds = readonly [number, number, number, number];

const optionsSchema = z.strictObject({
  data: z.string().regex(/\.ya?ml$/, 'name a .yaml file in the deck folder'),
  title: z.string().min(1).optional(),
});

interface Class {
  id: string;
  label: string;
  fill: string;
}

export function mapFigure(call: FigureCall): string {
  const words = figureWords(call.lang);
  const name = (iso: string): string => countryName(iso, call.lang);
  const opts = call.options(optionsSchema);
  if (!opts) return '';
  const data = call.data(opts.data, dataSchema(call.phases.map((p) => p.id)), {
    bounds: 'bounds: [west, south, east, north], e.g. [-25, 34, 60, 71] for Europe',
    classes: 'each class is { id: "1949", label: 1949年 原加盟国, color: <phase id or CSS color> }',
    regions: 'each region is { iso: POL, class: "1999", label: ポーランド } (iso: ISO 3166-1 alpha-3)',
    occupied: 'each entry is { area: crimea, of: UKR, by: RUS, since: 2014 } or { polygon: [[lon, lat], …], of: UKR, by: RUS }',
    labels: 'each label is { text: モスクワ, lon: 37.6, lat: 55.75 }',
    inset: 'inset: { bounds: [-130, 20, -60, 55], label: 北アメリカ }',
  });
  if (!data) return '';

  const classes = new Map<string, Class>(
    data.classes.map((c) => [c.id, { id: c.id, label: c.label, fill: call.phases.find((p) => p.id === c.color)?.color ?? c.color }]),
  );
  const fillOf = new Map(data.regions.map((r) => [r.iso, classes.get(r.class)!.fill]));

  const { width: mw, height: mh } = mapBox(data.bounds);
  const projection = projectionFor(data.bounds, mw, mh);
  const geo = world(pxPerDegree(projection, data.bounds));
  const prefix = call.id;

  const parts: string[] = [];
  const groups = occupationGroups(data);
  parts.push(`<rect width="${n(mw)}" height="${n(mh)}" fill="${SEA}"/>`);

  const drawn = countryPaths(geo, projection, data.bounds, fillOf, 1);
  if (drawn.count < 1) call.warn('no country lies inside the bounds', 'check bounds: [west, south, east, north]');
  parts.push(drawn.svg);

  // Occupied areas: the part of the area inside the owner's outline (an approximate polygon never
  // spills over a border), hatched over the owner's fill: lines clipped to it (hatch.ts), then its outline.
  const labels: Array<{ text: string; x: number; y: number }> = [];
  data.occupied.forEach((o, i) => {
    const owner = geo.byIso.get(o.of);
    const geometry: Area | undefined = o.area !== undefined ? BUILT_IN_AREAS[o.area]!.geometry(geo) : owner && within(closed(o.polygon!), owner);
    if (!geometry) return;
    const d = pathData(projection, geometry, 0);
    if (!d) return;
    const g = groups.findIndex((x) => x.by === o.by && x.since === o.since);
    parts.push(
      hatchLines(`${prefix}-hatch-area-${i}`, g, `<path d="${d}"/>`, pathBox(d), INK),
      `<path d="${d}" fill="none" stroke="${INK}" stroke-width="1.5" stroke-dasharray="5 3" data-occupied="${esc(o.area ?? `polygon-${i}`)}" data-of="${o.of}" data-by="${o.by}"/>`,
    );
    if (o.label) {
      const c = labelAnchor(projection, geometry);
      if (c) labels.push({ text: o.label, x: c[0], y: c[1] });
    }
  });

  // Country labels at the centre of their largest visible part; then free labels.
  for (const r of data.regions) {
    if (!r.label) continue;
    const c = labelAnchor(projection, geo.byIso.get(r.iso)!);
    if (c) labels.push({ text: r.label, x: c[0], y: c[1] });
  }
  for (const l of data.labels) {
    const p = projection([l.lon, l.lat]);
    if (p && p[0] >= 0 && p[0] <= mw && p[1] >= 0 && p[1] <= mh) labels.push({ text: l.text, x: p[0], y: p[1] });
    else call.warn(`label "${l.text}" lies outside the map's bounds`, `move it or widen bounds in ${opts.data}`);
  }
  // The white halo that keeps labels readable on any fill is NOT a text stroke: Chromium's PDF
  // backend (Skia) embeds stroked text as a Type 3 font (not real text). It is a copy of the labels
  // dilated by a filter, which a PDF gets as a raster under the real, selectable text; the copy is
  // hidden from screen readers. `paint-order` marks the label group itself. The filter is set on
  // each label, not on the group (placeLabels): the PDF rasterizes a filter's whole region, and the
  // group's region is the whole map (printing the two maps of the default deck took 1.3 s longer).
  // Its margins (in parts of a label's box) leave room for the 2 px dilation around short labels.
  const halo = `${prefix}-halo`;
  const placed = placeLabels(labels, mw, mh, halo);
  parts.push(
    `<filter id="${halo}" x="-10%" y="-25%" width="120%" height="150%" color-interpolation-filters="sRGB"><feMorphology in="SourceAlpha" operator="dilate" radius="2" result="a"/><feFlood flood-color="#ffffff"/><feComposite in2="a" operator="in"/></filter>`,
    `<g class="fig-halo" aria-hidden="true" font-size="${LABEL}" font-weight="700" text-anchor="middle">${placed.halo}</g>`,
    `<g font-size="${LABEL}" font-weight="700" text-anchor="middle" fill="${INK}" paint-order="stroke">${placed.labels}</g>`,
  );
  parts.push(`<rect width="${n(mw)}" height="${n(mh)}" fill="none" stroke="${FRAME}" stroke-width="1"/>`);

  // Legend column: title, classes, occupation hatches, then the inset.
  const lx = mw + GUTTER;
  const lw = WIDTH - lx;
  let y = 0;
  const title = opts.title ?? data.title;
  const legend: string[] = [];
  if (title) {
    for (const line of wrap(title, lw, 24, true)) {
      // Baseline at the ascent (1.16 em in Noto Sans JP): the line's ink starts at y.
      legend.push(`<text x="${n(lx)}" y="${n(y + 28)}" font-size="24" font-weight="700">${esc(line)}</text>`);
      y += 36;
    }
    y += 6;
  }
  // A swatch is drawn at its entry's top: a 32 × 22 box at the legend's left (`rect`, attributes open).
  const rect = (top: number): string => `<rect x="${n(lx)}" y="${n(top)}" width="32" height="22" rx="3"`;
  const entry = (swatch: (top: number) => string, text: string): void => {
    const lines = wrap(text, lw - 44, LEGEND_TEXT);
    legend.push(swatch(y + 4));
    lines.forEach((line, i) => legend.push(`<text x="${n(lx + 44)}" y="${n(y + 22 + i * 28)}" font-size="${LEGEND_TEXT}">${esc(line)}</text>`));
    y += Math.max(36, lines.length * 28 + 8);
  };
  for (const c of classes.values()) {
    entry((top) => `${rect(top)} fill="${esc(c.fill)}" stroke="${FRAME}" stroke-width="1"/>`, c.label);
  }
  groups.forEach((g, i) => {
    entry(
      (top) =>
        hatchLines(`${prefix}-hatch-key-${i}`, i, `${rect(top)}/>`, { x0: lx, y0: top, x1: lx + 32, y1: top + 22 }, INK) +
        `${rect(top)} fill="none" stroke="${INK}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
      words.occupiedBy(name(g.by), g.since),
    );
  });
  parts.push(`<g class="fig-legend">${legend.join('')}</g>`);

  let height = mh;
  if (data.inset) {
    const ia = aspectOf(data.inset.bounds);
    const iw = Math.min(lw, 170 * ia);
    const ih = iw / ia;
    const caption = data.inset.label ? 36 : 0;
    const iy = Math.max(y + 12, mh - ih - caption);
    const ip = projectionFor(data.inset.bounds, iw, ih);
    const igeo = world(pxPerDegree(ip, data.inset.bounds));
    const ipaths = countryPaths(igeo, ip, data.inset.bounds, fillOf, 0.6);
    parts.push(
      `<g class="fig-inset" transform="translate(${n(lx)} ${n(iy)})">` +
        `<rect width="${n(iw)}" height="${n(ih)}" fill="${SEA}"/>${ipaths.svg}<rect width="${n(iw)}" height="${n(ih)}" fill="none" stroke="${FRAME}" stroke-width="1"/>` +
        (data.inset.label ? `<text x="0" y="${n(ih + 28)}" font-size="${LEGEND_TEXT}">${esc(words.inset(data.inset.label))}</text>` : '') +
        `</g>`,
    );
    height = Math.max(height, iy + ih + caption);
    for (const code of ipaths.visible) drawn.visible.add(code);
  } else {
    height = Math.max(height, y);
  }

  for (const r of data.regions) {
    if (!drawn.visible.has(r.iso)) call.warn(`${r.iso} (${countryName(r.iso)}) lies outside the map's bounds`, `widen bounds in ${opts.data} or show it in an inset`);
  }

  // The data list, in the deck's language: who is in each class, what is occupied since when.
  const items: string[] = [];
  const named = (code: string): string => data.regions.find((r) => r.iso === code)?.label ?? name(code);
  for (const c of classes.values()) {
    const members = data.regions.filter((r) => r.class === c.id).map((r) => named(r.iso));
    if (members.length > 0) items.push(words.classItem(c.label, members));
  }
  for (const o of data.occupied) {
    const what = o.label ?? words.partOf(name(o.of));
    items.push(words.occupiedItem(what, name(o.of), name(o.by), o.since));
  }
  const countries = data.regions.length;
  return figureHtml({
    id: call.id,
    kind: 'map',
    width: WIDTH,
    height: Math.ceil(height),
    title: title ?? words.mapTitle,
    description: words.mapDescription(countries, data.classes.map((c) => c.label), data.occupied.length > 0, data.inset?.label),
    body: parts.join(''),
    items,
  });
}

/**
 * The map's box in the SVG (its top left corner is the SVG's origin): as tall as allowed, narrower
 * when the bounds are tall; the legend column follows it. Drawn with projectionFor(bounds, width, height).
 */
export function mapBox(b: Bounds): { width: number; height: number } {
  const aspect = aspectOf(b);
  if (HEIGHT * aspect <= WIDTH - LEGEND - GUTTER) return { width: HEIGHT * aspect, height: HEIGHT };
  return { width: WIDTH - LEGEND - GUTTER, height: (WIDTH - LEGEND - GUTTER) / aspect };
}

/** Projected pixels per degree of latitude at the view's centre. */
function pxPerDegree(p: GeoProjection, [w, s, e, nn]: Bounds): number {
  const cx = (w + e) / 2;
  const cy = (s + nn) / 2;
  const a = p([cx, cy - 0.5]);
  const b = p([cx, cy + 0.5]);
  return a && b ? Math.hypot(a[0] - b[0], a[1] - b[1]) : 10;
}

/**
 * Country outlines inside the view (roughly selected by bounding box, then clipped by the
 * projection), each a path with data-iso; highlighted ones in their class's fill.
 */
/** Projected country outlines per world geometry set (geo.ts keeps a few), by view (see countryPaths). */
const shapeCache = new WeakMap<World, Map<string, Array<{ code: string; d: string }>>>();

function countryPaths(
  geo: World,
  projection: GeoProjection,
  [w, s, e, nn]: Bounds,
  fillOf: Map<string, string>,
  stroke: number,
): { svg: string; count: number; visible: Set<string> } {
  // Projecting the world is most of a compile's time, and the same bounds give the same paths:
  // remembered per geometry set and bounds, so the dev server's rebuilds (and the fuzzer) redo only
  // the fills.
  const byView = shapeCache.get(geo) ?? new Map<string, Array<{ code: string; d: string }>>();
  shapeCache.set(geo, byView);
  // The projection fits the bounds to the drawing's size; its scale and offset complete the key.
  const key = `${w},${s},${e},${nn}|${projection.scale()}|${projection.translate().join(',')}`;
  let shapes = byView.get(key);
  if (!shapes) {
    shapes = [];
    for (const { iso: code, area: geometry, inside } of geo.near([w, s, e, nn])) {
      if (!inside) {
        const [[gw, gs], [ge, gn]] = geoBounds(geometry);
        const wraps = gw > ge; // crosses the antimeridian (Russia, Fiji…): test latitude only
        if (gs > nn + 1 || gn < s - 1 || (!wraps && (gw > e + 1 || ge < w - 1))) continue;
      }
      const d = pathData(projection, geometry);
      if (d) shapes.push({ code, d });
    }
    if (byView.size >= 8) byView.delete(byView.keys().next().value!);
    byView.set(key, shapes);
  }
  const out: string[] = [];
  const visible = new Set<string>();
  for (const { code, d } of shapes) {
    visible.add(code);
    const fill = fillOf.get(code);
    out.push(`<path d="${d}" data-iso="${code}"${fill ? ` fill="${esc(fill)}"` : ''}/>`);
  }
  return {
    svg: `<g fill="${LAND}" stroke="${BORDER}" stroke-width="${stroke}" stroke-linejoin="round">${out.join('')}</g>`,
    count: out.length,
    visible,
  };
}

/**
 * The part of `poly` inside `owner`. Planar in degrees (polygon-clipping): for areas a few degrees
 * across the error is far below the outlines' own detail.
 */
function within(poly: Polygon, owner: Area): Area | undefined {
  type Geom = clippingModule.Geom;
  const r = clipping.intersection(poly.coordinates as Geom, polygons(owner) as Geom);
  if (r.length === 0) return undefined;
  return { type: 'MultiPolygon', coordinates: r.map((p) => orient({ type: 'Polygon', coordinates: p }).coordinates) };
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Labels with a white halo, split before a parenthesis when long, kept inside the map and apart:
 * each goes at its anchor when free, else at the nearest free spot around it (greedy, in the
 * author's order), with a leader line back to the anchor when moved far. Returns the labels and
 * their halo, drawn under them: each text dilated by the filter `haloFilter` (a filter on each
 * label, not on a group: the PDF rasterizes a filter's whole region), each leader a wider white
 * line (a stroke on a line is no text, so no Type 3 font).
 */
function placeLabels(labels: Array<{ text: string; x: number; y: number }>, mw: number, mh: number, haloFilter: string): { labels: string; halo: string } {
  const lineH = LABEL * 1.25;
  const em = LABEL * 1.45; // a line's ink box in Noto Sans JP (ascent + descent)
  const boxes: Box[] = [];
  const out: string[] = [];
  const halo: string[] = [];
  const leaders: Array<[number, number, number, number]> = [];
  const touches = (b: Box, [ax, ay, bx, by]: [number, number, number, number]): boolean => {
    // Sampled every 2 px: leaders are short, and this needs no segment-box geometry.
    const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / 2));
    for (let i = 0; i <= steps; i++) {
      const [x, y] = [ax + ((bx - ax) * i) / steps, ay + ((by - ay) * i) / steps];
      if (x > b.x0 - 5 && x < b.x1 + 5 && y > b.y0 - 5 && y < b.y1 + 5) return true;
    }
    return false;
  };
  const hits = (b: Box): boolean =>
    boxes.some((o) => b.x0 < o.x1 + 4 && o.x0 < b.x1 + 4 && b.y0 < o.y1 + 2 && o.y0 < b.y1 + 2) || leaders.some((l) => touches(b, l));
  for (const l of labels) {
    const lines = l.text.length > 9 && /[((]/.test(l.text.slice(1)) ? l.text.replace(/^(.+?)([((].*)$/, '$1\n$2').split('\n') : [l.text];
    const w = Math.max(...lines.map((t) => textWidth(t, LABEL, true))) + 8;
    const h = (lines.length - 1) * lineH + em;
    const at = (cx: number, cy: number): Box => {
      const x0 = Math.min(Math.max(cx - w / 2, 2), mw - w - 2);
      const y0 = Math.min(Math.max(cy - h / 2, 2), mh - h - 2);
      return { x0, y0, x1: x0 + w, y1: y0 + h };
    };
    /** The leader a label at `box` needs (from its anchor to 5 px short of the box), if moved far. */
    const leaderTo = (box: Box): [number, number, number, number] | undefined => {
      const cx = (box.x0 + box.x1) / 2;
      const cy = (box.y0 + box.y1) / 2;
      if (Math.hypot(cx - l.x, cy - l.y) <= h) return undefined;
      let ex = Math.min(Math.max(l.x, box.x0), box.x1);
      let ey = Math.min(Math.max(l.y, box.y0), box.y1);
      const len = Math.hypot(ex - l.x, ey - l.y) || 1;
      ex -= ((ex - l.x) / len) * 5;
      ey -= ((ey - l.y) / len) * 5;
      return [l.x, l.y, ex, ey];
    };
    // Nearest spots first: a grid of small nudges (a quarter of the label's width, a third of its height).
    const offsets: Array<[number, number]> = [];
    for (let i = -8; i <= 8; i++) for (let j = -8; j <= 8; j++) offsets.push([(i * w) / 4, (j * h) / 3]);
    offsets.sort((a, b) => Math.hypot(a[0], a[1]) - Math.hypot(b[0], b[1]));
    const candidates = offsets.map(([dx, dy]) => at(l.x + dx, l.y + dy));
    // Free of other labels and leaders, and its own leader (if any) clear of the other labels.
    const box =
      candidates.find((b) => {
        if (hits(b)) return false;
        const leader = leaderTo(b);
        return !leader || !boxes.some((o) => touches(o, leader));
      }) ??
      candidates.find((b) => !hits(b)) ??
      candidates[0]!;
    boxes.push(box);
    const cx = (box.x0 + box.x1) / 2;
    const leader = leaderTo(box);
    if (leader) {
      leaders.push(leader);
      const [ax, ay, ex, ey] = leader;
      out.push(`<line x1="${n(ax)}" y1="${n(ay)}" x2="${n(ex)}" y2="${n(ey)}" stroke="${INK}" stroke-width="1.5" paint-order="normal"/><circle cx="${n(ax)}" cy="${n(ay)}" r="3" fill="${INK}" stroke="none"/>`);
      halo.push(`<line x1="${n(ax)}" y1="${n(ay)}" x2="${n(ex)}" y2="${n(ey)}" stroke="#ffffff" stroke-width="5.5" stroke-linecap="round"/><circle cx="${n(ax)}" cy="${n(ay)}" r="5" fill="#ffffff"/>`);
    }
    // One <text> per label (its lines as tspans), so that a label is one thing to read and measure.
    const body =
      `x="${n(cx)}" y="${n(box.y0 + em / 2 + LABEL * 0.36)}">${esc(lines[0]!)}` +
      lines
        .slice(1)
        .map((t) => `<tspan x="${n(cx)}" dy="${n(lineH)}">${esc(t)}</tspan>`)
        .join('') +
      `</text>`;
    out.push(`<text ${body}`);
    halo.push(`<text filter="url(#${haloFilter})" ${body}`);
  }
  return { labels: out.join(''), halo: halo.join('') };
}

/** Distinct occupiers and start years, in order of appearance: one hatch (and legend entry) each. */
function occupationGroups(d: Data): Array<{ by: string; since: number | undefined }> {
  const out: Array<{ by: string; since: number | undefined }> = [];
  for (const o of d.occupied) if (!out.some((g) => g.by === o.by && g.since === o.since)) out.push({ by: o.by, since: o.since });
  return out;
}

function closed(points: Array<[number, number]>): Polygon {
  const ring: Position[] = points.map((p) => [p[0], p[1]]);
  const a = ring[0]!;
  const b = ring[ring.length - 1]!;
  if (a[0] !== b[0] || a[1] !== b[1]) ring.push([a[0]!, a[1]!]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Whether two non-adjacent edges of the ring cross (planar test in degrees: fine for small areas). */
function selfCrosses(points: Array<[number, number]>): boolean {
  const ring = closed(points).coordinates[0]!;
  const m = ring.length - 1;
  const cross = (p: Position, q: Position, r: Position): number => (q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!);
  for (let i = 0; i < m; i++) {
    for (let j = i + 2; j < m; j++) {
      if (i === 0 && j === m - 1) continue; // share the closing point
      const [a, b, c, d] = [ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!];
      if (cross(a, b, c) * cross(a, b, d) < 0 && cross(c, d, a) * cross(c, d, b) < 0) return true;
    }
  }
  return false;
}

/**
 * Greedy line breaks for legend text by measured width: in Japanese preferably after a particle or
 * a closing bracket near the end of the line (so that words stay whole), in Latin at spaces.
 */
function wrap(text: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  let rest = text;
  while (textWidth(rest, size, bold) > width) {
    const chars = [...rest];
    let fit = 0;
    while (fit < chars.length && textWidth(chars.slice(0, fit + 1).join(''), size, bold) <= width) fit++;
    let cut = fit;
    const script = (c: string): string => (/[ァ-ヺー]/.test(c) ? 'k' : /[ぁ-ゖ]/.test(c) ? 'h' : /[A-Za-z0-9]/.test(c) ? 'l' : /[一-鿿々]/.test(c) ? 'c' : 'o');
    for (let i = fit; i > Math.max(1, fit * 0.5); i--) {
      const [p, q] = [script(chars[i - 1]!), script(chars[i] ?? '')];
      const change = p !== q && p !== 'o' && q !== 'o' && !(p === 'c' && q === 'h') && !/[ー))ぁ-ゖ]/.test(chars[i] ?? ''); // a line never starts with kana particles or ー
      if (/[とのにをはがでや・、)) ]/.test(chars[i - 1]!) || change) {
        cut = i;
        break;
      }
    }
    lines.push(chars.slice(0, Math.max(cut, 1)).join('').trimEnd());
    rest = chars.slice(Math.max(cut, 1)).join('').trimStart();
  }
  if (rest) lines.push(rest);
  return lines;
}
