/*
 * Content test of the default lecture deck (slides/), second edition (issue 15).
 *
 * Source of truth: /work/shared/source/us-russia-relations.ja.txt (「アメリカとロシアの関係」,
 * written as of 2025年11月). The deck teaches every section of it (1-1 … 5-2 and 6).
 *
 * Two halves:
 *  - "lesson plan" checks read the section files with the compiler's own splitter (pure, no
 *    rendering): pacing, quizzes, activities, wording, glossary use, maps, layouts. They hold
 *    whatever the state of the quiz/glossary/map features.
 *  - "compiled deck" checks read the compiled Deck model: structure, notes, article coverage.
 *
 * Facts added beyond the article, and why each is safe (well-established, none contradicts it,
 * none stated more strongly than the standard sources):
 *  - 1917年のロシア革命で皇帝の支配が倒れた; ソ連の正式な成立は1922年; アメリカがソ連を承認した
 *    のは1933年 (textbook history; 1917–45 is shown as 前史, not as 冷戦期).
 *  - 冷戦終結: 1989年11月 ベルリンの壁崩壊, 1989年12月 マルタ会談 (ブッシュ大統領とゴルバチョフ
 *    書記長が冷戦の終結を宣言), 1991年12月 ソ連崩壊 (the two dates Japanese textbooks use).
 *  - 代理戦争 = 米ソが互いに直接は戦わず対立する側を支援した戦争; 朝鮮戦争 1950〜53年 (アメリカ軍も
 *    参戦、ソ連は北朝鮮側を支援); ベトナム戦争 1960年代に米が本格介入・1973年撤退・1975年終結,
 *    ソ連は北ベトナムを支援; キューバ危機 1962年 (ソ連がキューバに核ミサイルを配備しようとし、最後は
 *    引き揚げた) is a direct US–Soviet nuclear crisis, not a proxy war (standard Cold War history).
 *  - 戦略兵器 = 相手の本土を直接攻撃できる長距離の核兵器; SALT I (1972) = 暫定協定 (ICBM・SLBM
 *    発射装置の数を凍結, 1977年まで) + ABM条約 (2002年にアメリカが脱退するまで); START I 調印1991年,
 *    1994〜2009年に有効 (treaty texts and dates).
 *  - SALT II 1979年調印, アメリカ上院の同意が得られず批准されず (同年末のソ連のアフガニスタン侵攻が
 *    影響); 米国の批准には上院の出席議員の3分の2の同意が要る (US Constitution art. II).
 *  - INF全廃条約 = 中距離核戦力全廃条約: 1987年調印, 1988年発効, 射程500〜5,500キロの地上発射
 *    ミサイルを全廃 (初めてある種類のミサイルを丸ごと廃止); 2019年、アメリカはロシアの違反を理由に
 *    離脱し、ロシアは違反を否定 (both sides' positions as publicly stated).
 *  - 世界の核弾頭の約9割を米露が保有 (SIPRI's yearly estimate, stated as 推計); ほかの核保有国の
 *    合計は米露のどちらにも及ばない (same estimate).
 *  - New START: 2010年調印, 2011年発効, 配備核弾頭1,550発・配備したICBM・SLBM・重爆撃機700・
 *    配備と非配備の発射装置800; 2021年に2026年2月まで延長; ロシアは2023年2月に参加停止を発表し、
 *    理由に米国などのウクライナ支援を挙げた; 米露間に残る核軍縮条約はNew STARTだけ (treaty text).
 *  - 1991年 ソ連崩壊で15の共和国が独立; エリツィンはロシアの初代大統領; 1990年代の急な市場経済化で
 *    暮らしが混乱; 1997年にNATOとロシアが定期的な協議の場をつくった (NATO–Russia Founding Act).
 *  - NATO = 北大西洋条約機構 (collective defence); NATO拡大: 1999年 ポーランド・ハンガリー・チェコ,
 *    2004年 バルト三国など7か国; 加盟は各国の申請とすべての加盟国の同意による; 東欧諸国はソ連の支配を
 *    経験し自ら加盟を望んだ (NATO's accession record, the Washington Treaty art. 10).
 *  - ロシアは冷戦末期に西側がNATOを東へ広げないと約束したと主張; 条約や合意文書はなく、NATOは否定
 *    (both positions as stated; no claim about what was said in 1990).
 *  - 国際法では各国が同盟を自分で選べる (主権); この原則は冷戦後にロシアも加わった欧州の国際合意
 *    (1990年パリ憲章, 1999年OSCEイスタンブール憲章) でも確認された.
 *  - 2008年4月 NATOがグルジアとウクライナの将来の加盟を宣言 (Bucharest summit); 2008年8月 紛争.
 *  - 2014年3月 クリミア併合; 2014年春からドンバス地方 (ドネツク州・ルハンスク州) でロシアが支援する
 *    武装勢力とウクライナ軍が戦闘、ロシアは直接の関与を否定、停戦合意をはさみ2022年まで続いた;
 *    ロシアは1990年代後半にG8の一員となり、2014年に参加を停止された.
 *  - 国連総会決議68/262 (2014年, 賛成100, ウクライナの領土の一体性, クリミアの地位の変更を認めない);
 *    ES-11/1 (2022年, 緊急特別会合, 賛成141, ロシアの侵略を非難し即時撤退を要求); 総会決議に法的
 *    拘束力はなく棄権も多かった; 日本はクリミア併合を認めず、力による一方的な現状変更に反対し、
 *    2022年以降は欧米とともに制裁.
 *  - 2022年2月24日 全面侵攻開始、首都キーウを含むウクライナ全体に.
 *  - 極超音速兵器 = 音速の5倍以上で飛ぶ兵器 (standard definition of "hypersonic").
 *  - 用語の説明 (glossary.yaml) are general definitions, not claims about events.
 *  - Interpretive remarks are worded as interpretation: 第三国で会うのはよく使われる方法; 連絡が取れなく
 *    なること自体が危険だと「考えることもできる」; 力による国境変更が前例になると「心配する声もある」;
 *    activity model answers (解答例) are marked as one possible answer.
 * Left out on purpose: the article's bare citation digits 0…17, its last line (a link to another
 * article), any source, quotation, URL or statistic not in the article or in the list above.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { compile } from '../../src/deck/compile.ts';
import { Diagnostics } from '../../src/deck/errors.ts';
import type { Deck, Slide } from '../../src/deck/model.ts';
import { splitSection } from '../../src/deck/split.ts';
import { readDeckFolder } from '../../src/node/deck-files.ts';

const deckDir = fileURLToPath(new URL('../../slides', import.meta.url));
const read = (f: string): string => readFileSync(`${deckDir}/${f}`, 'utf8');

const PHASES = ['intro', 'cold-war', 'post-cold-war', 'present', 'summary'] as const;
const MAIN_PHASES = ['cold-war', 'post-cold-war', 'present'] as const;
/** Spoken Japanese, as the issue measures it. */
const CHARS_PER_MINUTE = 300;

