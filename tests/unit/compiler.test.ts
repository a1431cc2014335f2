import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, compileDeck, type CachedRender } from '../../src/deck/compile.ts';
import { Diagnostics, formatDiagnostic } from '../../src/deck/errors.ts';
import { decodeText } from '../../src/deck/decode.ts';
import { splitSection } from '../../src/deck/split.ts';
import { createMarkdown } from '../../src/deck/markdown.ts';
import { renderSection } from '../../src/deck/render.ts';
import { DECK_YAML, memoryDeck } from '../helpers/memory-deck.ts';

const one = `---
phase: a
---
## 一枚目

本文

Note:
ノート一

---
## 二枚目
`;
const two = `---
phase: b
---
## 三枚目
`;

function errorsOf(files: Record<string, string | Uint8Array>, assets: string[] = []): string[] {
  return compile(memoryDeck(files, assets)).diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`);
}

describe('splitSection', () => {
  it('splits slides on --- and notes on Note:, keeping source lines', () => {
    const d = new Diagnostics();
    const s = splitSection(one, 'one.md', d);
    expect(d.items).toEqual([]);
    expect(s.frontMatter).toEqual({ text: 'phase: a', line: 2 });
    expect(s.slides.map((x) => [x.bodyLine, x.notesLine, x.notes.trim()])).toEqual([
      [4, 8, 'ノート一'],
      [12, 0, ''],
    ]);
  });

  it('ignores --- and Note: inside an HTML comment or <pre> block, but still splits after one left open', () => {
    const text = ['## 一枚目', '<!--', '---', '## 隠した', 'Note: 中', '-->', '<!-- .slide: class="cols" -->', '<pre>', '---', '</pre>', 'Note:', '外のノート', '---', '## 二枚目'].join('\n');
    const d = new Diagnostics();
    const s = splitSection(text, 'x.md', d);
    expect(d.items).toEqual([]);
    expect(s.slides.map((x) => [x.bodyLine, x.slideAttrs, x.notesLine, x.notes.trim()])).toEqual([
      [1, 'class="cols"', 11, '外のノート'],
      [14, '', 0, ''],
    ]);
    expect(s.slides[0]!.body).toContain('## 隠した');
    // Never closed: not a block (html-guard.ts reports it on its slide when HTML is allowed).
    const r = splitSection(['## 一枚目', '', '<!-- 下書き', '---', '## 二枚目', '<pre>', '---', '## 三枚目'].join('\n'), 'x.md', new Diagnostics());
    expect(r.slides.map((x) => x.bodyLine)).toEqual([1, 5, 8]);
  });

  it('ignores --- and Note: inside fenced code (``` and ~~~, longer fences)', () => {
    const text = ['## コード', '````md', '```', '---', 'Note: 中', '```', '````', '~~~', '---', '~~~', 'Note:', '外のノート'].join('\n');
    const d = new Diagnostics();
    const s = splitSection(text, 'x.md', d);
    expect(d.items).toEqual([]);
    expect(s.slides).toHaveLength(1);
    expect(s.slides[0]!.body).toContain('Note: 中');
    expect(s.slides[0]!.notes.trim()).toBe('外のノート');
  });

  it('reports an unclosed fence at its opening line', () => {
    const d = new Diagnostics();
    splitSection('## A\n\n```js\ncode\n---\n', 'x.md', d);
    expect(d.items.map(formatDiagnostic)[0]).toMatch(/^x\.md:3:1: error: code fence ``` is never closed/);
  });

  it('reports notes without slide content', () => {
    const d = new Diagnostics();
    splitSection('## A\n---\nNote:\nひとりぼっちのノート\n', 'x.md', d);
    expect(d.errors.map((e) => [e.line, e.message])).toEqual([[3, 'slide has speaker notes but no content']]);
  });

  it('takes <!-- .slide: --> attributes', () => {
    const d = new Diagnostics();
    const s = splitSection('<!-- .slide: class="center" -->\n## A', 'x.md', d);
    expect(s.slides[0]!.slideAttrs).toBe('class="center"');
  });
});

describe('decodeText', () => {
  it('accepts a UTF-8 BOM and CRLF line endings', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('一\r\n二\r三\n')]);
    expect(decodeText(bytes, 'x.md', new Diagnostics())).toBe('一\n二\n三\n');
  });

  it('rejects Shift_JIS with the position and a fix', () => {
    // 「日本」 in Shift_JIS after an ASCII line.
    const d = new Diagnostics();
    expect(decodeText(new Uint8Array([0x41, 0x0a, 0x93, 0xfa, 0x96, 0x7b]), 'x.md', d)).toBeUndefined();
    expect(formatDiagnostic(d.items[0]!)).toMatch(/^x\.md:2:1: error: file is not UTF-8 \(it looks like Shift_JIS\)\n {4}hint: save the file as UTF-8/);
  });
});

describe('compile', () => {
  it('builds the model: phases, slides, timings, titles, notes', () => {
    const { deck, warnings } = compileDeck(memoryDeck({ 'deck.yaml': DECK_YAML, 'one.md': one, 'two.md': two }));
    expect(warnings).toEqual([]);
    expect(deck.slides.map((s) => [s.index, s.phase, s.title, s.source.file, s.source.line])).toEqual([
      [0, 'a', '一枚目', 'one.md', 4],
      [1, 'a', '二枚目', 'one.md', 12],
      [2, 'b', '三枚目', 'two.md', 4],
    ]);
    expect(deck.phases.map((p) => [p.id, p.firstSlide, p.slideCount])).toEqual([
      ['a', 0, 2],
      ['b', 2, 1],
    ]);
    expect(deck.slides.map((s) => s.timing)).toEqual([120, 120, 360]);
    expect(deck.slides[0]!.notesText).toBe('ノート一');
    expect(deck.characters).toContain('枚');
  });

  it('generates a title slide and phase dividers from deck.yaml', () => {
    const yaml = DECK_YAML.replace('titleSlide: false', 'subtitle: 副題').replace('minutes: 6 }', 'minutes: 6, divider: true, summary: まとめ }');
    const { deck } = compileDeck(memoryDeck({ 'deck.yaml': yaml, 'one.md': one, 'two.md': two }));
    expect(deck.slides.map((s) => s.kind)).toEqual(['title', 'content', 'content', 'divider', 'content']);
    expect(deck.slides[0]!.html).toContain('副題');
    expect(deck.slides[3]!.html).toContain('まとめ');
    expect(deck.phases[1]!.firstSlide).toBe(3);
  });

  it('reports every error of a run with its file and line', () => {
    const yaml = DECK_YAML.replace('color: "#c2410c"', 'color: "#zzz"').replace('  - two.md', '  - two.md\n  - missing.md');
    const bad = one.replace('phase: a', 'phase: nope');
    expect(errorsOf({ 'deck.yaml': yaml, 'one.md': bad, 'two.md': two })).toEqual([
      'deck.yaml:7:32: error: phases.1.color: not a valid CSS color (a hex color is "#" and 3, 4, 6 or 8 hex digits); use e.g. "#1f6feb", "teal" or "oklch(60% 0.15 250)"',
    ]);
    // Once deck.yaml is valid, the section problems are all reported together.
    expect(errorsOf({ 'deck.yaml': DECK_YAML.replace('  - two.md', '  - two.md\n  - missing.md'), 'one.md': bad, 'two.md': two })).toEqual([
      'one.md:2:1: error: unknown phase "nope"',
      'deck.yaml:11:5: error: section file "missing.md" not found',
      'deck.yaml:6:5: error: phase "a" has no sections',
    ]);
  });

  it('points at YAML syntax errors and unknown keys', () => {
    expect(errorsOf({ 'deck.yaml': DECK_YAML.replace('duration: 10', 'duration: 10\ntitel: x') })[0]).toBe('deck.yaml:4:1: error: unknown key "titel"');
    expect(errorsOf({ 'deck.yaml': DECK_YAML.replace('lang: ja', 'lang: [ja') })[0]).toMatch(/^deck\.yaml:3:1: error: invalid YAML: Flow sequence/);
    expect(errorsOf({ 'deck.yaml': DECK_YAML, 'one.md': one.replace('phase: a', 'phase： a'), 'two.md': two })[0]).toBe(
      'one.md:2:6: error: full-width colon "：" after a key',
    );
  });

  it('warns when phase minutes do not add up to duration, and about unlisted sections', () => {
    const r = compile(memoryDeck({ 'deck.yaml': DECK_YAML.replace('duration: 10', 'duration: 50'), 'one.md': one, 'two.md': two, 'extra.md': two }));
    expect(r.deck).toBeDefined();
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}: ${d.severity}: ${d.message}`)).toEqual([
      'deck.yaml:3: warning: phase minutes add up to 10, but duration is 50',
      'extra.md:1: warning: section file is not listed in deck.yaml and is left out of the deck',
    ]);
  });

  it('checks images against the deck folder and assets/', () => {
    const withImg = one.replace('本文', '![地図](map.png)\n\n![図](figs/x.png)');
    expect(errorsOf({ 'deck.yaml': DECK_YAML, 'one.md': withImg, 'two.md': two }, ['map.png'])).toEqual([
      'one.md:8:1: error: image "figs/x.png" not found',
    ]);
  });
});

