/*
 * Content test of the default lecture deck (slides/), checked on the COMPILED model.
 *
 * Source of truth: /work/shared/source/us-russia-relations.ja.txt (「アメリカとロシアの関係」,
 * written as of 2025年11月). The deck teaches every section of it (1-1 … 5-2 and 6).
 *
 * Facts added beyond the article, and why each is safe (well-established, none contradicts it):
 *  - 1917年のロシア革命で皇帝の支配が倒れた; ソ連の正式な成立は1922年
 *    (textbook history; the article's 「1917年…で誕生したソ連」 is kept, 1922 only refines it).
 *  - 朝鮮戦争 1950〜53年 (アメリカは韓国側、ソ連は北朝鮮側を支援); キューバ危機 1962年
 *    (ソ連がキューバに核ミサイルを配備しようとした); ベトナム戦争でアメリカが南ベトナム側で
 *    本格的に軍事介入し、ソ連は北ベトナムを支援 (standard Cold War history; the article names
 *    these three as the proxy-war era's flashpoints without dates).
 *  - 戦略兵器 = 相手の本土を直接攻撃できる長距離の核兵器; SALT = 戦略兵器制限交渉, SALT I 調印
 *    1972年 (核ミサイルの数に上限); START = 戦略兵器削減条約, START I 調印1991年, 1994〜2009年に有効
 *    (treaty dates; the article only says 「1960〜80年代にはSALT・START」).
 *  - SALT II 1979年調印・アメリカ上院は批准せず; INF全廃条約 1987年 (地上発射の中距離ミサイルを
 *    全廃), 1988年発効, 2019年にアメリカが離脱; SALT I の暫定協定は1972〜77年に有効 (treaty
 *    history, used only in the treaties figure, slides/treaties.yaml).
 *  - New START: 2010年調印, 2011年(2月5日)発効, 配備戦略核弾頭1,550発・配備発射装置700基の上限,
 *    2021年に2026年2月まで延長, ロシアは2023年2月に参加停止を発表; 米露間に残る核軍縮条約は
 *    New STARTだけ (treaty text and widely reported facts; the article says 「2011年に発効」
 *    「配備戦略核を上限で管理」「査察の停止を表明」).
 *  - 1991年12月 ソ連崩壊; エリツィンはロシアの初代大統領 (standard history).
 *  - NATO = 北大西洋条約機構, アメリカとヨーロッパ諸国を中心とする軍事同盟で、冷戦中はソ連に対抗
 *    (definition of a key term the article uses without explaining).
 *  - NATO拡大: 1999年 ポーランド・ハンガリー・チェコ, 2004年 バルト三国(エストニア・ラトビア・
 *    リトアニア)など; 東欧諸国はかつてソ連の影響下、バルト三国はソ連の一部だった
 *    (NATO's own accession dates; the article says 「東欧やバルト三国をNATOに取り込み」).
 *  - 2008年8月 ロシア・グルジア紛争; グルジアは当時NATO加盟をめざしていた; 今はジョージアと呼ぶ
 *    (well-documented; the article names the 2008 conflict).
 *  - 2014年3月 クリミア併合; G8からロシアが外された (2014年, 外交面の措置の例)
 *    (well-documented; the article names the annexation and 「外交制裁」).
 *  - 2022年2月24日 全面侵攻開始 (the article says 「2022年」).
 *  - 極超音速兵器 = 音速の5倍以上で飛ぶ兵器 (standard definition of "hypersonic").
 *  - 用語の一行説明 (代理戦争・勢力圏・制裁・査察・冷戦・蜜月・大使館・主権・併合・批准・EU) are
 *    general definitions, not claims about events.
 *  - Two interpretive remarks in the notes are worded as interpretation, not fact: 第三国で会うのは
 *    対立する国どうしがよく使う方法; 連絡が取れなくなること自体が危険だと「考えることもできる」.
 * Left out on purpose: the article's bare citation digits 0…17, its last line (a link to another
 * article), any source, quotation, URL or statistic not in the article or in the list above.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { compileDeck } from '../../src/deck/compile.ts';
import type { Slide } from '../../src/deck/model.ts';
import { readDeckFolder } from '../../src/node/deck-files.ts';

const deckDir = fileURLToPath(new URL('../../slides', import.meta.url));
const { deck, warnings } = compileDeck(readDeckFolder(deckDir));

const PHASES = ['intro', 'cold-war', 'post-cold-war', 'present', 'summary'] as const;
const content = deck.slides.filter((s) => s.kind === 'content');

/**
 * The slide's own prose: a ```figure (drawn from timeline.yaml / treaties.yaml, checked in
 * tests/figures.test.ts and tests/overflow.test.ts) is a view of that data, not slide text.
 */