// ---------------------------------------------------------------------------------------------
// The lesson plan, read from the section files
// ---------------------------------------------------------------------------------------------

interface DeckYaml {
  duration: number;
  titleNotes?: string;
  phases: Array<{ id: string; label: string; minutes: number; notes?: string }>;
  sections: string[];
}
const config = parseYaml(read('deck.yaml')) as DeckYaml;

interface PlanSlide {
  file: string;
  line: number;
  phase: string;
  body: string;
  notes: string;
  attrs: string;
}

const plan: PlanSlide[] = config.sections.flatMap((file) => {
  const diags = new Diagnostics();
  const split = splitSection(read(file), file, diags);
  expect(diags.items, file).toEqual([]);
  const phase = /^phase:\s*(\S+)/m.exec(split.frontMatter?.text ?? '')?.[1] ?? '';
  return split.slides.map((s) => ({ file, line: s.bodyLine, phase, body: s.body, notes: s.notes, attrs: s.slideAttrs }));
});
const at = (s: PlanSlide): string => `${s.file}:${s.line}`;
const heading = (s: PlanSlide): string => /^##\s+(.*)$/m.exec(s.body)?.[1] ?? '';

/** Narration as spoken: Markdown, glossary and furigana syntax stripped, no whitespace. */
function spoken(md: string): string {
  return md
    .replace(/\[\[([^\]|]+)\|([^\]]+)\]\]/g, '$2')
    .replace(/\[\[([^\]]+)\]\]/g, '$1')
    .replace(/\{([^{}|]+)(?:\|[^{}|]*)+\}/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>]/g, '')
    .replace(/^\s*(?:[-+]|\d+\.)\s+/gm, '')
    .replace(/\s+/g, '');
}

