import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compile, compileDeck } from '../src/deck/compile.ts';
import { readDeckFolder } from '../src/node/deck-files.ts';
import { onEachSlide, openDeckAtRest, type WatchedPage } from './helpers/browser.ts';
import { memoryDeck } from './helpers/memory-deck.ts';

/*
 * ```figure blocks: data-driven SVG drawn at build time. Unit tests on the compiler output
 * (accessibility, CSP safety, colors, options, errors with file:line), then the layout in
 * Chromium with the real font: no label overlaps another label or a mark, all inside the drawing.
 */


const DECK_YAML = `title: 図のテスト
duration: 10
phases:
  - { id: old, label: ①むかし, color: "#2f5d9e", minutes: 5 }
  - { id: new, label: ②いま, color: "#1f8a70", minutes: 5 }
sections:
  - a.md
  - b.md
`;
const TIMELINE = `events:
  - { year: 1917, label: ロシア革命・ソ連誕生, phase: old }
  - { year: 1962, label: キューバ危機, phase: old }
  - { year: 1991, label: ソ連崩壊, phase: new }
  - { year: 2022, label: ウクライナ全面侵攻, phase: new }
`;
const TREATIES = `treaties:
  - { name: SALT II, signed: 1979, note: 調印したがアメリカは批准せず }
  - { name: START I, signed: 1991, inForce: 1994, ended: 2009, label: 1994〜2009年に有効, note: 戦略兵器削減 }
  - { name: New START, signed: 2010, inForce: 2011, until: 2026, suspended: 2023, label: 2026年2月まで, note: 2023年ロシアが参加停止 }
`;

