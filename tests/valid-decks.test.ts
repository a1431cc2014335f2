import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSite } from '../src/node/pipeline/build.ts';
import type { Deck } from '../src/deck/model.ts';
import { serveDir, type StaticServer } from '../src/node/static-server.ts';
import { generateDeck } from '../scripts/gen-deck.ts';
import { capture } from './helpers/capture.ts';
import { openPage, revealReady } from './helpers/browser.ts';

/** Builds a deck in-process, asserting it is clean (no error, no warning). */
async function build(deckDir: string, name: string): Promise<{ deck: Deck; html: string; out: string }> {
  const out = path.join(inject('tmpDir'), 'valid', name);
  mkdirSync(path.dirname(out), { recursive: true });
  const r = await capture(() => buildSite(deckDir, out));
  expect(r.error).toBeUndefined();
  expect(r.stderr).toBe('');
  return { deck: r.value!, html: readFileSync(path.join(out, 'index.html'), 'utf8'), out };
}

/** Opens a built deck in Chromium and returns what each slide shows. */
async function viewDeck(out: string, hash = '', shot?: string): Promise<{ sources: string[]; present: string; errors: string[]; external: string[] }> {
  let server: StaticServer | undefined;
  const w = await openPage('about:blank');
  try {
    server = await serveDir(out);
    await w.page.goto(server.url + hash);
    await revealReady(w.page);
    if (shot) await w.page.screenshot({ path: shot });
    const sources = await w.page.$$eval('.reveal .slides > section', (els) => els.map((e) => e.getAttribute('data-source') ?? ''));
    const present = (await w.page.textContent('.reveal .slides > section.present')) ?? '';
    return { sources, present, errors: w.errors, external: w.external };
  } finally {
    await w.close();
    await server?.close();
  }
}

const fixture = (name: string) => path.resolve('tests/fixtures', name);
const summary = (deck: Deck) => deck.slides.map((s) => `${s.kind} ${s.source.file}:${s.source.line} ${s.title}`);

describe('tricky but valid decks build correctly', () => {
  it('CRLF line endings: lines, notes and code are as in an LF file', async () => {
    const { deck, html, out } = await build(fixture('valid-crlf'), 'crlf');
    expect(summary(deck)).toEqual(['title deck.yaml:1 改行コードCRLFのデッキ', 'content a.md:4 一枚目', 'content a.md:14 二枚目', 'content b.md:4 三枚目']);
    expect(deck.slides[1]!.notesText).toBe('一枚目のノート。二行目。');
    expect(deck.slides[2]!.html).toBe('<h2>二枚目</h2>\n<pre><code class="language-js">const a = 1;\n</code></pre>\n');
    expect(html).not.toContain('\r');
    const view = await viewDeck(out, '#/1');
    expect(view.sources).toEqual(deck.slides.map((s) => `${s.source.file}:${s.source.line}`));
    expect(view.present).toContain('項目B');
    expect(view.errors).toEqual([]);
  });

  it('a UTF-8 BOM (also with CRLF) is dropped, so front matter and title are read', async () => {
    const { deck, html } = await build(fixture('valid-bom'), 'bom');
    expect(summary(deck)).toEqual(['title deck.yaml:1 BOM付きUTF-8のデッキ', 'content a.md:4 一枚目', 'content b.md:4 二枚目(BOMとCRLF)']);
    expect(html).not.toContain('\uFEFF');
    expect(html).toContain('<title>BOM付きUTF-8のデッキ</title>');
  });

  it('--- , Note: and slide comments inside fenced code (``` ~~~ ````, in notes too) stay code', async () => {
    const { deck, html } = await build(fixture('valid-fenced'), 'fenced');
    expect(summary(deck)).toEqual([
      'title deck.yaml:1 コードの中の区切り',
      'content code.md:4 YAMLのフロントマター',
      'content code.md:20 チルダとバッククォート4つ',
      'content code.md:37 シェルの $\'…\'',
    ]);
    const [, yaml, nested, shell] = deck.slides;
    expect(yaml!.html).toContain('---\nphase: cold-war\n---\n## 見出し\n\nNote:\nこれはコードの中のノート\n</code></pre>');
    expect(yaml!.notesText).toBe('コードの中の --- と Note: は区切りではない。');
    expect(nested!.html).toContain('<code class="language-md">```\n---\nNote: 入れ子のフェンス\n```\n&lt;!-- .slide: class=&quot;x&quot; --&gt;\n</code>');
    expect(nested!.attrs).toEqual({});
    expect(shell!.notesHtml).toContain('---\nNote: ノートの中のコードも区切らない\n</code></pre>\n<p>ノートの続き。</p>');
    // String.replace specials in a code sample arrive verbatim in the page.
    expect(html).toContain("echo $'a\\tb' &quot;$&amp;&quot; '$`'");
  });

  it('emoji (ZWJ sequences, flags, skin tones, variation selectors) and surrogate-pair kanji survive', async () => {
    const { deck, out } = await build(fixture('valid-emoji'), 'emoji');
    expect(deck.meta.title).toBe('絵文字 🎉 のデッキ 🇯🇵');
    expect(deck.phases.map((p) => p.label)).toEqual(['🚀 はじまり', '🏁 おわり']);
    expect(deck.slides[1]!.title).toBe('🌍 世界の国旗 🇺🇸🇷🇺');
    expect(deck.slides[1]!.notesText).toBe('ノートにも絵文字 😀 と 𠮷。');
    for (const ch of ['𠮷', '👩', '🏻', '\u200d', '\ufe0f']) expect(deck.characters).toContain(ch);
    const view = await viewDeck(out, '#/1', path.join(inject('shotsDir'), 'valid-emoji.png'));
    expect(view.present).toContain('👩🏻‍💻 肌の色とZWJ');
    expect(view.present).toContain('𠮷野家');
    expect(view.errors).toEqual([]);
  });

  it('a phase with one slide gets its divider, its slide and the whole of its minutes', async () => {
    const { deck } = await build(fixture('valid-one-slide-phase'), 'one-slide');
    expect(deck.slides.map((s) => `${s.kind}:${s.phase}`)).toEqual(['title:intro', 'content:intro', 'content:intro', 'divider:only', 'content:only', 'content:rest', 'content:rest']);
    const only = deck.phases.find((p) => p.id === 'only')!;
    expect([only.firstSlide, only.slideCount]).toEqual([3, 2]);
    // 3 minutes over the divider and the one slide.
    expect(deck.slides.filter((s) => s.phase === 'only').map((s) => s.timing)).toEqual([90, 90]);
  });

  describe('a generated 500-slide deck', () => {
    let built: Awaited<ReturnType<typeof build>>;
    let total: number;
    beforeAll(async () => {
      const dir = path.join(inject('tmpDir'), 'deck-500');
      total = generateDeck(dir, 500);
      built = await build(dir, 'deck-500');
    }, 120_000);

    it('has every slide in the model and in the HTML, in order', () => {
      expect(built.deck.slides).toHaveLength(total);
      expect(built.deck.slides.filter((s) => s.kind === 'content')).toHaveLength(500);
      expect(built.html.match(/<section[\s>]/g)).toHaveLength(total);
      expect(built.deck.slides.at(-1)!.title).toBe('スライド 500:対話の流れ');
    });

    it('opens at its last slide by URL in Chromium', async () => {
      const view = await viewDeck(built.out, `#/${total - 1}`);
      expect(view.sources).toHaveLength(total);
      expect(view.present).toContain('スライド 500');
      expect(view.errors).toEqual([]);
      expect(view.external).toEqual([]);
    });
  });
});