/** Minutes of a timed activity (`<!-- .slide: data-activity="N" -->`), else 0. */
const activityMinutes = (s: PlanSlide): number => Number(/data-activity="(\d+)"/.exec(s.attrs)?.[1] ?? 0);

/** The `::: answer` … `:::` block of a slide, or undefined. */
const answerBlock = (s: PlanSlide): string | undefined => /^:::\s*answer\s*\n([\s\S]*?)\n:::\s*$/m.exec(s.body)?.[1]?.trim();

/** A quiz: a task list whose last item is directly followed by a `{.quiz}` line (the contract). */
function quizChoices(s: PlanSlide): Array<{ correct: boolean; text: string }> | undefined {
  const m = /((?:^- \[[ x]\] .+\n)+)\{\.quiz\}\s*$/m.exec(s.body);
  if (!m) return undefined;
  return m[1]!.trim().split('\n').map((l) => ({ correct: l.startsWith('- [x]'), text: l.slice(6) }));
}

/** What the slide shows: body without answer blocks, figures, attribute lines and column marks. */
function shown(s: PlanSlide): string {
  return s.body
    .replace(/^:::\s*answer[\s\S]*?\n:::\s*$/gm, '')
    .replace(/^```[\s\S]*?^```\s*$/gm, '')
    .replace(/^\{\.quiz\}$|^\|\|\|$|^<!--.*-->$/gm, '');
}

/** Minutes each phase's narration and activities take, with their parts. */
const timing = config.phases.map((p, i) => {
  const slides = plan.filter((s) => s.phase === p.id);
  const generated = (i === 0 && config.titleNotes ? spoken(config.titleNotes) : '') + (p.notes ? spoken(p.notes) : '');
  const chars = generated.length + slides.reduce((n, s) => n + spoken(s.notes).length, 0);
  const activities = slides.reduce((n, s) => n + activityMinutes(s), 0);
  return { id: p.id, label: p.label, planned: p.minutes, chars, activities, minutes: chars / CHARS_PER_MINUTE + activities };
});

describe('lesson plan: 50 minutes, paced phase by phase', () => {
  it('plans the five phases for 50 minutes in all', () => {
    expect(config.phases.map((p) => p.id)).toEqual([...PHASES]);
    expect(config.duration).toBe(50);
    expect(config.phases.reduce((n, p) => n + p.minutes, 0)).toBe(50);
  });

  it.each(timing)('$id: narration (300 字/分) + activities fill the phase within ±15 %', ({ planned, chars, activities, minutes }) => {
    const detail = `${chars} 字 = ${(chars / CHARS_PER_MINUTE).toFixed(1)} 分 + activities ${activities} 分 = ${minutes.toFixed(1)} of ${planned} 分`;
    expect(minutes, detail).toBeGreaterThanOrEqual(planned * 0.85);
    expect(minutes, detail).toBeLessThanOrEqual(planned * 1.15);
  });

  it('counts narration as spoken text: Markdown, [[term|text]] and {漢字|よみ} reduce to what is said', () => {
    expect(spoken('**[[NATO拡大|NATOの拡大]]**と[[批准]]、{査察|ささつ}と{国際連合|こく|さい|れん|ごう}。\n- 次')).toBe('NATOの拡大と批准、査察と国際連合。次');
  });
});

