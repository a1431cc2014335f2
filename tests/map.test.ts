import { readFileSync } from 'node:fs';
import { geoContains } from 'd3-geo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../src/deck/compile.ts';
import { projectionFor, world } from '../src/deck/figures/geo.ts';
import { mapBox } from '../src/deck/figures/map.ts';
import { goToSlide, openDeckAtRest, type WatchedPage } from './helpers/browser.ts';
import { buildFixture, type FixtureSite } from './helpers/site.ts';
import { memoryDeck } from './helpers/memory-deck.ts';

/*
 * ```figure map: countries from world-atlas drawn at build time, borders as the UN recognises them
 * (Crimea is Ukrainian territory under occupation, never Russia's fill), the default deck's two
 * maps (slides/map-*.yaml), errors at the data file's line, and the compact timeline's labels.
 */


const DECK_YAML = `title: 地図のテスト
duration: 10
phases:
  - { id: cold-war, label: ①冷戦期, color: "#2f5d9e", minutes: 3 }
  - { id: post-cold-war, label: ②冷戦後, color: "#1f8a70", minutes: 3 }
  - { id: present, label: ③現在, color: "#c2410c", minutes: 4 }
sections:
  - a.md
`;
const NATO = readFileSync('slides/map-nato.yaml', 'utf8');
const UKRAINE = readFileSync('slides/map-ukraine.yaml', 'utf8');

