import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { geoBounds } from 'd3-geo';
import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import { presimplify } from 'topojson-simplify';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
// Natural Earth 1:50m outlines (756 KB). 1:110m has Luxembourg, Montenegro and North Macedonia too,
// but as a few points each; 1:50m keeps small countries recognisable once simplified per map.
// Imported as a JSON module rather than read through the deck's file seam: it is part of the tool,
// not of the deck, and this keeps src/deck free of fs (bundlers inline it; Node ≥ 20.10 imports it).
import atlas from 'world-atlas/countries-50m.json' with { type: 'json' };

/**
 * The atlas's country outlines, simplified per map scale and loaded lazily: only the countries a
 * map may show (or names) are simplified and converted, which was most of a map's build time.
 * The result is exactly what simplifying and converting the whole atlas gives: Visvalingam's
 * presimplify works arc by arc (each arc's points weighed on their own), so an arc weighed alone
 * gets the same weights, and a country is built from its own arcs only.
 */

export type Area = Polygon | MultiPolygon;

export function polygons(a: Area): Position[][][] {
  return a.type === 'Polygon' ? [a.coordinates] : a.coordinates;
}

type Bounds = readonly [number, number, number, number];

export interface World {
  /** Country geometry by alpha-3 code (simplified for the map's scale), with Crimea in Ukraine. */
  byIso: { get(iso: string): Area | undefined };
  /**
   * Countries that may lie within a degree of `bounds` by their geoBounds, in the atlas's order (a
   * superset); `inside` when they surely do, so that the caller need not measure them.
   */
  near(bounds: Bounds): Iterable<{ iso: string; area: Area; inside: boolean }>;
  readonly crimea: MultiPolygon;
}

/** Crimea's box: the Russian polygon lying inside it is the peninsula (with Sevastopol). */
const CRIMEA_BOX = [32.3, 44.3, 36.8, 46.3] as const;

type Arc = Array<[number, number]>;
type WeighedArc = Array<[number, number, number]>;
const topology = atlas as unknown as Topology & { arcs: Arc[] };

interface Entry {
  iso: string;
  /** The atlas's geometries for this code, in order (the last one with a shape wins). */
  sources: GeometryObject[];
  arcs: number[];
  /** [west, south, east, north] of the full-detail vertices, in degrees. */
  box: [number, number, number, number];
}

let entries: Map<string, Entry> | undefined;
/** Each arc's points with their Visvalingam weight, weighed on first use. */
const weighed: Array<WeighedArc | undefined> = [];

/**
 * Natural Earth's numeric ids are ISO 3166-1 numeric codes: the alpha-3 code of an atlas geometry
 * (Kosovo and a few disputed areas have none and are left out).
 */
function isoOf(g: GeometryObject): string | undefined {
  return g.id === undefined ? undefined : countries.numericToAlpha3(String(g.id));
}