describe('lesson plan: understanding is checked in every phase', () => {
  const quizzes = plan.filter((s) => quizChoices(s));

  it.each([...MAIN_PHASES, 'summary'])('%s has at least one quiz', (phase) => {
    expect(quizzes.filter((s) => s.phase === phase).length).toBeGreaterThanOrEqual(1);
  });

  it('every quiz has 2–5 choices, at least one correct and one wrong, and an explanation', () => {
    expect(quizzes.length).toBeGreaterThanOrEqual(4);
    for (const s of quizzes) {
      const choices = quizChoices(s)!;
      expect(choices.length, at(s)).toBeGreaterThanOrEqual(2);
      expect(choices.length, at(s)).toBeLessThanOrEqual(5);
      expect(choices.some((c) => c.correct), at(s)).toBe(true);
      expect(choices.some((c) => !c.correct), at(s)).toBe(true);
      // A slide saying "(2つ)" has exactly two correct choices.
      const n = /[((](\d)つ[))]/.exec(heading(s))?.[1];
      expect(choices.filter((c) => c.correct).length, at(s)).toBe(n ? Number(n) : 1);
      expect(answerBlock(s)?.length ?? 0, `${at(s)}: ::: answer explanation`).toBeGreaterThan(20);
      // Shown under the choices once answered: it must fit the slide (measured in Chromium at 1280×720).
      expect(answerBlock(s)!.length, `${at(s)}: explanation`).toBeLessThanOrEqual(choices.length >= 4 ? 40 : 100);
    }
  });

  it('the summary quiz is a recall self-test', () => {
    const recall = quizzes.filter((s) => s.phase === 'summary');
    expect(recall.some((s) => /ふり返り|確認テスト|思い出/.test(heading(s) + s.notes))).toBe(true);
  });

  it('every 考えてみよう is a timed activity (1–30 min) with a model answer, placed where its content is taught', () => {
    const discussions = plan.filter((s) => heading(s).startsWith('考えてみよう'));
    expect(discussions.length).toBeGreaterThanOrEqual(3);
    for (const s of discussions) {
      const min = activityMinutes(s);
      expect(min, at(s)).toBeGreaterThanOrEqual(1);
      expect(min, at(s)).toBeLessThanOrEqual(30);
      expect(answerBlock(s) ?? '', at(s)).toMatch(/^解答例:.{40,}/);
      // Revealed below the questions and the timer: it must fit the slide.
      expect(answerBlock(s)!.length, at(s)).toBeLessThanOrEqual(115);
      // The narration tells the class how long they have.
      expect(s.notes, at(s)).toContain(`${min}分間`);
      expect(MAIN_PHASES as readonly string[], at(s)).toContain(s.phase);
    }
    // The NATO enlargement discussion follows the NATO slides; the peace-plan one follows the peace plan.
    const where = (word: string): string | undefined => discussions.find((s) => heading(s).includes(word))?.phase;
    expect(where('NATO拡大')).toBe('post-cold-war');
    expect(where('和平案')).toBe('present');
    // Every activity slide has a model answer too.
    for (const s of plan.filter((x) => activityMinutes(x) > 0)) expect(answerBlock(s), at(s)).toMatch(/^解答例/);
  });
});

/** All words of the deck: slides, notes and the data files the figures draw. */
const allSource = (): string =>
  [...config.sections, 'deck.yaml', 'timeline.yaml', 'treaties.yaml', 'glossary.yaml'].map(read).join('\n');

