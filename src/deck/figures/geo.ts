// Over 250 lines: the outline data's corrections (Crimea carved out, borders as the UN recognises them) belong with its loading.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { geoArea, geoConicEqualArea, geoPath, geoStream, type GeoProjection } from 'd3-geo';
import countries from 'i18n-iso-countries';
import polylabel from 'polylabel';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import ja from 'i18n-iso-countries/langs/ja.json' with { type: 'json' };
import { type Area, lazyWorld, polygons, type World } from './world.ts';

export { atlasCodes, polygons, type Area, type World } from './world.ts';

/**
 * The world's country outlines for build-time maps, with borders as the UN General Assembly
 * (resolution 68/262) and Japan recognise them. Natural Earth (and so world-atlas) draws Crimea
 * inside Russia's polygon; here it is carved out of Russia and given back to Ukraine, and kept as
 * the built-in area `crimea` so that a map can hatch it as occupied.
 */

export interface Country {
  /** ISO 3166-1 alpha-3 code. */
  iso: string;
  geometry: Area;
}

// i18n-iso-countries: ISO 3166-1 alpha-2/alpha-3/numeric tables and Japanese names, well kept
// (monthly releases); only the Japanese and English locales are loaded (figures/words.ts).
countries.registerLocale(ja);
countries.registerLocale(en);

/** Shorter everyday names for a lecture (the package gives official ones, e.g. ロシア連邦). */
const SHORT_JA: Record<string, string> = {
  RUS: 'ロシア',
  USA: 'アメリカ',
  GBR: 'イギリス',
  MDA: 'モルドバ',
  KOR: '韓国',
  PRK: '北朝鮮',
  CHN: '中国',
  IRN: 'イラン',
  SYR: 'シリア',
  VEN: 'ベネズエラ',
  BOL: 'ボリビア',
  TZA: 'タンザニア',
  LAO: 'ラオス',
  VNM: 'ベトナム',
};

/** The country's name in the deck's language (Japanese, or English: its everyday alias, e.g. Russia). */
export function countryName(iso: string, lang: 'ja' | 'en' = 'ja'): string {
  if (lang === 'en') return countries.getName(iso, 'en', { select: 'alias' }) ?? iso;
  return SHORT_JA[iso] ?? countries.getName(iso, 'ja') ?? iso;
}

/** Worlds by simplification weight, a few kept: a deck's maps and insets come in a few scales. */
const cache = new Map<number, World>();

/**
 * Countries for a map drawn at `pxPerDegree` (projected pixels per degree of latitude): the
 * outlines are simplified (Visvalingam) to drop details smaller than about a pixel, which is what
 * keeps a map of Europe under 60 KiB.
 */
export function world(pxPerDegree: number): World {
  // Planar area in degrees² of one px², rounded to a power of 2^(1/2) so nearby scales share a world.
  const weight = Math.pow(Math.SQRT2, Math.round(Math.log(1 / (pxPerDegree * pxPerDegree)) / Math.log(Math.SQRT2)));
  const hit = cache.get(weight);
  if (hit) return hit;
  const w = lazyWorld(weight);
  if (cache.size >= 4) cache.delete(cache.keys().next().value!);
  cache.set(weight, w);
  return w;
}

/** The alpha-3 code for a country name (English or Japanese) an author may have written instead. */
export function codeForName(name: string): string | undefined {
  return countries.getAlpha3Code(name, 'en') ?? countries.getAlpha3Code(name, 'ja') ?? (Object.entries(SHORT_JA).find(([, v]) => v === name)?.[0]);
}

/** Built-in areas that `occupied:` entries can name. */
export const BUILT_IN_AREAS: Record<string, { of: string; geometry: (w: World) => Area }> = {
  crimea: { of: 'UKR', geometry: (w) => w.crimea },
};

/**
 * A projection for a map of `bounds` ([west, south, east, north]) drawn in a `width` × `height`
 * box: conic equal-area with standard parallels inside the view (fair areas for comparing
 * countries), centred on the view and scaled so the whole bounds rectangle fits.
 */