/** The atlas's countries by code, in the atlas's order, with their arcs and the bounding box of their vertices. */
function index(): Map<string, Entry> {
  if (entries) return entries;
  const [sx, sy] = topology.transform!.scale;
  const [tx, ty] = topology.transform!.translate;
  // Arcs are delta-encoded integers: their boxes cost one pass and no allocation per point.
  const arcBox = topology.arcs.map((arc) => {
    let [x, y, x0, y0, x1, y1] = [0, 0, Infinity, Infinity, -Infinity, -Infinity];
    for (const p of arc) {
      x += p[0]!;
      y += p[1]!;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    return [x0 * sx + tx, y0 * sy + ty, x1 * sx + tx, y1 * sy + ty] as const;
  });
  const byIso = new Map<string, Entry>();
  const collection = topology.objects['countries'] as GeometryCollection;
  for (const g of collection.geometries) {
    const iso = isoOf(g);
    if (!iso) continue;
    const e = byIso.get(iso) ?? { iso, sources: [], arcs: [], box: [Infinity, Infinity, -Infinity, -Infinity] };
    byIso.set(iso, e);
    e.sources.push(g);
    const ids = 'arcs' in g ? (g.arcs as unknown[]).flat(2) as number[] : [];
    for (const i of ids) {
      const a = arcBox[i < 0 ? ~i : i]!;
      e.arcs.push(i < 0 ? ~i : i);
      e.box = [Math.min(e.box[0], a[0]), Math.min(e.box[1], a[1]), Math.max(e.box[2], a[2]), Math.max(e.box[3], a[3])];
    }
  }
  return (entries = byIso);
}

/** Weighs the arcs not weighed yet, together (presimplify's heap empties after each arc). */
function weigh(ids: number[]): void {
  const missing = [...new Set(ids)].filter((i) => !weighed[i]);
  if (missing.length === 0) return;
  const part = { type: 'Topology', transform: topology.transform, arcs: missing.map((i) => topology.arcs[i]), objects: {} };
  const done = presimplify(part as unknown as Parameters<typeof presimplify>[0]).arcs as unknown as WeighedArc[];
  missing.forEach((i, k) => (weighed[i] = done[k]));
}

/**
 * How far the geoBounds of a country's simplified outline may reach beyond the box of its
 * full-detail vertices: simplifying only drops vertices, and great-circle edges bulge a little
 * towards the pole (measured over this atlas at every weight from 2⁻¹⁵ to 2⁴: 0.002°).
 */
const SLACK = 0.5;

/**
 * Whether a country with this vertex box may pass countryPaths' test (its geoBounds within a
 * degree of the view); a box 180° wide or more may wrap the antimeridian: only its latitudes count.
 */
function mayShow([x0, y0, x1, y1]: Entry['box'], [w, s, e, n]: Bounds): boolean {
  const m = 1 + SLACK;
  if (y0 > n + m || y1 < s - m) return false;
  return x1 - x0 >= 180 || !(x0 > e + m || x1 < w - m);
}

/** Whether a country with this vertex box surely passes countryPaths' test: its box lies inside the view. */
function surelyShows([x0, y0, x1, y1]: Entry['box'], [w, s, e, n]: Bounds): boolean {
  const m = 1 - SLACK;
  return x0 >= w - m && x1 <= e + m && y0 >= s - m && y1 <= n + m;
}

/**
 * Whether a vertex of `area` lies within a degree of the view: then so does its geoBounds, which
 * contains every vertex (a planar test, far cheaper than geoBounds' spherical one). Vertices on
 * the antimeridian are skipped: geoBounds may give their longitude the other sign.
 */
function hasVertexIn(area: Area, [w, s, e, n]: Bounds): boolean {
  const d = 1 - 1e-6;
  for (const poly of polygons(area)) {
    for (const ring of poly) {
      for (const [x, y] of ring as Array<[number, number]>) {
        if (x >= w - d && x <= e + d && y >= s - d && y <= n + d && Math.abs(x) < 179.99) return true;
      }
    }
  }
  return false;
}

/** The countries at simplification `weight` (topojson-simplify's minimum weight), built on demand. */
export function lazyWorld(weight: number): World {
  const arcs: Arc[] = []; // sparse: the simplified arcs built so far
  const topo = { type: 'Topology', arcs, objects: {} } as unknown as Topology;
  const built = new Map<string, Area | undefined>();
  let crimea: MultiPolygon | undefined;
  const raw = (e: Entry): Area | undefined => {
    weigh(e.arcs);
    for (const i of e.arcs) {
      if (arcs[i]) continue;
      // topojson-simplify's simplify, for one arc: the points weighing at least `weight`.
      const out: Arc = [];
      for (const p of weighed[i]!) if (p[2] >= weight) out.push([p[0], p[1]]);
      arcs[i] = out;
    }
    let area: Area | undefined;
    for (const g of e.sources) area = (feature(topo, g) as Feature<Area | null>).geometry ?? area;
    return area;
  };
  const entry = (iso: string): Entry | undefined => index().get(iso);
  /** Natural Earth draws Crimea inside Russia: carved out of it and given back to Ukraine. */
  const carve = (): MultiPolygon => {
    if (crimea) return crimea;
    const coordinates: Position[][][] = [];
    const [r, u] = [entry('RUS'), entry('UKR')];
    const rus = r && raw(r);
    const ukr = u && raw(u);
    built.set('RUS', rus);
    built.set('UKR', ukr);
    if (rus && ukr) {
      const keep: Position[][][] = [];
      for (const poly of polygons(rus)) {
        const [[w, s], [e, n]] = geoBounds({ type: 'Polygon', coordinates: poly });
        const inside = w >= CRIMEA_BOX[0] && s >= CRIMEA_BOX[1] && e <= CRIMEA_BOX[2] && n <= CRIMEA_BOX[3];
        (inside ? coordinates : keep).push(poly);
      }
      built.set('RUS', { type: 'MultiPolygon', coordinates: keep });
      built.set('UKR', { type: 'MultiPolygon', coordinates: [...polygons(ukr), ...coordinates] });
    }
    return (crimea = { type: 'MultiPolygon', coordinates });
  };
  const get = (iso: string): Area | undefined => {
    if (iso === 'RUS' || iso === 'UKR') carve();
    if (!built.has(iso)) {
      const e = entry(iso);
      built.set(iso, e && raw(e));
    }
    return built.get(iso);
  };
  return {
    byIso: { get },
    *near(bounds) {
      for (const e of index().values()) {
        if (!mayShow(e.box, bounds)) continue;
        const area = get(e.iso);
        if (area) yield { iso: e.iso, area, inside: surelyShows(e.box, bounds) || hasVertexIn(area, bounds) };
      }
    },
    get crimea() {
      return carve();
    },
  };
}

/** Alpha-3 codes of the countries the atlas has outlines for. */
export function atlasCodes(): string[] {
  const out: string[] = [];
  for (const g of (topology.objects['countries'] as GeometryCollection).geometries) {
    const iso = isoOf(g);
    if (iso) out.push(iso);
  }
  return out;
}