describe('lesson plan: precise and consistent wording', () => {
  it.each([
    ['戦後最悪', 'the article says 冷戦終結後で最悪 (と言われています)'],
    ['ヨーロッパ連合', 'the EU is 欧州連合'],
    ['縄張り', 'the term taught is 勢力圏'],
    ['同士', 'write どうし throughout'],
    ['対露', 'write 対ロシア throughout'],
    ['ヨーロッパ', 'write 欧州 throughout'],
    ['核兵器の数に上限', 'SALT I capped missile launchers'],
    ['大国が直接は戦わず', '代理戦争: 米ソが互いに直接は戦わず (the US fought in Korea and Vietnam)'],
    ['上院の承認、つまり批准', 'Senate consent is not ratification'],
  ])('never says 「%s」: %s', (word) => {
    expect(allSource()).not.toContain(word);
  });

  it('never dates the USSR to 1917 and names both ends of the Cold War (1989 マルタ会談, 1991)', () => {
    const text = allSource();
    expect(text).not.toMatch(/1917[^\n。]*ソ連(が)?(誕生|成立)/);
    expect(text).toMatch(/1922年[^\n。]*ソ(ビエト)?連/);
    expect(text).toContain('マルタ会談');
    expect(text).toMatch(/1989年[^\n]*冷戦の終結/);
    expect(read('01-introduction.md')).toMatch(/\| 前史 \| 1917〜1945年 \|/);
  });

  it('keeps the hedge 「冷戦終結後で最悪レベル … と言われ」 where it teaches the present', () => {
    expect(read('04-ukraine-war.md')).toMatch(/冷戦終結後で最悪レベル\**と言われ/);
  });

  it('states the treaty facts precisely', () => {
    const arms = read('05-arms-control.md');
    expect(arms).toMatch(/1,550/);
    expect(arms).toMatch(/700[^\n]*|運搬手段/);
    expect(arms).toContain('800');
    expect(arms).toContain('批准されず');
    expect(arms).toMatch(/ロシアの違反を理由に/);
    expect(arms).toMatch(/違反を否定/);
    const treaties = (parseYaml(read('treaties.yaml')) as { treaties: Array<{ name: string; ended?: number }> }).treaties;
    expect(treaties.find((t) => t.name === 'ABM条約')?.ended).toBe(2002);
  });

  it('teaches 2014 beyond Crimea, the international assessment and both sides of the dispute', () => {
    const war = read('04-ukraine-war.md');
    for (const w of ['ドンバス', '68/262', 'ES-11/1', '日本', '認めず', 'G8の一員']) expect(war).toContain(w);
    const post = read('03-post-cold-war.md');
    // NATO enlargement: the joining states' own wish; 勢力圏 as Russia's claim, against sovereignty.
    expect(post).toMatch(/自ら[^\n]*(望|希望)/);
    expect(post).toMatch(/ロシアの主張/);
    expect(post).toContain('主権');
    expect(post).toContain('国際法');
  });

  it('keeps 「2025年11月時点」, no lost citation digits and no link to the unrelated article', () => {
    expect(allSource()).toContain('2025年11月時点');
    expect(allSource()).not.toContain('カナダ');
    for (const s of plan) expect(s.notes, at(s)).not.toMatch(/[。」)][0-9]{1,2}(?=\s|$)/);
  });
});

interface GlossaryTerm {
  term: string;
  reading?: string;
  definition: string;
}
const glossary = (parseYaml(read('glossary.yaml')) as { terms: GlossaryTerm[] }).terms;

describe('lesson plan: glossary and furigana', () => {
  const uses = [...allSource().matchAll(/\[\[([^\]|]+)(?:\|[^\]]+)?\]\]/g)].map((m) => m[1]!);

  it('has 20–30 terms, each with a reading when it has kanji and a short one- or two-sentence definition', () => {
    expect(glossary.length).toBeGreaterThanOrEqual(20);
    expect(glossary.length).toBeLessThanOrEqual(30);
    expect(new Set(glossary.map((t) => t.term)).size).toBe(glossary.length);
    for (const t of glossary) {
      // Kana (Latin letters kept as written, e.g. INFぜんぱいじょうやく); terms without kanji read as written.
      if (/[\u3400-\u9fff]/.test(t.term)) expect(t.reading, t.term).toMatch(/^[ぁ-ゖーA-Z]+$/);
      else expect(t.reading, t.term).toBeUndefined();
      const sentences = t.definition.split('。').filter((x) => x.trim()).length;
      expect(sentences, t.term).toBeGreaterThanOrEqual(1);
      expect(sentences, t.term).toBeLessThanOrEqual(2);
      // Short enough for the glossary slide's two-line entries.
      expect(t.definition.length, t.term).toBeLessThanOrEqual(42);
    }
  });

  it('includes the terms a first-year student needs', () => {
    const terms = new Set(glossary.map((t) => t.term));
    for (const t of ['代理戦争', '勢力圏', '戦略兵器', '批准', '査察', '制裁', 'NATO', 'New START']) expect(terms.has(t), t).toBe(true);
  });

  it('links every term with [[…]] where it is taught, and links nothing else', () => {
    const terms = new Set(glossary.map((t) => t.term));
    for (const t of terms) expect(uses, t).toContain(t);
    for (const u of uses) expect(terms.has(u), `[[${u}]] is not in glossary.yaml`).toBe(true);
  });

  it('gives furigana to hard readings (批准, 査察)', () => {
    const text = allSource();
    expect(text).toContain('{批准|ひじゅん}');
    expect(text).toContain('{査察|ささつ}');
  });
});