export function projectionFor(bounds: readonly [number, number, number, number], width: number, height: number): GeoProjection {
  const [w, s, e, n] = bounds;
  const p = geoConicEqualArea()
    .parallels([s + (n - s) / 6, n - (n - s) / 6])
    .rotate([-(w + e) / 2, 0])
    .center([0, (s + n) / 2]);
  p.fitExtent(
    [
      [0, 0],
      [width, height],
    ],
    boundsOutline(bounds),
  );
  return p.clipExtent([
    [0, 0],
    [width, height],
  ]);
}

/** Width ÷ height of `bounds` drawn by projectionFor. */
export function aspectOf(bounds: readonly [number, number, number, number]): number {
  const p = projectionFor(bounds, 1000, 1000).clipExtent(null);
  const pts = boundsOutline(bounds).coordinates[0]!.map((c) => p(c as [number, number])!);
  const xs = pts.map((q) => q[0]);
  const ys = pts.map((q) => q[1]);
  return (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
}

/** The bounds rectangle as a polygon along parallels and meridians (densified so it curves). */
export function boundsOutline([w, s, e, n]: readonly [number, number, number, number]): Polygon {
  const ring: Position[] = [];
  const steps = 24;
  for (let i = 0; i <= steps; i++) ring.push([w + ((e - w) * i) / steps, s]);
  for (let i = 1; i <= steps; i++) ring.push([e, s + ((n - s) * i) / steps]);
  for (let i = 1; i <= steps; i++) ring.push([e - ((e - w) * i) / steps, n]);
  for (let i = 1; i < steps; i++) ring.push([w, n - ((n - s) * i) / steps]);
  ring.push([w, s]);
  return orient({ type: 'Polygon', coordinates: [ring] });
}

/**
 * d3-geo reads rings on the sphere clockwise (the opposite of GeoJSON's RFC 7946): a ring wound
 * the other way means "the whole globe but this". Authors cannot be expected to know, so a ring
 * enclosing more than a hemisphere is reversed.
 */
export function orient(p: Polygon): Polygon {
  if (geoArea(p) <= 2 * Math.PI) return p;
  return { type: 'Polygon', coordinates: p.coordinates.map((r) => [...r].reverse()) };
}

/**
 * SVG path data of `area` drawn with `projection`: parts smaller than `minArea` px² dropped (islets
 * that would be a speck), the rest written with relative whole-pixel moves ("l3-2"), which is
 * about half the size of d3's absolute decimals. Empty when nothing is visible.
 */
export function pathData(projection: GeoProjection, area: Area, minArea = 3): string {
  // Each part is projected and clipped once (the costly step), its stream recorded: the area is
  // measured on the recording and the kept parts are drawn from it, as d3 would have drawn them.
  const parts = polygons(area)
    .map((coordinates) => recordProjected(projection, { type: 'Polygon', coordinates }))
    .map((r) => ({ r, a: planar.area(r.measured) }))
    .filter((x) => x.a > 0);
  if (parts.length === 0) return '';
  const largest = Math.max(...parts.map((x) => x.a));
  const out = new RelativePath();
  for (const { r, a } of parts) if (a >= minArea || a === largest) replay(r.events, out);
  return out.toString();
}

const [MOVE, LINE, CLOSE] = [0, 1, 2];

/** geoPath without a projection: measures already projected (planar) geometry. */
const planar = geoPath();

/**
 * A projected stream, recorded: `events` are the drawing calls d3's path context would make,
 * as triples [kind, x, y] (kind: MOVE, LINE or CLOSE), `measured` the polygons it streamed with each ring closed again
 * (geoStream drops a ring's closing point), whose planar area is what path.area would return.
 */
function recordProjected(projection: GeoProjection, p: Polygon): { events: number[]; measured: MultiPolygon } {
  const events: number[] = [];
  const measured: MultiPolygon = { type: 'MultiPolygon', coordinates: [] };
  let rings: Position[][] | undefined;
  let ring: Position[] = [];
  let first = true;
  const stream = {
    polygonStart() {
      rings = [];
      measured.coordinates.push(rings);
    },
    polygonEnd() {
      rings = undefined;
    },
    lineStart() {
      ring = [];
      first = true;
      rings?.push(ring);
    },
    lineEnd() {
      if (rings) {
        if (ring.length > 0) ring.push(ring[0]!);
        events.push(CLOSE, 0, 0);
      }
    },
    point(x: number, y: number) {
      ring.push([x, y]);
      events.push(first ? MOVE : LINE, x, y);
      first = false;
    },
    sphere() {},
  };
  geoStream(p, projection.stream(stream));
  return { events, measured };
}

/** Draws a recording of recordProjected into a path context, as d3's PathContext does. */
function replay(events: number[], out: RelativePath): void {
  for (let i = 0; i < events.length; i += 3) {
    const kind = events[i];
    if (kind === MOVE) out.moveTo(events[i + 1]!, events[i + 2]!);
    else if (kind === LINE) out.lineTo(events[i + 1]!, events[i + 2]!);
    else out.closePath();
  }
}

/** A d3-geo path context writing relative, rounded SVG path commands. */
class RelativePath {
  private d = '';
  private x = 0;
  private y = 0;
  private x0 = 0;
  private y0 = 0;
  private open = false;
  moveTo(x: number, y: number): void {
    const [rx, ry] = [Math.round(x), Math.round(y)];
    this.d += `${this.open ? 'm' : 'M'}${num(this.open ? rx - this.x : rx, true)}${num(this.open ? ry - this.y : ry)}`;
    this.open = true;
    this.x = this.x0 = rx;
    this.y = this.y0 = ry;
  }
  lineTo(x: number, y: number): void {
    const [rx, ry] = [Math.round(x), Math.round(y)];
    if (rx === this.x && ry === this.y) return; // a point within the same pixel
    this.d += `l${num(rx - this.x, true)}${num(ry - this.y)}`;
    this.x = rx;
    this.y = ry;
  }
  closePath(): void {
    // After "z" the current point is the subpath's start, which the next "m" is relative to.
    this.d += 'z';
    this.x = this.x0;
    this.y = this.y0;
  }
  beginPath(): void {
    // Nothing to start: moveTo begins each ring.
  }
  arc(): void {
    // Only used for point features, which maps never draw.
  }
  toString(): string {
    return this.d;
  }
}

/** A coordinate in path data: a minus sign separates numbers by itself. */
function num(v: number, first = false): string {
  return first || v < 0 ? String(v) : ` ${v}`;
}

/**
 * Where a label for `area` goes in the drawing: in its largest visible part (after clipping to the
 * view), at the point farthest from that part's edges (polylabel: inside even a crescent, where a
 * centroid may fall outside). Undefined when nothing is visible.
 */
export function labelAnchor(projection: GeoProjection, area: Area): [number, number] | undefined {
  const rings: number[][][] = [];
  let ring: number[][] = [];
  geoPath(projection, {
    beginPath() {},
    moveTo(x, y) {
      ring = [[x, y]];
      rings.push(ring);
    },
    lineTo(x, y) {
      ring.push([x, y]);
    },
    closePath() {},
    arc() {},
  })(area);
  // Largest ring by planar area (shoelace): the biggest visible piece.
  let best: number[][] | undefined;
  let bestArea = 0;
  for (const r of rings) {
    let a = 0;
    for (let i = 0; i < r.length; i++) {
      const [x0, y0] = r[i]!;
      const [x1, y1] = r[(i + 1) % r.length]!;
      a += x0! * y1! - x1! * y0!;
    }
    if (Math.abs(a) / 2 > bestArea) {
      bestArea = Math.abs(a) / 2;
      best = r;
    }
  }
  if (!best) return undefined;
  const p = polylabel([best], 1);
  return Number.isFinite(p[0]) ? [p[0], p[1]] : undefined;
}
