import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, compileDeck } from '../../src/deck/compile.ts';
import { formatDiagnostic } from '../../src/deck/errors.ts';
import { sortEntries, suggestTerm } from '../../src/deck/glossary.ts';
import { readDeckFolder } from '../../src/node/deck-files.ts';
import { subsetText } from '../../src/vite/fonts.ts';
import { DECK_YAML, memoryDeck } from '../helpers/memory-deck.ts';

/*
 * Glossary ([[term]], glossary.yaml) and furigana ({漢字|かんじ}) in the compiler: the HTML they
 * render, where they work (headings, lists, tables, notes), what stays literal, and every error at
 * its file:line:col.
 */

const GLOSSARY = `terms:
  - term: 代理戦争
    reading: だいりせんそう
    definition: 大国が直接戦わず、他の国や勢力を支援して争うこと。
  - term: NATO拡大
    reading: なとーかくだい
    definition: 冷戦後に**中東欧**の国々が加盟していったこと。
    see: 代理戦争
`;

function build(one: string, two = '---\nphase: b\n---\n## 後半\n\n[[NATO拡大]]\n', files: Record<string, string> = {}) {
  return compile(memoryDeck({ 'deck.yaml': DECK_YAML, 'glossary.yaml': GLOSSARY, 'one.md': one, 'two.md': two, ...files }));
}
const errors = (r: ReturnType<typeof build>): string[] => r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
const warnings = (r: ReturnType<typeof build>): string[] => r.diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic);

describe('furigana', () => {
  it('renders group and per-character ruby in headings, lists, tables and notes', () => {
    const r = build(
      [
        '---',
        'phase: a',
        '---',
        '## {国際連合|こく|さい|れん|ごう}の役割 [[代理戦争]]',
        '',
        '- {批准|ひじゅん}の手続き',
        '',
        '| 条約 | 状態 |',
        '| --- | --- |',
        '| INF | {失効\\|しっこう} |',
        '',
        'Note:',
        '{査察|ささつ}について話す。',
      ].join('\n'),
    );
    expect(errors(r)).toEqual([]);
    const s = r.deck!.slides[0]!;
    expect(s.html).toContain('<h2><ruby>国<rt>こく</rt>際<rt>さい</rt>連<rt>れん</rt>合<rt>ごう</rt></ruby>の役割');
    expect(s.html).toContain('<li><ruby>批准<rt>ひじゅん</rt></ruby>の手続き</li>');
    expect(s.html).toContain('<td><ruby>失効<rt>しっこう</rt></ruby></td>');
    expect(s.notesHtml).toContain('<ruby>査察<rt>ささつ</rt></ruby>について');
    // The title (bookmarks, handout) and the notes' plain text keep the base text only.
    expect(s.title).toBe('国際連合の役割 代理戦争');
    expect(s.notesText).toBe('査察について話す。');
  });

  it('leaves code literal and markdown-it-attrs {.class} working', () => {
    const r = build('---\nphase: a\n---\n## 見出し {.big}\n\n- 項目 {.fragment}\n\n`{漢字|かんじ}` と\n\n```\n{漢字|かんじ}\n```\n\n\\{漢字|かんじ}\n\n[[代理戦争]]\n');
    expect(errors(r)).toEqual([]);
    const html = r.deck!.slides[0]!.html;
    expect(html).toContain('<h2 class="big">見出し</h2>');
    expect(html).toContain('<li class="fragment">項目</li>');
    expect(html).toContain('<code>{漢字|かんじ}</code>');
    expect(html).toContain('<pre><code>{漢字|かんじ}\n</code></pre>');
    expect(html).toContain('<p>{漢字|かんじ}</p>');
    expect(html).not.toMatch(/<ruby>漢字/);
  });

  it('reports an unclosed group, an empty reading and a reading count mismatch at file:line:col', () => {
    const r = build('---\nphase: a\n---\n## 見出し\n\n本文 {漢字|かんじ の続き\n\n- 項目 {漢字|}\n- {国連|こく|さい|れん}\n\n[[代理戦争]]\n');
    expect(errors(r)).toEqual([
      expect.stringMatching(/^one\.md:6:4: error: unclosed furigana "\{漢字\|かんじ の続き"\n    hint: close it with \}/),
      expect.stringMatching(/^one\.md:8:6: error: furigana "\{漢字\|\}" has an empty reading/),
      expect.stringMatching(/^one\.md:9:3: error: furigana "\{国連\|こく\|さい\|れん\}" has 3 readings for 2 characters/),
    ]);
  });
});