function deckWith(markdown: string, extra: Record<string, string> = {}) {
  return compile(memoryDeck({ 'deck.yaml': DECK_YAML, 'a.md': `---\nphase: old\n---\n${markdown}`, 'b.md': '---\nphase: new\n---\n## おわり\n', 'timeline.yaml': TIMELINE, 'treaties.yaml': TREATIES, ...extra }));
}
const errorsOf = (r: ReturnType<typeof deckWith>) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}: ${d.message}`);
const htmlOf = (r: ReturnType<typeof deckWith>, i = 0): string => r.deck!.slides.filter((s) => s.kind === 'content')[i]!.html;

describe('figure timeline (compiler)', () => {
  it('draws an accessible SVG with the data as text, named and described', () => {
    const r = deckWith('## 年表\n\n```figure timeline\n```\n');
    expect(errorsOf(r)).toEqual([]);
    const html = htmlOf(r);
    const svg = /<svg [^>]*>/.exec(html)![0];
    expect(svg).toContain('role="img"');
    const [labelled, described] = [/aria-labelledby="([^"]+)"/.exec(svg)![1]!, /aria-describedby="([^"]+)"/.exec(svg)![1]!];
    expect(html).toMatch(new RegExp(`<title id="${labelled}">年表 1917〜2022年</title>`));
    expect(html).toMatch(new RegExp(`<desc id="${described}">[^<]+</desc>`));
    const items = [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
    expect(items).toEqual(['1917年 ロシア革命・ソ連誕生(①むかし)', '1962年 キューバ危機(①むかし)', '1991年 ソ連崩壊(②いま)', '2022年 ウクライナ全面侵攻(②いま)']);
    expect(html).toMatch(/<ol class="fig-data sr-only">/);
  });

  it('is CSP-safe: no inline style, no script, no event handler, no external reference', () => {
    const html = htmlOf(deckWith('## 年表\n\n```figure timeline\n```\n\n```figure treaties\n```\n'));
    expect(html).not.toMatch(/\sstyle=|<script|\son[a-z]+=|<foreignObject|href=/i);
  });

  it('colors each event and band segment with its phase color, and writes the years darkened to AA', () => {
    const html = htmlOf(deckWith('## 年表\n\n```figure timeline\n```\n'));
    const events = [...html.matchAll(/<g class="fig-event">.*?<circle [^>]*fill="([^"]+)".*?<tspan class="fig-year" fill="([^"]+)">(\d+)</g)].map((m) => [m[3], m[1], m[2]]);
    expect(events.sort()).toEqual([
      ['1917', '#2f5d9e', '#2f5d9e'],
      ['1962', '#2f5d9e', '#2f5d9e'],
      // #1f8a70 is 4.1:1 on white: darkened for text until it reaches 4.5:1 on white and on the
      // theme's surface #f2f4f6 (phaseTextColor), kept for marks.
      ['1991', '#1f8a70', '#047e64'],
      ['2022', '#1f8a70', '#047e64'],
    ]);
    const band = [...html.matchAll(/<rect [^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    expect(band).toEqual(['#2f5d9e', '#1f8a70']);
    // Phase names on the band in the ink that meets AA on it (black on #1f8a70).
    expect(html).toContain('fill="#000000">②いま</text>');
  });

  it('takes options on the fence line or in the body: a year range and compact labels', () => {
    const html = htmlOf(deckWith('## 年表\n\n```figure timeline from=1950\nto: 2000\nlabels: compact\n```\n'));
    expect([...html.matchAll(/<li>(\d+)年/g)].map((m) => m[1])).toEqual(['1962', '1991']);
    // Compact still draws the labels (tests/map.test.ts checks how they wrap).
    expect(html).toMatch(/<tspan dx="[\d.]+">キューバ<\/tspan><tspan x="[\d.]+" dy="[\d.]+">危機<\/tspan>/);
    expect(html).toContain('<title id="fig-1-timeline-title">年表 1962〜1991年</title>');
  });

  it('gives every figure in the deck its own ids', () => {
    const r = deckWith('## 年表\n\n```figure timeline\n```\n\n---\n## もう一度\n\n```figure timeline from=1960\n```\n');
    const ids = r.deck!.slides.flatMap((s) => [...s.html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    expect(ids.length).toBeGreaterThan(4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reports bad options and ranges at the figure block (file:line)', () => {
    expect(errorsOf(deckWith('## 年表\n\n```figure timeline color=red\n```\n'))).toEqual(['a.md:6: figure timeline: unknown option "color"']);
    expect(errorsOf(deckWith('## 年表\n\n```figure timeline from=abc\n```\n'))[0]).toMatch(/^a\.md:6: figure timeline: option from: /);
    expect(errorsOf(deckWith('## 年表\n\n```figure timeline from=2000 to=1990\n```\n'))).toEqual(['a.md:6: figure timeline: from=2000 must be before to=1990']);
    expect(errorsOf(deckWith('## 年表\n\n```figure timeline from=1800 to=1850\n```\n'))[0]).toMatch(/^a\.md:6: figure timeline: no event of timeline\.yaml lies between 1800 and 1850/);
    expect(errorsOf(deckWith('## 年表\n\n```figure nosuch\n```\n'))).toEqual(['a.md:6: unknown figure "nosuch"']);
  });

  it('reports data problems at their line in the data file, once however often it is used', () => {
    const bad = 'events:\n  - { year: 1917, label: 革命, phase: old }\n  - { year: 1991, label: 崩壊, phase: nosuch }\n';
    const r = deckWith('## 年表\n\n```figure timeline\n```\n\n---\n## 再び\n\n```figure timeline\n```\n', { 'timeline.yaml': bad });
    expect(errorsOf(r)).toEqual(['timeline.yaml:3: events.1.phase: not a phase of deck.yaml (old, new)']);
    const syntax = deckWith('## 年表\n\n```figure timeline\n```\n', { 'timeline.yaml': 'events:\n  - { year: 1917, label: 革命, phase: old\n' });
    expect(errorsOf(syntax)[0]).toMatch(/^timeline\.yaml:\d+: invalid YAML/);
    const long = deckWith('## 年表\n\n```figure timeline\n```\n', { 'timeline.yaml': `events:\n  - { year: 1917, label: ${'長'.repeat(30)}, phase: old }\n` });
    expect(errorsOf(long)[0]).toMatch(/^timeline\.yaml:2: events\.0\.label: keep labels to 24 characters/);
    const missing = deckWith('## 年表\n\n```figure timeline data=other.yaml\n```\n');
    expect(errorsOf(missing)).toEqual(['a.md:6: figure timeline: data file "other.yaml" not found']);
  });
});

describe('figure treaties (compiler)', () => {
  it('draws signing dots, bars while in force, dashed suspension, hollow dots for treaties never in force', () => {
    const r = deckWith('## 条約\n\n```figure treaties\n```\n');
    expect(errorsOf(r)).toEqual([]);
    const html = htmlOf(r);
    const rows = html.split('<g class="fig-row">').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('fig-dot-hollow');
    expect(rows[0]).not.toContain('fig-bar');
    expect(rows[1]).toMatch(/class="fig-bar"/);
    expect(rows[1]).not.toContain('fig-bar-suspended');
    expect(rows[2]).toContain('fig-bar-suspended');
    expect([...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1])).toEqual([
      'SALT II:1979年調印。調印したがアメリカは批准せず',
      'START I:1991年調印。戦略兵器削減',
      'New START:2010年調印。2023年ロシアが参加停止',
    ]);
  });

  it('checks the dates of each treaty at their line', () => {
    const bad = 'treaties:\n  - { name: X, signed: 1990, inForce: 1980, note: n }\n';
    expect(errorsOf(deckWith('## 条約\n\n```figure treaties\n```\n', { 'treaties.yaml': bad }))).toEqual(['treaties.yaml:2: treaties.0.inForce: inForce is before signed']);
  });
});

/** Runs in the page: labels that overlap each other or a mark, or leave the drawing. */
describe('figure words follow the deck\'s lang', () => {
  it('writes an English deck\'s figures in English: titles, legends, data lists and the as-of mark', () => {
    const yaml = 'title: Figures\nlang: en\ndate: 2025-11\nduration: 10\nphases:\n  - { id: old, label: Then, color: "#2f5d9e", minutes: 5 }\n  - { id: new, label: Now, color: "#1f8a70", minutes: 5 }\nsections:\n  - a.md\n  - b.md\n';
    const r = compile(
      memoryDeck({
        'deck.yaml': yaml,
        'a.md': '---\nphase: old\n---\n## Timeline\n\n```figure timeline\n```\n\n---\n## Treaties\n\n```figure treaties\n```\n',
        'b.md': '---\nphase: new\n---\n## End\n',
        'timeline.yaml': 'events:\n  - { year: 1917, label: Revolution, phase: old }\n  - { year: 1991, label: Dissolution, phase: new }\n',
        'treaties.yaml': 'treaties:\n  - { name: SALT II, signed: 1979, note: never ratified }\n  - { name: New START, signed: 2010, inForce: 2011, until: 2026, suspended: 2023, note: Russia suspended }\n',
      }),
    );
    expect(errorsOf(r)).toEqual([]);
    const [timeline, treaties] = r.deck!.slides.filter((s) => s.kind === 'content').map((s) => s.html);
    expect(timeline).toContain('>Timeline 1917–1991</title>');
    expect([...timeline!.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1])).toEqual(['1917 Revolution (Then)', '1991 Dissolution (Now)']);
    expect(treaties).toContain('>signed<');
    expect(treaties).toContain('>as of November 2025<');
    expect([...treaties!.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1])).toContain('SALT II: signed 1979. never ratified');
    // No Japanese left in what the figures draw or describe.
    expect(`${timeline}${treaties}`).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});

function layoutProblems(figure: Element): string[] {
  const svg = figure.querySelector('svg')!;
  const vb = svg.viewBox.baseVal;
  const problems: string[] = [];
  type Box = { x: number; y: number; w: number; h: number };
  const box = (e: SVGGraphicsElement): Box => {
    const b = e.getBBox();
    return { x: b.x, y: b.y, w: b.width, h: b.height };
  };
  const hit = (a: Box, b: Box, pad: number): boolean => a.x + pad < b.x + b.w && b.x < a.x + a.w - pad && a.y + pad < b.y + b.h && b.y < a.y + a.h - pad;
  const inside = (a: Box, b: Box): boolean => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.w <= b.x + b.w + 0.5 && a.y + a.h <= b.y + b.h + 0.5;
  // A map's label halo is a hidden copy of its labels (drawn under them), not more labels.
  const texts = [...svg.querySelectorAll('text')].filter((t) => !t.closest('[aria-hidden="true"]')).map((t) => ({ t: t.textContent ?? '', b: box(t) }));
  const marks = [...svg.querySelectorAll('circle, rect, line')].filter((m) => !m.classList.contains('fig-grid')).map((m) => ({ m, b: box(m as SVGGraphicsElement) }));
  texts.forEach((a, i) => {
    if (a.b.x < vb.x - 0.5 || a.b.y < vb.y - 0.5 || a.b.x + a.b.w > vb.x + vb.width + 0.5 || a.b.y + a.b.h > vb.y + vb.height + 0.5) problems.push(`"${a.t}" leaves the drawing`);
    texts.slice(i + 1).forEach((b) => {
      if (hit(a.b, b.b, 1)) problems.push(`"${a.t}" overlaps "${b.t}"`);
    });
    for (const { m, b } of marks) {
      // A label drawn on a band or bar sits inside it; anything else it touches is a collision.
      if (inside(a.b, b)) continue;
      const line = m.tagName === 'line' ? { ...b, x: b.x - 1, w: b.w + 2 } : b;
      if (hit(a.b, line, 1)) problems.push(`"${a.t}" touches a <${m.tagName} class="${m.getAttribute('class') ?? ''}">`);
    }
  });
  return problems;
}

describe('figures in Chromium (real font)', () => {
  let w: WatchedPage;
  beforeAll(async () => {
    w = await openDeckAtRest(inject('deckUrl'));
  });
  afterAll(() => w.close());

  it('lays out the default deck\'s figures without collisions, text in the deck font', async () => {
    const { deck } = compileDeck(readDeckFolder(path.resolve(process.env.TEST_DECK ?? 'slides')));
    const slides = deck.slides.filter((s) => s.html.includes('class="deck-figure'));
    const problems: string[] = [];
    // The walk runs in the page (onEachSlide: one round trip for the deck, not two per slide); the
    // check goes there first.
    await w.page.evaluate(`window.figureProblems = ${layoutProblems.toString()}`);
    const perSlide = await onEachSlide(w.page, slides.map((s) => s.index), () => {
      const check = (window as unknown as { figureProblems: (e: Element) => string[] }).figureProblems;
      const present = document.querySelector('.reveal .slides > section.present')!;
      return {
        found: [...present.querySelectorAll('figure.deck-figure')].flatMap((f) => check(f)),
        fonts: [...new Set([...present.querySelectorAll('figure svg text')].map((t) => getComputedStyle(t).fontFamily.split(',')[0]!.replace(/["']/g, '').trim()))],
      };
    });
    for (const [k, s] of slides.entries()) {
      for (const p of perSlide[k]!.found) problems.push(`${s.source.file}:${s.source.line}: ${p}`);
      expect(perSlide[k]!.fonts, s.source.file).toEqual(['Noto Sans JP']);
    }
    expect(problems).toEqual([]);
  });

  it('keeps labels apart in a crowded timeline, and the check sees a collision', async () => {
    // 18 events in 35 years, long labels: the hardest case the layout must solve or refuse.
    const years = [1990, 1991, 1993, 1995, 1997, 1999, 2000, 2001, 2003, 2004, 2008, 2011, 2014, 2016, 2019, 2022, 2023, 2025];
    const events = years.map((y, i) => `  - { year: ${y}, label: ${'出来事'.repeat(1 + (i % 3))}の見出し${i}, phase: ${y < 2010 ? 'old' : 'new'} }`).join('\n');
    const r = deckWith('## 年表\n\n```figure timeline\n```\n', { 'timeline.yaml': `events:\n${events}\n` });
    if (errorsOf(r).length > 0) {
      // Refusing is allowed, but only with the explicit message.
      expect(errorsOf(r)[0]).toMatch(/cannot place the 18 labels/);
      return;
    }
    const html = htmlOf(r);
    const problems = await w.page.evaluate(
      ([markup, fn]) => {
        const host = document.createElement('div');
        host.style.width = '1152px';
        host.innerHTML = markup;
        document.querySelector('.reveal .slides > section.present')!.append(host);
        const check = new Function(`return (${fn})`)() as (e: Element) => string[];
        const clean = check(host.querySelector('figure')!);
        // Move one label onto another: the check must report it.
        const [a, b] = [...host.querySelectorAll('svg text')].slice(-2) as SVGTextElement[];
        a!.setAttribute('x', b!.getAttribute('x')!);
        a!.setAttribute('y', b!.getAttribute('y')!);
        const broken = check(host.querySelector('figure')!);
        host.remove();
        return { clean, broken };
      },
      [html, layoutProblems.toString()] as const,
    );
    expect(problems.clean).toEqual([]);
    expect(problems.broken.length).toBeGreaterThan(0);
  });
});