function deckWith(markdown: string, extra: Record<string, string> = {}) {
  return compile(
    memoryDeck({
      'deck.yaml': DECK_YAML.replace('  - a.md', '  - a.md\n  - b.md\n  - c.md'),
      'a.md': `---\nphase: cold-war\n---\n${markdown}`,
      'b.md': '---\nphase: post-cold-war\n---\n## 二\n',
      'c.md': '---\nphase: present\n---\n## 三\n',
      'map-nato.yaml': NATO,
      'map-ukraine.yaml': UKRAINE,
      'timeline.yaml': readFileSync('slides/timeline.yaml', 'utf8'),
      ...extra,
    }),
  );
}
const errorsOf = (r: ReturnType<typeof deckWith>) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}: ${d.message}`);
const figureOf = (r: ReturnType<typeof deckWith>): string => /<figure class="deck-figure figure-map"[\s\S]*?<\/figure>/.exec(r.deck!.slides.find((s) => s.html.includes('figure-map'))!.html)![0];
const svgOf = (html: string): string => /<svg[\s\S]*<\/svg>/.exec(html)![0];
const items = (html: string): string[] => [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]!);

describe('figure map (compiler)', () => {
  const nato = deckWith('## NATO\n\n```figure map data=map-nato.yaml\n```\n');
  const ukraine = deckWith('## ウクライナ\n\n```figure map data=map-ukraine.yaml\n```\n');

  it("draws the default deck's maps without errors, each SVG ≤ 60 KiB with ≥ 20 country paths", () => {
    for (const r of [nato, ukraine]) {
      expect(errorsOf(r)).toEqual([]);
      expect(r.diagnostics).toEqual([]);
    }
    const n = svgOf(figureOf(nato));
    const u = svgOf(figureOf(ukraine));
    expect(Buffer.byteLength(n)).toBeLessThanOrEqual(60 * 1024);
    expect(Buffer.byteLength(u)).toBeLessThanOrEqual(60 * 1024);
    expect(n.match(/<path d="[^"]+" data-iso="[A-Z]{3}"/g)!.length).toBeGreaterThanOrEqual(20);
    // Small members are drawn too (1:50m outlines).
    for (const iso of ['LUX', 'MNE', 'MKD', 'SVN', 'EST', 'ISL']) expect(n).toMatch(new RegExp(`data-iso="${iso}" fill="#`));
  });

  it('names the highlighted countries, by legend class, in Japanese in the data list; title and desc', () => {
    const html = figureOf(nato);
    const list = items(html);
    expect(list[0]).toMatch(/^1949年 原加盟国\(12か国\): アメリカ、カナダ、イギリス、フランス、ベルギー、オランダ、ルクセンブルク、デンマーク、ノルウェー、アイスランド、イタリア、ポルトガル$/);
    expect(list.find((i) => i.startsWith('2009〜2020年'))).toBe('2009〜2020年: アルバニア、クロアチア、モンテネグロ、北マケドニア');
    expect(list.find((i) => i.startsWith('2023〜2024年'))).toBe('2023〜2024年 北欧2か国: フィンランド、スウェーデン');
    expect(list.join()).toMatch(/ポーランド.*チェコ.*ハンガリー/);
    expect(html).toMatch(/<title id="fig-1-map-title">NATO加盟国の拡大<\/title><desc id="fig-1-map-desc">32か国を6つの区分/);
    // Legend colors: a phase id becomes its color.
    expect(html).toMatch(/data-iso="POL" fill="#1f8a70"/);
    // CSP-safe like the other figures: no inline style, no script, no reference to follow.
    expect(html).not.toMatch(/\sstyle=|<script|\son[a-z]+=|<foreignObject|href=/i);
  });

  it('gives Crimea back to Ukraine: hatched as occupied since 2014, never filled as Russia', () => {
    const geo = world(10);
    const crimea: [number, number] = [34.1, 45.3];
    expect(geoContains({ type: 'Feature', properties: {}, geometry: geo.byIso.get('UKR')! }, crimea)).toBe(true);
    expect(geoContains({ type: 'Feature', properties: {}, geometry: geo.byIso.get('RUS')! }, crimea)).toBe(false);
    expect(geoContains({ type: 'Feature', properties: {}, geometry: geo.byIso.get('RUS')! }, [37.6, 55.75])).toBe(true); // Moscow stays
    const html = figureOf(ukraine);
    // Hatched: lines clipped to the area (its own path), then its dashed outline over them.
    expect(html).toMatch(
      /<clipPath id="(fig-1-map-hatch-area-0)"><path d="([^"]+)"\/><\/clipPath><path d="M[^"]+" clip-path="url\(#\1\)" fill="none" stroke="#1f2328" stroke-width="1\.1"\/><path d="\2" fill="none" stroke="#1f2328" stroke-width="1\.5" stroke-dasharray="5 3" data-occupied="crimea" data-of="UKR" data-by="RUS"\/>/,
    );
    expect(items(html)).toContain('クリミア: ウクライナの領土。ロシアが2014年から占領(斜線)');
    expect(items(html)).toContain('2022年以降の占領地域(2025年・概略): ウクライナの領土。ロシアが2022年から占領(斜線)');
    expect(html).toMatch(/<text[^>]*>ロシアが占領\(2014年〜\)<\/text>/);
  });

  it('draws the hatching as lines clipped to each area and swatch, on the lattice the pattern had (Skia prints a pattern as a raster)', () => {
    const html = figureOf(ukraine);
    expect(html).not.toMatch(/<pattern|url\(#[^)]*\)"[^>]*data-occupied/);
    // Every hatched shape: a clip of that shape, its lines, then the shape's dashed outline.
    const hatched = [
      ...html.matchAll(/<clipPath id="fig-1-map-hatch-(area|key)-(\d+)">(<(?:path|rect) [^>]*\/>)<\/clipPath><path d="([^"]+)" clip-path="url\(#fig-1-map-hatch-\1-\2\)" fill="none" stroke="#1f2328" stroke-width="1\.1"\/>(<(?:path|rect) [^>]*\/>)/g),
    ];
    expect(hatched.map((m) => `${m[1]}-${m[2]}`)).toEqual(['area-0', 'area-1', 'area-2', 'key-0', 'key-1']);
    for (const [, , , clip, lines, outline] of hatched) {
      expect(outline!.replace(/ fill="none" stroke="#1f2328" stroke-width="1\.5" stroke-dasharray="5 3"( data-[^/]*)?\/>$/, '/>')).toBe(clip);
      expect(lines).toMatch(/^(M-?[\d.]+ -?[\d.]+l-?[\d.]+ -?[\d.]+)+$/);
    }
    // Group 0 (since 2014: Crimea, Donbas and the first swatch): 45°, every 9 px; group 1 (since 2022): -45°, every 7 px.
    // The pattern (userSpaceOnUse, rotated) showed the half of its 2.2 px line inside each tile:
    // stripes 1.1 wide whose middles lie 0.55 past a multiple of the spacing across them.
    expect([...UKRAINE.matchAll(/since: (\d+)/g)].map((m) => m[1])).toEqual(['2014', '2014', '2022']);
    const groupOf: Record<string, 0 | 1> = { 'area-0': 0, 'area-1': 0, 'area-2': 1, 'key-0': 0, 'key-1': 1 };
    for (const [, kind, i, , lines] of hatched) {
      const [size, angle] = groupOf[`${kind}-${i}`] === 0 ? [9, Math.PI / 4] : [7, -Math.PI / 4];
      const segments = [...lines!.matchAll(/M(-?[\d.]+) (-?[\d.]+)l(-?[\d.]+) (-?[\d.]+)/g)].map((m) => m.slice(1).map(Number) as [number, number, number, number]);
      expect(segments.length).toBeGreaterThan(3);
      for (const [x, y, dx, dy] of segments) {
        const across = x * Math.cos(angle) + y * Math.sin(angle);
        const phase = (((across - 0.55) % size) + size) % size;
        expect(Math.min(phase, size - phase), `${kind}-${i}: M${x} ${y}`).toBeLessThan(0.15);
        expect(Math.abs(dx * Math.cos(angle) + dy * Math.sin(angle)), `${kind}-${i}: along the stripes`).toBeLessThan(0.15);
      }
      const offsets = segments.map(([x, y]) => Math.round((x * Math.cos(angle) + y * Math.sin(angle) - 0.55) / size)).sort((a, b) => a - b);
      expect(offsets, `${kind}-${i}: one line per stripe, none missing`).toEqual(offsets.map((_, k) => offsets[0]! + k));
    }
  });

  it('reports bad data at its line in the data file, with the fix', () => {
    const bad = (yaml: string): string[] => errorsOf(deckWith('## 地図\n\n```figure map data=m.yaml\n```\n', { 'm.yaml': yaml }));
    const base = 'bounds: [-25, 34, 60, 71]\nclasses:\n  - { id: a, label: A, color: cold-war }\nregions:\n';
    expect(bad(`${base}  - { iso: POL, class: a }\n  - { iso: Poland, class: a }\n`)).toEqual([
      'm.yaml:6: regions.1.iso: unknown country code "Poland" — did you mean POL (ポーランド)? (ISO 3166-1 alpha-3, e.g. POL)',
    ]);
    expect(bad(`${base}  - { iso: fin, class: a }\n`)[0]).toMatch(/^m\.yaml:5: regions\.0\.iso: unknown country code "fin" — codes are upper case: FIN/);
    expect(bad(`${base}  - { iso: UKZ, class: a }\n`)[0]).toMatch(/^m\.yaml:5: .*did you mean .*UKR \(ウクライナ\)/);
    expect(bad(`${base}  - { iso: POL, class: b }\n`)).toEqual(['m.yaml:5: regions.0.class: unknown class "b" (classes: a)']);
    expect(bad(`${base.replace('[-25, 34, 60, 71]', '[60, 34, -25, 71]')}  - { iso: POL, class: a }\n`)).toEqual([
      'm.yaml:1: bounds: west (60) must be less than east (-25): the order is [west, south, east, north]',
    ]);
    expect(bad(`${base.replace('cold-war', 'cold_war')}  - { iso: POL, class: a }\n`)[0]).toMatch(/^m\.yaml:3: classes\.0\.color: not a phase of deck\.yaml/);
    const occ = `${base}  - { iso: UKR, class: a }\noccupied:\n`;
    expect(bad(`${occ}  - { polygon: [[30, 45], [31, 46]], of: UKR, by: RUS }\n`)).toEqual(['m.yaml:7: occupied.0.polygon: a polygon needs at least 3 points [lon, lat]']);
    expect(bad(`${occ}  - { polygon: [[30, 45], [32, 47], [32, 45], [30, 47]], of: UKR, by: RUS }\n`)[0]).toMatch(/^m\.yaml:7: occupied\.0\.polygon: the polygon crosses itself/);
    expect(bad(`${occ}  - of: UKR\n    by: RUS\n    polygon: [[30, 45], [31, 46], [200, 45]]\n`)[0]).toMatch(/^m\.yaml:9: occupied\.0\.polygon\.2\.0: /);
    expect(bad(`${occ}  - { area: krim, of: UKR, by: RUS }\n`)).toEqual(['m.yaml:7: occupied.0.area: unknown area "krim" (built-in: crimea)']);
    expect(bad(`${occ}  - { area: crimea, of: RUS, by: UKR }\n`)).toEqual(['m.yaml:7: occupied.0.of: area crimea belongs to UKR, not RUS']);
    expect(errorsOf(deckWith('## 地図\n\n```figure map\n```\n'))[0]).toMatch(/^a\.md:6: figure map: option data: /);
    expect(errorsOf(deckWith('## 地図\n\n```figure map data=none.yaml\n```\n'))).toEqual(['a.md:6: figure map: data file "none.yaml" not found']);
  });
});