describe('glossary', () => {
  it('marks uses as focusable data-term buttons, also with other text and furigana inside', () => {
    const r = build('---\nphase: a\n---\n## 見出し\n\n米ソの[[代理戦争]]と[[NATO拡大|{NATO|なとー}の拡大]]、[[{代理戦争|だいりせんそう}]]\n');
    expect(errors(r)).toEqual([]);
    const html = r.deck!.slides[0]!.html;
    expect(html).toContain('<button class="term" data-term="代理戦争" type="button">代理戦争</button>');
    expect(html).toContain('<button class="term" data-term="NATO拡大" type="button"><ruby>NATO<rt>なとー</rt></ruby>の拡大</button>');
    // A use written entirely with furigana names the term by its base text.
    expect(html).toContain('<button class="term" data-term="代理戦争" type="button"><ruby>代理戦争<rt>だいりせんそう</rt></ruby></button>');
  });

  it('generates the glossary slide in 五十音 order with links to the slides using each term', () => {
    const r = build('---\nphase: a\n---\n## 一枚目\n\n[[代理戦争]]\n\n---\n## 二枚目\n\nNote:\nノートで[[代理戦争]]\n');
    const deck = r.deck!;
    const last = deck.slides.at(-1)!;
    expect(last.kind).toBe('glossary');
    expect(last.attrs).toHaveProperty('data-glossary');
    expect(last.title).toBe('用語集');
    // だいりせんそう before なとーかくだい; 代理戦争 is used on slides 1 and 2 (notes count), NATO拡大 on 3.
    expect(deck.glossary!.map((e) => [e.term, e.slides])).toEqual([
      ['代理戦争', [0, 1]],
      ['NATO拡大', [2]],
    ]);
    expect(last.html.indexOf('代理戦争')).toBeLessThan(last.html.indexOf('NATO拡大'));
    expect(last.html).toContain('<a href="#/0" aria-label="1枚目: 一枚目">1</a>, <a href="#/1" aria-label="2枚目: 二枚目">2</a>');
    expect(last.html).toContain('<ruby>代理戦争<rt>だいりせんそう</rt></ruby>');
    expect(last.html).toContain('<strong>中東欧</strong>');
    // The readings and definitions reach the font subset even with `glossary: none`.
    const none = compile(memoryDeck({ 'deck.yaml': DECK_YAML + 'glossary: none\n', 'glossary.yaml': GLOSSARY, 'one.md': '---\nphase: a\n---\n[[代理戦争]]', 'two.md': '---\nphase: b\n---\n[[NATO拡大]]' }));
    expect(none.deck!.slides.some((s) => s.kind === 'glossary')).toBe(false);
    const text = subsetText(none.deck!);
    for (const ch of 'だいりせんそう中東欧加盟') expect(text).toContain(ch);
  });

  it('reports an unknown term with a did-you-mean, and warns about unused terms', () => {
    const r = build('---\nphase: a\n---\n## 見出し\n\n- 米ソの対立\n- [[代理戦]]が起きた\n', '---\nphase: b\n---\n## 後半\n');
    expect(errors(r)).toEqual([expect.stringMatching(/^one\.md:7:3: error: unknown term "代理戦"\n    hint: did you mean "代理戦争"\?/)]);
    const ok = build('---\nphase: a\n---\n[[代理戦争]]', '---\nphase: b\n---\n## 後半\n');
    expect(warnings(ok)).toEqual([expect.stringMatching(/^glossary\.yaml:5:5: warning: glossary term "NATO拡大" is never used/)]);
  });

  it('reports a deck without glossary.yaml, duplicates, missing definitions and bad shapes at their lines', () => {
    const noGlossary = compile(memoryDeck({ 'deck.yaml': DECK_YAML, 'one.md': '---\nphase: a\n---\n[[代理戦争]]', 'two.md': '---\nphase: b\n---\nx' }));
    expect(errors(noGlossary)).toEqual([expect.stringMatching(/^one\.md:4:1: error: unknown term "代理戦争"\n    hint: the deck has no glossary\.yaml/)]);
    const bad = (g: string) => errors(build('---\nphase: a\n---\n[[代理戦争]]', undefined, { 'glossary.yaml': g }));
    expect(bad('terms:\n  - { term: 冷戦, definition: 対立 }\n  - { term: 冷戦, definition: 二度目 }\n')).toEqual([
      expect.stringMatching(/^glossary\.yaml:3:\d+: error: duplicate term "冷戦" \(first at line 2\)/),
    ]);
    expect(bad('terms:\n  - term: 冷戦\n    reading: れいせん\n')).toEqual([expect.stringMatching(/^glossary\.yaml:2:\d+: error: missing required key "definition"/)]);
    expect(bad('terms:\n  - term: 冷戦\n    definiton: 対立\n')).toContainEqual(expect.stringMatching(/^glossary\.yaml:3:5: error: unknown key "definiton"/));
    expect(bad('terms: 冷戦\n')).toEqual([expect.stringMatching(/^glossary\.yaml:1:\d+: error: terms: expected an array/)]);
    expect(bad('terms:\n  - { term: 冷戦, definition: 対立, see: 熱戦 }\n')).toEqual([expect.stringMatching(/^glossary\.yaml:2:\d+: error: "see" names unknown term "熱戦"/)]);
  });

  it('sorts by reading in 五十音 order, katakana with hiragana', () => {
    const sorted = sortEntries([{ term: '冷戦', reading: 'れいせん' }, { term: 'アメリカ', reading: 'アメリカ' }, { term: '制裁', reading: 'せいさい' }, { term: '勢力圏', reading: 'せいりょくけん' }, { term: '核', reading: 'かく' }]);
    expect(sorted.map((e) => e.term)).toEqual(['アメリカ', '核', '制裁', '勢力圏', '冷戦']);
    expect(suggestTerm('ダイリ戦争', ['代理戦争', '冷戦'])).toBeUndefined();
    expect(suggestTerm('nato拡大', ['NATO拡大', '冷戦'])).toBe('NATO拡大');
  });

  it('compiles the fixture deck without diagnostics', () => {
    const { deck, warnings: w } = compileDeck(readDeckFolder(path.resolve('tests/fixtures/glossary')));
    expect(w.map(formatDiagnostic)).toEqual([]);
    expect(deck.slides.filter((s) => s.kind === 'glossary')).toHaveLength(1);
    // Figure labels: the reading is drawn above its base in the SVG; the text alternative has the base only.
    const figure = deck.slides.find((s) => s.html.includes('<svg'))!.html;
    expect(figure).toMatch(/<tspan class="fig-rt" font-size="12"[^>]*>ひじゅん<\/tspan><tspan [^>]*>批准<\/tspan>/);
    expect(figure).toContain('<li>1979年 SALT IIを批准せず(前半)</li>');
  });
});
