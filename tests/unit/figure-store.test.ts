import { describe, expect, it } from 'vitest';
import { compile } from '../../src/deck/compile.ts';
import type { DrawnFigure, FigureStore } from '../../src/deck/figures.ts';
import { diskFigureStore } from '../../src/node/figure-store.ts';
import { DECK_YAML, memoryDeck } from '../helpers/memory-deck.ts';

/**
 * Figures drawn by an earlier command are reused from a store (src/node/figure-store.ts keeps
 * them on disk): the figure's HTML as stored, but only while the data files it read are byte for
 * byte the same. Each case has its own `date`, so that no figure drawn earlier in this process
 * (figures.ts keeps those in memory first) answers instead of the store.
 */
const TIMELINE = `events:
  - { year: 1945, label: 終戦, phase: a }
  - { year: 1991, label: ソ連崩壊, phase: b }
`;
const deck = (date: string, timeline = TIMELINE) =>
  memoryDeck({
    'deck.yaml': `${DECK_YAML}date: ${date}\n`,
    'one.md': '---\nphase: a\n---\n## 年表\n\n```figure timeline\n```\n',
    'two.md': '---\nphase: b\n---\n## まとめ\n',
    'timeline.yaml': timeline,
  });
const html = (r: ReturnType<typeof compile>): string => r.deck!.slides.map((s) => s.html).join('\n');
const MARK = '<svg data-from-store></svg>';

/** A store that answers every key with `answer` and records what is put in it. */
function storeAnswering(answer: DrawnFigure | undefined): FigureStore & { put: Array<[string, DrawnFigure]>; asked: string[] } {
  const put: Array<[string, DrawnFigure]> = [];
  const asked: string[] = [];
  return { put, asked, get: (key) => (asked.push(key), answer), set: (key, f) => void put.push([key, f]) };
}

describe('the figure store', () => {
  it('answers a figure whose data files are unchanged, and the figure is not drawn again', () => {
    const bytes = new TextEncoder().encode(TIMELINE);
    const store = storeAnswering({ html: MARK, files: [['timeline.yaml', bytes]] });
    const r = compile(deck('2031-01'), { figureStore: store });
    expect(r.diagnostics).toEqual([]);
    expect(store.asked).toHaveLength(1);
    expect(html(r)).toContain(MARK);
    expect(store.put).toEqual([]);
  });

  it('is passed over when a data file changed: the figure is drawn and stored with the bytes it read', () => {
    const store = storeAnswering({ html: MARK, files: [['timeline.yaml', new TextEncoder().encode(`${TIMELINE}# edited\n`)]] });
    const r = compile(deck('2031-02'), { figureStore: store });
    expect(r.diagnostics).toEqual([]);
    expect(html(r)).not.toContain(MARK);
    expect(html(r)).toContain('<svg');
    expect(store.put).toHaveLength(1);
    const [key, stored] = store.put[0]!;
    expect(key).toBe(store.asked[0]);
    expect(html(r)).toContain(stored.html);
    expect(stored.files).toEqual([['timeline.yaml', new TextEncoder().encode(TIMELINE)]]);
  });

  it('keeps no figure drawn with a diagnostic', () => {
    const store = storeAnswering(undefined);
    const r = compile(deck('2031-03', `${TIMELINE}  - { year: 2000, label: x, phase: nosuch }\n`), { figureStore: store });
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(store.put).toEqual([]);
  });

  it('keeps entries on disk: the HTML and the data bytes (a missing file too) come back as stored', () => {
    const key = `figure-store.test ${process.pid} ${Date.now()}`;
    const figure: DrawnFigure = { html: '<svg>地図</svg>', files: [['map.yaml', new Uint8Array([0, 1, 254, 255])], ['gone.yaml', undefined]] };
    expect(diskFigureStore.get(key)).toBeUndefined();
    diskFigureStore.set(key, figure);
    expect(diskFigureStore.get(key)).toEqual(figure);
    expect(diskFigureStore.get(`${key} other`)).toBeUndefined();
  });
});