describe('figure timeline labels=compact (the recap at the end of the deck)', () => {
  it('draws every label, not only years, each split only between words', () => {
    const r = deckWith('## まとめ\n\n```figure timeline labels=year\n```\n');
    expect(errorsOf(r)).toEqual([]);
    const html = r.deck!.slides[1]!.html;
    const events = [...readFileSync('slides/timeline.yaml', 'utf8').matchAll(/year: (\d+), label: ([^,]+), phase/g)].map((m): [string, string] => [m[1]!, m[2]!]);
    expect(events.length).toBeGreaterThan(10);
    const drawn = [...html.matchAll(/<text [^>]*><tspan class="fig-year"[^>]*>(\d+)<\/tspan>(.*?)<\/text>/g)].map((m): [string, string] => [m[1]!, m[2]!.replace(/<[^>]+>/g, '|').replace(/^\|+|\|+$/g, '')]);
    expect(drawn.map(([y, l]) => [y, l.replace(/[|\s]/g, '')]).sort()).toEqual(events.map(([y, l]) => [y, l.replace(/\s/g, '')]).sort());
    const splits = Object.fromEntries(drawn);
    expect(splits['1962']).toBe('キューバ||危機');
    expect(splits['2022']).toBe('ウクライナ||全面侵攻');
    expect(splits['1991']).toBe('ソ連崩壊・||ロシア連邦誕生');
  });
});