describe('render cache (dev server recompiles)', () => {
  it('gives the same deck and diagnostics as a fresh compile, and re-renders what changed', () => {
    const files = { 'deck.yaml': DECK_YAML, 'one.md': one, 'two.md': two };
    const cache = new Map<string, CachedRender>();
    const fresh = compile(memoryDeck(files));
    const first = compile(memoryDeck(files), { renderCache: cache });
    const second = compile(memoryDeck(files), { renderCache: cache });
    expect(cache.size).toBeGreaterThan(0);
    expect(second).toEqual(fresh);
    expect(first).toEqual(fresh);
    const edited = compile(memoryDeck({ ...files, 'two.md': two.replace('三枚目', '三枚目(改)') }), { renderCache: cache });
    expect(edited.deck!.slides[2]!.title).toBe('三枚目(改)');
    expect(edited.deck!.slides[0]!.html).toBe(fresh.deck!.slides[0]!.html);
  });
});

describe('render cache keys', () => {
  it('keeps every slide below an inserted line cached, with its diagnostics moved down', () => {
    // The second slide has an error that needs no other file (a remote image), kept in the cache.
    const body = `---
phase: a
---
## 一枚目

本文

---
## 二枚目

![](https://example.org/x.png)
`;
    const files = { 'deck.yaml': DECK_YAML, 'one.md': body, 'two.md': two };
    const cache = new Map<string, CachedRender>();
    compile(memoryDeck(files), { renderCache: cache });
    const keys = new Set(cache.keys());
    expect(keys.size).toBeGreaterThan(0);
    const shifted = { ...files, 'one.md': body.replace('## 一枚目', '## 一枚目\n\n追加の一行') };
    const fresh = compile(memoryDeck(shifted));
    const cached = compile(memoryDeck(shifted), { renderCache: cache });
    expect(cached).toEqual(fresh);
    // Only the edited slide is new: the slides below it (one.md's second, two.md's) were hits.
    expect([...cache.keys()].filter((k) => !keys.has(k))).toHaveLength(1);
    // The cached error moved down with its slide: line 11 → 13.
    expect(cached.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`)).toContain('one.md:13: image "https://example.org/x.png" is not a local file');
  });

  it('keeps [[term]] slides while the glossary names the same terms, and renders them again when it does not', () => {
    const glossary = (terms: string[]): string => `terms:\n${terms.map((t) => `  - { term: ${t}, reading: よみ, definition: 説明。 }`).join('\n')}\n`;
    const body = one.replace('本文', '[[冷戦]]と[[代理戦争]]');
    const files = { 'deck.yaml': DECK_YAML, 'one.md': body, 'two.md': two };
    const cache = new Map<string, CachedRender>();
    const unknown = (r: ReturnType<typeof compile>): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}: ${d.message}`);
    const both = compile(memoryDeck({ ...files, 'glossary.yaml': glossary(['冷戦', '代理戦争']) }), { renderCache: cache });
    expect(unknown(both)).toEqual([]);
    const keys = new Set(cache.keys());
    expect([...keys].some((k) => k.includes('[[冷戦]]'))).toBe(true);
    // The same terms (a definition edited): every slide is a hit, nothing new in the cache.
    const edited = compile(memoryDeck({ ...files, 'glossary.yaml': glossary(['冷戦', '代理戦争']).replace('説明。', '別の説明。') }), { renderCache: cache });
    expect(edited).toEqual(compile(memoryDeck({ ...files, 'glossary.yaml': glossary(['冷戦', '代理戦争']).replace('説明。', '別の説明。') })));
    expect([...cache.keys()].filter((k) => !keys.has(k))).toEqual([]);
    // A term gone from glossary.yaml: the slide is rendered again and its use reported, as without a cache.
    const fewer = { ...files, 'glossary.yaml': glossary(['冷戦']) };
    const cached = compile(memoryDeck(fewer), { renderCache: cache });
    expect(cached).toEqual(compile(memoryDeck(fewer)));
    expect(unknown(cached)).toEqual(['6: unknown term "代理戦争"']);
    // And back: the first version's entry is used again, without the error.
    expect(unknown(compile(memoryDeck({ ...files, 'glossary.yaml': glossary(['冷戦', '代理戦争']) }), { renderCache: cache }))).toEqual([]);
  });

  it('keeps quiz slides with what the quiz found, and an answer block at its moved line', () => {
    // A quiz (correct choice in the model, not the HTML) and an answer block on a plain slide (a
    // warning at the block's line, which the quiz plugin reports through env).
    const body = `${one}
- [ ] 誤り
- [x] 正しい
{.quiz}

---
## 四枚目

::: answer
解説
:::
`;
    const files = { 'deck.yaml': DECK_YAML, 'one.md': body, 'two.md': two };
    const cache = new Map<string, CachedRender>();
    const first = compile(memoryDeck(files), { renderCache: cache });
    expect(first.deck!.slides.map((s) => s.quiz)).toContainEqual({ choices: 2, correct: [1] });
    const keys = new Set(cache.keys());
    expect([...keys].some((k) => k.includes('{.quiz}'))).toBe(true);
    expect([...keys].some((k) => k.includes('::: answer'))).toBe(true);
    const shifted = { ...files, 'one.md': body.replace('本文', '本文\n\n追加の一行') };
    const cached = compile(memoryDeck(shifted), { renderCache: cache });
    expect(cached).toEqual(compile(memoryDeck(shifted)));
    // Both were hits (only the edited first slide is new), and the warning moved down 2 lines.
    expect([...cache.keys()].filter((k) => !keys.has(k))).toHaveLength(1);
    const warning = (r: ReturnType<typeof compile>): number | undefined => r.diagnostics.find((d) => d.message.startsWith('::: answer on a slide'))?.line;
    expect(warning(cached)).toBe(warning(first)! + 2);
  });

  it('does not keep slides whose output depends on other files (images, figures)', () => {
    const body = one.replace('本文', '![地図](map.png)');
    const cache = new Map<string, CachedRender>();
    compile(memoryDeck({ 'deck.yaml': DECK_YAML, 'one.md': body, 'two.md': two }, ['map.png']), { renderCache: cache });
    expect([...cache.keys()].some((k) => k.includes('map.png'))).toBe(false);
    const gone = compile(memoryDeck({ 'deck.yaml': DECK_YAML, 'one.md': body, 'two.md': two }), { renderCache: cache });
    expect(gone.diagnostics.map((d) => d.message)).toContain('image "map.png" not found');
  });
});