describe('lesson plan: pictures and layouts', () => {
  it('uses both maps, and their data files exist', () => {
    const text = config.sections.map(read).join('\n');
    for (const map of ['map-nato.yaml', 'map-ukraine.yaml']) {
      expect(text).toMatch(new RegExp(`^\`\`\`figure map data=${map.replace('.', '\\.')}`, 'm'));
      expect(existsSync(`${deckDir}/${map}`), `${map} (written by the map figure's author)`).toBe(true);
    }
  });

  it('uses the layouts: a US vs Russia compare, a statement and columns', () => {
    const byClass = (c: string): PlanSlide[] => plan.filter((s) => new RegExp(`class="[^"]*\\b${c}\\b`).test(s.attrs));
    const compare = byClass('compare');
    expect(compare.length).toBeGreaterThanOrEqual(1);
    for (const s of compare) {
      const sides = [...s.body.matchAll(/^###\s+(.+)$/gm)].map((m) => m[1]!);
      expect(sides.length, at(s)).toBe(2);
      expect(s.body, at(s)).toMatch(/^\|\|\|$/m);
    }
    expect(compare.some((s) => /アメリカ/.test(s.body) && /ロシア|ソ連/.test(s.body))).toBe(true);
    for (const s of byClass('statement')) expect(shown(s).replace(/^##.*$/m, '').trim().split(/\n\s*\n/).length, at(s)).toBe(1);
    expect(byClass('statement').length).toBeGreaterThanOrEqual(1);
    // Columns where they help; the maps are drawn full width (their legends are too small in a column).
    expect(byClass('cols').length).toBeGreaterThanOrEqual(1);
    for (const c of ['cols', 'figure-text']) for (const s of byClass(c)) expect(s.body, at(s)).toMatch(/^\|\|\|$/m);
  });

  it('keeps every slide short: ≤ 6 bullet lines (7 in columns), ≤ 5 table rows, ≤ 130 characters shown', () => {
    for (const s of plan) {
      const body = shown(s);
      const cols = /class="[^"]*\b(cols|compare|figure-text)\b/.test(s.attrs);
      expect((body.match(/^\s*(?:[-+]|\d+\.)\s/gm) ?? []).length, at(s)).toBeLessThanOrEqual(cols ? 7 : 6);
      expect(Math.max(0, (body.match(/^\|.*\|$/gm) ?? []).length - 2), at(s)).toBeLessThanOrEqual(5);
      expect(spoken(body.replace(/^##\s.*$/m, '').replace(/^\|[\s:|-]+\|$/gm, '')).replace(/\|/g, '').length, at(s)).toBeLessThanOrEqual(130);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The compiled deck
// ---------------------------------------------------------------------------------------------

const compiled = compile(readDeckFolder(deckDir));
const problems = compiled.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`);
/** The compiled deck; a test using it fails with the compiler's diagnostics when there is none. */
function built(): Deck {
  expect(compiled.deck, problems.join('\n')).toBeDefined();
  return compiled.deck!;
}
/** Slides written in the section files (not the title, dividers or a generated glossary). */
const authored = (): Slide[] => built().slides.filter((s) => s.kind === 'content' && s.source.file.endsWith('.md'));

/**
 * The slide's own prose: a ```figure (drawn from a data file, checked in tests/figures.test.ts and
 * tests/overflow.test.ts) is a view of that data, not slide text.
 */
function prose(html: string): string {
  return html.replace(/<figure class="deck-figure[\s\S]*?<\/figure>/g, '');
}

/**
 * `[[term|text]]` → text and `{漢字|よみ}` → 漢字: what a reader sees of glossary and furigana
 * syntax, also where the compiler leaves it as text (a build without those plugins).
 */
function plain(text: string): string {
  return text
    .replace(/\[\[([^\]|]+)\|([^\]]+)\]\]/g, '$2')
    .replace(/\[\[([^\]]+)\]\]/g, '$1')
    .replace(/\{([^{}|]+)(?:\|[^{}|]*)+\}/g, '$1');
}

/** What a reader sees on the slide: the rendered HTML without tags or furigana readings. */
function visible(html: string): string {
  return plain(prose(html))
    .replace(/<rt>[\s\S]*?<\/rt>/g, '')
    // Decorations hidden from readers (e.g. a quiz choice's key number) are not slide text.
    .replace(/<span[^>]*aria-hidden="true"[^>]*>[^<]*<\/span>/g, '')
    // Inline markup (bold, a glossary term, ruby) sits inside a word; block tags separate words.
    .replace(/<\/?(?:strong|em|span|a|ruby|rb|rp|code|abbr|dfn|button)\b[^>]*>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

function allText(s: Slide): string {
  return plain(`${s.title}\n${visible(s.html)}\n${s.notesText}`);
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
    titles: ['新しい競争', '見えない戦い'],
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
      '単なる仲の悪い国どうし',
      '長い歴史',
      '同盟',
      'エネルギー',
      'サイバー空間',
    ],
  },
];


/** Key terms: where one first appears on a slide, the slide explains it (**term** then ( or :). */
const KEY_TERMS = ['代理戦争', 'SALT', 'START', 'NATO', 'NATO拡大', '勢力圏', '制裁', 'New START', '査察', '批准'];

describe('compiled deck: structure', () => {
  it('compiles without errors or warnings', () => {
    expect(problems).toEqual([]);
  });

  it('has the phases in lecture order, each one contiguous run of slides', () => {
    const deck = built();
    expect(deck.phases.map((p) => p.id)).toEqual([...PHASES]);
    const runs = deck.slides.map((s) => s.phase).filter((p, i, all) => i === 0 || all[i - 1] !== p);
    expect(runs).toEqual([...PHASES]);
  });

  it('has one title slide, three phase dividers and 40–55 slides of the lecture', () => {
    const deck = built();
    expect(deck.slides[0]?.kind).toBe('title');
    expect(deck.slides.filter((s) => s.kind === 'divider').map((s) => s.phase)).toEqual([...MAIN_PHASES]);
    expect(authored().length).toBeGreaterThanOrEqual(40);
    expect(authored().length).toBeLessThanOrEqual(55);
  });

  it('gives every slide a ## heading that states its point', () => {
    const slides = authored();
    for (const s of slides) {
      expect(s.html.trimStart().startsWith('<h2'), where(s)).toBe(true);
      expect(s.title.length, where(s)).toBeGreaterThanOrEqual(6);
      expect(s.title.length, where(s)).toBeLessThanOrEqual(36);
    }
    expect(new Set(slides.map((s) => s.title)).size).toBe(slides.length);
  });

  it('lets the speaker view pace the plan: slide windows add up to each phase’s minutes', () => {
    const deck = built();
    for (const p of deck.phases) {
      const secs = deck.slides.filter((s) => s.phase === p.id).reduce((n, s) => n + s.timing, 0);
      expect(Math.abs(secs - p.minutes * 60), p.id).toBeLessThanOrEqual(p.slideCount);
    }
  });

  it('uses no raw HTML (it would be escaped) and no images', () => {
    for (const s of authored()) {
      expect(s.html, where(s)).not.toMatch(/&lt;\/?[a-z]/i);
      expect(s.html, where(s)).not.toContain('<img');
    }
  });
});

describe('compiled deck: speaker notes', () => {
  it('every slide has spoken notes of 100–420 characters in です・ます', () => {
    // Generated reference slides (a glossary) have no narration; the title and dividers do.
    for (const s of built().slides.filter((x) => x.kind === 'title' || x.kind === 'divider' || x.source.file.endsWith('.md'))) {
      const n = s.notesText.replace(/\s+/g, '').length;
      expect(n, where(s)).toBeGreaterThanOrEqual(100);
      expect(n, where(s)).toBeLessThanOrEqual(420);
      expect(s.notesText, where(s)).toMatch(/です|ます/);
    }
  });
});

describe('compiled deck: content of the article', () => {
  it.each(ARTICLE)('teaches $id $heading on its own slide(s) of phase $phase', ({ phase, titles, keywords }) => {
    const slides = authored().filter((s) => s.phase === phase);
    const slideTitles = slides.map((s) => plain(s.title));
    for (const t of titles) expect(slideTitles.some((title) => title.includes(t)), `a ${phase} slide title with 「${t}」 in ${slideTitles.join(' / ')}`).toBe(true);
    const text = slides.map(allText).join('\n');
    for (const k of keywords) expect(text.includes(k), `「${k}」 on a ${phase} slide or its notes`).toBe(true);
  });

  it('opens with 2–3 learning goals and the three phases ①冷戦期 ②冷戦後 ③ウクライナ戦争と現在', () => {
    const intro = authored().filter((s) => s.phase === 'intro');
    const goals = intro.find((s) => s.title.includes('説明できるようになる'));
    expect(goals).toBeDefined();
    const items = (goals!.html.match(/<li[\s>]/g) ?? []).length;
    expect(items).toBeGreaterThanOrEqual(2);
    expect(items).toBeLessThanOrEqual(3);
    const text = intro.map((s) => visible(s.html)).join('\n');
    for (const p of ['前史', '①冷戦期', '②冷戦後', '③ウクライナ戦争と現在']) expect(text).toContain(p);
  });

  it('says early that the content is as of 2025年11月', () => {
    const first = built().slides.find((s) => s.kind === 'content' && visible(s.html).includes('2025年11月時点'));
    expect(first).toBeDefined();
    expect(first!.phase).toBe('intro');
    expect(first!.index).toBeLessThanOrEqual(3);
  });

  it('explains each key term in bold on the slide where it first appears', () => {
    const slides = authored();
    for (const term of KEY_TERMS) {
      const re = term === 'START' ? /(?<!New )START/ : new RegExp(term);
      const first = slides.find((s) => re.test(visible(s.html)));
      expect(first, term).toBeDefined();
      // Only <strong> kept: a glossary link or ruby inside the bold term is markup, not text.
      const html = plain(first!.html.replace(/<rt>[\s\S]*?<\/rt>/g, '').replace(/<(?!\/?strong\b)[^>]*>/g, ''));
      const bold = term === 'START' ? /(?<!New )<strong>START<\/strong>[(:]/ : new RegExp(`<strong>${term}</strong>[(:]`);
      expect(html, `${term} at ${where(first!)}`).toMatch(bold);
    }
  });

  it('ends with the summary message and a closing slide', () => {
    const slides = authored();
    expect(slides.filter((s) => s.phase === 'summary').map(allText).join('\n')).toContain('長期的なライバル関係+限定的な協力');
    expect(slides.at(-1)?.title).toMatch(/^おわりに/);
  });
});

describe('compiled deck: accuracy guards', () => {
  it('never shows the article’s lost citation digits (0…17 after a sentence)', () => {
    const citation = /[。」)）][0-9]{1,2}(?=\s|$|<)/;
    const loneNumber = /(^|\s)[0-9]{1,2}(\s|$)/;
    for (const s of built().slides) {
      expect(s.html, where(s)).not.toMatch(citation);
      expect(s.notesText, where(s)).not.toMatch(citation);
      expect(visible(s.html).replace(/\s+/g, ' '), where(s)).not.toMatch(/[。」)）] ?[0-9]{1,2}( |$)/);
      expect(s.notesText, where(s)).not.toMatch(loneNumber);
    }
  });
});

describe('figure data', () => {
  it('timeline.yaml: 14–20 events from 1917 to 2025 in order, short labels, known phases', () => {
    const data = parseYaml(read('timeline.yaml')) as { events: Array<{ year: number; label: string; phase: string }> };
    const events = data.events;
    expect(events.length).toBeGreaterThanOrEqual(14);
    expect(events.length).toBeLessThanOrEqual(20);
    expect(events[0]?.year).toBe(1917);
    expect(events.at(-1)?.year).toBe(2025);
    const ids = new Set(config.phases.map((p) => p.id));
    events.forEach((e, i) => {
      expect(Number.isInteger(e.year), e.label).toBe(true);
      if (i > 0) expect(e.year, e.label).toBeGreaterThanOrEqual(events[i - 1]!.year);
      expect(e.label.length, e.label).toBeLessThanOrEqual(14);
      expect(ids.has(e.phase), e.label).toBe(true);
    });
  });

  it('treaties.yaml: the US–Soviet/Russian treaties with their signing years', () => {
    const data = parseYaml(read('treaties.yaml')) as { treaties: Array<{ name: string; signed: number; note: string }> };
    expect(data.treaties.map((t) => [t.name, t.signed])).toEqual([
      ['SALT I 暫定協定', 1972],
      ['ABM条約', 1972],
      ['SALT II', 1979],
      ['INF全廃条約', 1987],
      ['START I', 1991],
      ['New START', 2010],
    ]);
    for (const t of data.treaties) expect(t.note.length, t.name).toBeGreaterThan(0);
  });
});