function prose(html: string): string {
  return html.replace(/<figure class="deck-figure[\s\S]*?<\/figure>/g, '');
}

/** What a reader sees on the slide: the rendered HTML without tags. */
function visible(html: string): string {
  return prose(html)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** Slide text without its first heading (the body a student reads). */
function bodyText(s: Slide): string {
  return visible(s.html.replace(/<h[1-6][^>]*>[\s\S]*?<\/h[1-6]>/, '')).replace(/\s+/g, '');
}

function allText(s: Slide): string {
  return `${s.title}\n${visible(s.html)}\n${s.notesText}`;
}

const where = (s: Slide): string => `slide ${s.index} "${s.title}" (${s.source.file}:${s.source.line})`;

/**
 * The article's section headings, each with the phase that teaches it, words that must appear in
 * a slide title of that phase (the subsection has its own slide) and words that must appear on the
 * phase's slides or notes (its claims are taught).
 */
const ARTICLE: Array<{ id: string; heading: string; phase: (typeof PHASES)[number]; titles: string[]; keywords: string[] }> = [
  {
    id: '1-1',
    heading: '第二次世界大戦までは「ぎこちない同盟関係」',
    phase: 'cold-war',
    titles: ['ロシア革命', '連合国', '価値観の違い'],
    keywords: ['1917年', '警戒', 'ナチス・ドイツ', 'イギリス', '連合国', 'ぎこちない同盟', '民主主義', '資本主義', '共産主義'],
  },
  {
    id: '1-2',
    heading: '冷戦:イデオロギーと核兵器をめぐる対立',
    phase: 'cold-war',
    titles: ['冷戦', '代理戦争', '核兵器', 'SALT・START'],
    keywords: ['西側陣営', '東側陣営', '代理戦争', '朝鮮戦争', 'キューバ危機', 'ベトナム戦争', '開発競争', '核戦争', '1960〜80年代', 'SALT', 'START'],
  },
  {
    id: '2-1',
    heading: '冷戦終結と「蜜月期」(1990年代)',
    phase: 'post-cold-war',
    titles: ['ソ連崩壊', '蜜月'],
    keywords: ['1991年', 'ロシア連邦', '独立を承認', 'エリツィン', '市場経済', '民主化', 'ハネムーン', 'NATO', '協議の場'],
  },
  {
    id: '2-2',
    heading: 'プーチン時代とすれ違いの始まり(2000年代)',
    phase: 'post-cold-war',
    titles: ['プーチン', 'NATO拡大', '勢力圏', 'グルジア'],
    keywords: ['2000年', '強い国家', '大国としての復活', '東欧', 'バルト三国', '民主主義と市場経済の拡大', '勢力圏への介入', '反発', '2008年', 'ジョージア', '2014年', 'クリミア'],
  },
  {
    id: '3-1',
    heading: '2014年のクリミア併合以降、アメリカは「対ロシア制裁」へ',
    phase: 'present',
    titles: ['対ロシア制裁'],
    keywords: ['クリミア', 'EU', '経済制裁', '外交制裁', '対立が前面'],
  },
  {
    id: '3-2',
    heading: '2022年のウクライナ全面侵攻で関係は戦後最悪に',
    phase: 'present',
    titles: ['全面侵攻', '西側との対決'],
    keywords: ['2022年', '軍事・経済支援', '石油', 'ガス', '金融', 'NATO拡大', 'アメリカの介入', '西側との対決', '冷戦終結後で最悪'],
  },
  {
    id: '4-1',
    heading: 'New STARTとその先の軍縮交渉',
    phase: 'present',
    titles: ['核兵器の大部分', '査察', 'New STARTの先'],
    keywords: ['大部分', 'New START', '2011年', '配備', '査察の停止', '一定期間維持', '核軍縮協議', 'ウクライナ情勢と切り離'],
  },
  {
    id: '4-2',
    heading: 'サイバー攻撃・宇宙・新兵器という新しい分野',
    phase: 'present',
    titles: ['サイバー・宇宙・新兵器', '見えない戦い'],
    keywords: ['サイバー攻撃', '宇宙', '極超音速兵器', 'カバーしていない', '2025年11月', 'イギリス', 'オーストラリア', 'ロシア拠点のサイバー関連企業', '見えない戦い'],
  },
  {
    id: '5-1',
    heading: '大使館・外交チャンネルの復活に向けた動き',
    phase: 'present',
    titles: ['大使館', '外交官が会談', '駐米大使'],
    keywords: ['2014年以降', '追放', 'モスクワ', 'ワシントン', 'サウジアラビア', 'トルコ', '人員', '正常化', '2025年2月', '関係改善への一歩', '最低限の外交チャンネル', '根本的な対立'],
  },
  {
    id: '5-2',
    heading: 'ウクライナ戦争をめぐる「停戦案」をめぐって',
    phase: 'present',
    titles: ['和平案'],
    keywords: ['2025年秋', '和平案', 'ロシア側の要求に近い', '報道', 'やわらぐ', '主権', '安全保障', '欧州諸国', 'ウクライナ国内'],
  },
  {
    id: '6',
    heading: 'まとめ:米露関係は「長期的なライバル関係+限定的な協力」',
    phase: 'summary',
    titles: ['まとめ', '長期的なライバル関係+限定的な協力', '最低限の対話の線', 'ニュース'],
    keywords: [
      '根本的にはライバル',
      '断ち切れない',
      '冷戦期',
      'イデオロギーと核兵器をめぐる全面的な対立',
      '冷戦後',
      '一時的な協力',
      'NATO拡大',
      'ウクライナ戦争',
      '制裁と軍事支援',
      '背を向けられない',
      '大使館の正常化',
      '核軍縮の模索',
      '最低限の対話の線',
      '単なる仲の悪い国同士',
      '長い歴史',
      '同盟',
      'エネルギー',
      'サイバー空間',
    ],
  },
];

/** Key terms: where one first appears on a slide, the slide explains it (**term** then ( or :). */
const KEY_TERMS = ['代理戦争', 'SALT', 'START', 'NATO', 'NATO拡大', '勢力圏', '制裁', 'New START', '査察'];

describe('default deck: structure', () => {
  it('compiles without warnings', () => {
    expect(warnings.map((w) => `${w.file}:${w.line}: ${w.message}`)).toEqual([]);
  });

  it('has the phases in lecture order, each one contiguous run of slides', () => {
    expect(deck.phases.map((p) => p.id)).toEqual([...PHASES]);
    const runs = deck.slides.map((s) => s.phase).filter((p, i, all) => i === 0 || all[i - 1] !== p);
    expect(runs).toEqual([...PHASES]);
    for (const p of deck.phases) expect(p.slideCount, p.id).toBeGreaterThan(0);
  });

  it('has 30–45 slides: one title slide, three phase dividers and the content slides', () => {
    expect(deck.slides.length).toBeGreaterThanOrEqual(30);
    expect(deck.slides.length).toBeLessThanOrEqual(45);
    expect(deck.slides[0]?.kind).toBe('title');
    expect(deck.slides.filter((s) => s.kind === 'divider').map((s) => s.phase)).toEqual(['cold-war', 'post-cold-war', 'present']);
    expect(content.length).toBeGreaterThanOrEqual(26);
  });

  it('gives every content slide a ## heading that states its point', () => {
    for (const s of content) {
      expect(s.html.trimStart().startsWith('<h2'), where(s)).toBe(true);
      expect(s.title.length, where(s)).toBeGreaterThanOrEqual(6);
      expect(s.title.length, where(s)).toBeLessThanOrEqual(30);
    }
    expect(new Set(content.map((s) => s.title)).size).toBe(content.length);
  });

  it('keeps every slide short enough for the 1280×720 canvas', () => {
    for (const s of content) {
      expect((prose(s.html).match(/<li[\s>]/g) ?? []).length, where(s)).toBeLessThanOrEqual(7);
      expect(Math.max(0, (prose(s.html).match(/<tr[\s>]/g) ?? []).length - 1), where(s)).toBeLessThanOrEqual(5);
      expect(bodyText(s).length, where(s)).toBeLessThanOrEqual(130);
    }
  });

  it('uses no raw HTML (it would be escaped) and no images', () => {
    for (const s of content) {
      expect(s.html, where(s)).not.toMatch(/&lt;\/?[a-z]/i);
      expect(s.html, where(s)).not.toContain('<img');
    }
  });
});

describe('default deck: speaker notes', () => {
  it('every slide has spoken notes of 100–400 characters', () => {
    for (const s of deck.slides) {
      const n = s.notesText.trim().length;
      expect(n, where(s)).toBeGreaterThanOrEqual(100);
      expect(n, where(s)).toBeLessThanOrEqual(400);
      expect(s.notesText, where(s)).toMatch(/です|ます/);
    }
  });
});

describe('default deck: content of the article', () => {
  it.each(ARTICLE)('teaches $id $heading on its own slide(s) of phase $phase', ({ phase, titles, keywords }) => {
    const slides = content.filter((s) => s.phase === phase);
    const slideTitles = slides.map((s) => s.title);
    for (const t of titles) expect(slideTitles.some((title) => title.includes(t)), `a ${phase} slide title with 「${t}」 in ${slideTitles.join(' / ')}`).toBe(true);
    const text = slides.map(allText).join('\n');
    for (const k of keywords) expect(text.includes(k), `「${k}」 on a ${phase} slide or its notes`).toBe(true);
  });

  it('opens with 2–3 learning goals and the three phases ①冷戦期 ②冷戦後 ③ウクライナ戦争と現在', () => {
    const intro = content.filter((s) => s.phase === 'intro');
    const goals = intro.find((s) => s.title.includes('説明できるようになる'));
    expect(goals).toBeDefined();
    const items = (goals!.html.match(/<li[\s>]/g) ?? []).length;
    expect(items).toBeGreaterThanOrEqual(2);
    expect(items).toBeLessThanOrEqual(3);
    const text = intro.map((s) => visible(s.html)).join('\n');
    for (const p of ['①冷戦期', '②冷戦後', '③ウクライナ戦争と現在']) expect(text).toContain(p);
  });

  it('says early that the content is as of 2025年11月', () => {
    const first = deck.slides.find((s) => s.kind === 'content' && visible(s.html).includes('2025年11月時点'));
    expect(first).toBeDefined();
    expect(first!.phase).toBe('intro');
    expect(first!.index).toBeLessThanOrEqual(3);
  });

  it('explains each key term on the slide where it first appears', () => {
    for (const term of KEY_TERMS) {
      const re = term === 'START' ? /(?<!New )START/ : new RegExp(term);
      const first = content.find((s) => re.test(visible(s.html)));
      expect(first, term).toBeDefined();
      const bold = term === 'START' ? /(?<!New )<strong>START<\/strong>[(:]/ : new RegExp(`<strong>${term}</strong>[(:]`);
      expect(first!.html, `${term} at ${where(first!)}`).toMatch(bold);
    }
  });

  it('ends with the summary message, 2–4 discussion questions and a closing slide', () => {
    const summary = content.filter((s) => s.phase === 'summary');
    expect(summary.map(allText).join('\n')).toContain('長期的なライバル関係+限定的な協力');
    const questions = summary.filter((s) => s.title.startsWith('考えてみよう'));
    expect(questions.length).toBeGreaterThanOrEqual(2);
    expect(questions.length).toBeLessThanOrEqual(4);
    expect(deck.slides.at(-1)?.title).toMatch(/^おわりに/);
  });
});

describe('default deck: accuracy guards', () => {
  it('never shows the article’s lost citation digits (0…17 after a sentence)', () => {
    const citation = /[。」)）][0-9]{1,2}(?=\s|$|<)/;
    const loneNumber = /(^|\s)[0-9]{1,2}(\s|$)/;
    for (const s of deck.slides) {
      expect(s.html, where(s)).not.toMatch(citation);
      expect(s.notesText, where(s)).not.toMatch(citation);
      expect(visible(s.html).replace(/\s+/g, ' '), where(s)).not.toMatch(/[。」)）] ?[0-9]{1,2}( |$)/);
      expect(s.notesText, where(s)).not.toMatch(loneNumber);
    }
  });

  it('does not mention the unrelated article about Canada', () => {
    for (const s of deck.slides) expect(allText(s), where(s)).not.toContain('カナダ');
    for (const f of ['timeline.yaml', 'treaties.yaml']) expect(readFileSync(`${deckDir}/${f}`, 'utf8')).not.toContain('カナダ');
  });
});

describe('figure data', () => {
  it('timeline.yaml: 14–20 events from 1917 to 2025 in order, short labels, known phases', () => {
    const data = parseYaml(readFileSync(`${deckDir}/timeline.yaml`, 'utf8')) as { events: Array<{ year: number; label: string; phase: string }> };
    const events = data.events;
    expect(events.length).toBeGreaterThanOrEqual(14);
    expect(events.length).toBeLessThanOrEqual(20);
    expect(events[0]?.year).toBe(1917);
    expect(events.at(-1)?.year).toBe(2025);
    const ids = new Set(deck.phases.map((p) => p.id));
    events.forEach((e, i) => {
      expect(Number.isInteger(e.year), e.label).toBe(true);
      if (i > 0) expect(e.year, e.label).toBeGreaterThanOrEqual(events[i - 1]!.year);
      expect(e.label.length, e.label).toBeLessThanOrEqual(14);
      expect(ids.has(e.phase), e.label).toBe(true);
    });
  });

  it('treaties.yaml: the five US–Soviet/Russian treaties with their signing years', () => {
    const data = parseYaml(readFileSync(`${deckDir}/treaties.yaml`, 'utf8')) as { treaties: Array<{ name: string; signed: number; note: string }> };
    expect(data.treaties.map((t) => [t.name, t.signed])).toEqual([
      ['SALT I', 1972],
      ['SALT II', 1979],
      ['INF全廃条約', 1987],
      ['START I', 1991],
      ['New START', 2010],
    ]);
    for (const t of data.treaties) expect(t.note.length, t.name).toBeGreaterThan(0);
  });
});