describe('figures drawn by an earlier compile', () => {
  it('are reused while their data files are the same, and drawn again when one changes', () => {
    const dir = path.resolve('tests/fixtures/map');
    const files: Record<string, string> = {};
    for (const f of readdirSync(dir)) files[f] = readFileSync(path.join(dir, f), 'utf8');
    const maps = (r: ReturnType<typeof compile>): string[] => r.deck!.slides.map((s) => s.html).filter((h) => h.includes('<svg'));
    const first = compile(memoryDeck(files));
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const again = compile(memoryDeck(files));
    expect(maps(again)).toEqual(maps(first));
    // A changed label in the data file: the map that reads it is drawn anew, with the new label.
    const changed = { ...files, 'map-nato.yaml': files['map-nato.yaml']!.replace(/label: ([^,}\n]+)/, 'label: 改名した国') };
    expect(changed['map-nato.yaml']).not.toBe(files['map-nato.yaml']);
    const redrawn = compile(memoryDeck(changed));
    expect(redrawn.deck!.slides.some((s) => s.html.includes('改名した国'))).toBe(true);
    expect(maps(redrawn)).not.toEqual(maps(first));
    // And back: the same bytes as before give the same figures as the first compile.
    expect(maps(compile(memoryDeck(files)))).toEqual(maps(first));
  });
});