describe('maps in Chromium (fixture deck tests/fixtures/map, 1280×720)', () => {
  let site: FixtureSite;
  let w: WatchedPage;
  beforeAll(async () => {
    site = await buildFixture('map', 'map');
    w = await openDeckAtRest(site.url);
  });
  afterAll(async () => {
    await w?.close();
    await site?.close();
  });

  it('uses the same data files as the default deck', () => {
    for (const f of ['map-nato.yaml', 'map-ukraine.yaml']) {
      expect(readFileSync(`tests/fixtures/map/${f}`, 'utf8'), f).toBe(readFileSync(`slides/${f}`, 'utf8'));
    }
  });

  it("Crimea's point is in Ukraine's fill, not Russia's; labels in the deck font, apart and inside the map", async () => {
    await goToSlide(w.page, 3);
    const bounds = [20, 43.5, 45, 54] as const;
    expect(UKRAINE).toContain(`bounds: [${bounds.join(', ')}]`);
    const box = mapBox(bounds);
    const [x, y] = projectionFor(bounds, box.width, box.height)([34.1, 45.3])!;
    const r = await w.page.evaluate(
      ({ x, y }) => {
        const svg = document.querySelector<SVGSVGElement>('.reveal .slides > section.present figure.figure-map svg')!;
        const pt = svg.createSVGPoint();
        pt.x = x;
        pt.y = y;
        const fill = (iso: string) => svg.querySelector<SVGPathElement>(`path[data-iso="${iso}"]`)!.isPointInFill(pt);
        const hatch = svg.querySelector<SVGPathElement>('path[data-occupied="crimea"]')!;
        const texts = [...svg.querySelectorAll<SVGTextElement>('g[paint-order] text')].map((t) => ({ t: t.textContent, b: t.getBBox() }));
        const overlaps: string[] = [];
        texts.forEach((a, i) =>
          texts.slice(i + 1).forEach((b) => {
            if (a.b.x < b.b.x + b.b.width && b.b.x < a.b.x + a.b.width && a.b.y < b.b.y + b.b.height && b.b.y < a.b.y + a.b.height) overlaps.push(`${a.t} × ${b.t}`);
          }),
        );
        return {
          ukraine: fill('UKR'),
          russia: fill('RUS'),
          hatched: hatch.isPointInFill(pt),
          ukraineFill: svg.querySelector('path[data-iso="UKR"]')!.getAttribute('fill'),
          overlaps,
          outside: texts.filter((t) => t.b.x < 0 || t.b.y < 0 || t.b.x + t.b.width > svg.viewBox.baseVal.width || t.b.y + t.b.height > svg.viewBox.baseVal.height).map((t) => t.t),
          fonts: [...new Set([...svg.querySelectorAll('text')].map((t) => getComputedStyle(t).fontFamily.split(',')[0]!.replace(/["']/g, '').trim()))],
        };
      },
      { x, y },
    );
    expect(r).toEqual({ ukraine: true, russia: false, hatched: true, ukraineFill: '#f2c94c', overlaps: [], outside: [], fonts: ['Noto Sans JP'] });
  });

  it('covers each hatched area and legend swatch with its lines, clipped to that shape', async () => {
    await goToSlide(w.page, 3);
    const r = await w.page.evaluate(() => {
      const svg = document.querySelector<SVGSVGElement>('.reveal .slides > section.present figure.figure-map svg')!;
      return [...svg.querySelectorAll('clipPath')].map((clip) => {
        const shape = clip.firstElementChild as SVGGraphicsElement;
        const lines = svg.querySelector<SVGPathElement>(`path[clip-path="url(#${clip.id})"]`);
        // Each line's place across the stripes (its normal is its direction turned a quarter), and
        // the shape's box corners' places: no stripe that would cross the box may be missing.
        const segments = [...(lines?.getAttribute('d') ?? '').matchAll(/M(-?[\d.]+) (-?[\d.]+)l(-?[\d.]+) (-?[\d.]+)/g)].map((m) => m.slice(1).map(Number));
        const [, , dx, dy] = segments[0] ?? [0, 0, 0, 1];
        const [ux, uy] = [dy! / Math.hypot(dx!, dy!), -dx! / Math.hypot(dx!, dy!)];
        const across = segments.map(([x, y]) => x! * ux + y! * uy).sort((a, b) => a - b);
        const spacing = across.length > 1 ? across[1]! - across[0]! : Infinity;
        const b = shape.getBBox();
        const corners = [b.x * ux + b.y * uy, (b.x + b.width) * ux + b.y * uy, b.x * ux + (b.y + b.height) * uy, (b.x + b.width) * ux + (b.y + b.height) * uy];
        return {
          id: clip.id,
          clipped: lines ? getComputedStyle(lines).clipPath === `url("#${clip.id}")` : false,
          covered: across.length > 1 && across[0]! - spacing < Math.min(...corners) && across.at(-1)! + spacing > Math.max(...corners),
          stroke: lines ? getComputedStyle(lines).stroke : 'none',
        };
      });
    });
    const ok = { clipped: true, covered: true, stroke: 'rgb(31, 35, 40)' };
    expect(r).toEqual(['area-0', 'area-1', 'area-2', 'key-0', 'key-1'].map((k) => ({ id: `fig-3-map-hatch-${k}`, ...ok })));
  });

  it('fits the NATO map on its slide: the figure stays inside the slide and its labels apart', async () => {
    await goToSlide(w.page, 1);
    const r = await w.page.evaluate(() => {
      const section = document.querySelector('.reveal .slides > section.present')!;
      const fig = section.querySelector('figure.figure-map')!.getBoundingClientRect();
      const slide = document.querySelector('.reveal .slides')!.getBoundingClientRect();
      const texts = [...section.querySelectorAll<SVGTextElement>('figure svg g[paint-order] text')].map((t) => ({ t: t.textContent, b: t.getBoundingClientRect() }));
      const overlaps: string[] = [];
      texts.forEach((a, i) =>
        texts.slice(i + 1).forEach((b) => {
          if (a.b.left < b.b.right && b.b.left < a.b.right && a.b.top < b.b.bottom && b.b.top < a.b.bottom) overlaps.push(`${a.t} × ${b.t}`);
        }),
      );
      return { inside: fig.bottom <= slide.bottom + 0.5 && fig.right <= slide.right + 0.5, labels: texts.length, overlaps, paths: section.querySelectorAll('path[data-iso]').length };
    });
    expect(r.inside).toBe(true);
    expect(r.labels).toBeGreaterThanOrEqual(8);
    expect(r.overlaps).toEqual([]);
    expect(r.paths).toBeGreaterThanOrEqual(20);
  });
});