describe('deck.yaml positions come from the parsed document', () => {
  it('reports a missing section at its own item, line and column, with comments in the list', () => {
    const yaml = DECK_YAML.replace('sections:\n', 'sections:\n  # 第一部\n\n').replace('  - two.md', '  # 第二部\n  - two.md\n    # 下書き\n  -   missing.md');
    const lines = yaml.split('\n');
    const line = lines.findIndex((l) => l.includes('missing.md')) + 1;
    expect(errorsOf({ 'deck.yaml': yaml, 'one.md': one, 'two.md': two })).toEqual([`deck.yaml:${line}:7: error: section file "missing.md" not found`]);
  });

  it('suggests the right key for a misspelt key inside a list entry', () => {
    const r = compile(memoryDeck({ 'deck.yaml': DECK_YAML.replace('minutes: 4', 'minuts: 4'), 'one.md': one, 'two.md': two }));
    expect(r.diagnostics.map((d) => `${d.line}: ${d.message} / ${d.hint}`)).toEqual([expect.stringMatching(/^6: unknown key "minuts" \/ did you mean "minutes"\?/)]);
  });
});

describe('markdown rendering', () => {
  const md = createMarkdown(false);
  const env = () => ({ file: 'x.md', line: 1, diags: new Diagnostics(), resolveAsset: (u: string) => u, renderFigure: () => undefined });

  it('bolds Japanese emphasis next to brackets and joins Japanese lines without a space', () => {
    const html = md.render('これは**「強調」**の例です。\n次の行に続く。', env());
    expect(html).toBe('<p>これは<strong>「強調」</strong>の例です。次の行に続く。</p>\n');
  });

  it('keeps a space between Latin words across a line break', () => {
    expect(md.render('New\nSTART', env())).toBe('<p>New\nSTART</p>\n');
  });

  it('escapes raw HTML and drops unsafe links and attributes', () => {
    const html = md.render('<script>x()</script>\n\n[a](javascript:alert(1)) [b](https://example.org)\n\ntext {onclick=alert(1) .ok}', env());
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('<a href="https://example.org" target="_blank" rel="noopener noreferrer">b</a>');
    expect(html).not.toContain('onclick');
    expect(html).toContain('class="ok"');
  });

  it('renders a slide section with phase, timing, source and notes', () => {
    const { deck } = compileDeck(memoryDeck({ 'deck.yaml': DECK_YAML, 'one.md': one, 'two.md': two }));
    expect(renderSection(deck.slides[0]!)).toBe(
      '<section class="slide-content" data-phase="a" data-timing="120" data-source="one.md:4"><h2>一枚目</h2>\n<p>本文</p>\n<aside class="notes"><p>ノート一</p>\n</aside></section>',
    );
  });
});
