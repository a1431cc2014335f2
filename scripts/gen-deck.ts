import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Writes a large, valid deck (default 500 content slides) into `dir`, for the 500-slide build
 * test and benchmark. Generated on demand so the repository holds no 500 slides.
 * Returns the number of slides the compiled deck has (content + title + dividers).
 */
export function generateDeck(dir: string, slides = 500, sections = 10): number {
  mkdirSync(dir, { recursive: true });
  const phases = 5;
  const perSection = Math.ceil(slides / sections);
  const colors = ['#5b6770', '#2f5d9e', '#1f8a70', '#c2410c', '#6d4aa8'];
  const files: string[] = [];
  let n = 0;
  for (let s = 0; s < sections; s++) {
    const phase = Math.floor((s * phases) / sections);
    const parts: string[] = [`---\nphase: p${phase + 1}\ntitle: 第${s + 1}節\n---`];
    for (let i = 0; i < perSection && n < slides; i++, n++) {
      parts.push(
        [
          `## スライド ${n + 1}:${['冷戦', '緊張緩和', '軍備管理', '制裁', '対話'][n % 5]}の流れ`,
          '',
          `- ${1945 + (n % 80)}年 米ソ関係の**「転換点」**となった出来事`,
          '- 背景:核兵器と同盟の拡大',
          '- 結果:対立と協力が入り混じる',
          '',
          n % 10 === 0 ? '```text\n---\nNote: コードの中は区切りではない\n```\n' : '',
          'Note:',
          `スライド${n + 1}のノートです。ここでは出来事の背景を説明し、学生に問いかけます。`,
        ].join('\n'),
      );
    }
    const file = `${String(s + 1).padStart(2, '0')}-section.md`;
    writeFileSync(path.join(dir, file), parts.join('\n\n---\n') + '\n');
    files.push(file);
  }
  const yaml = [
    'title: 生成された大きなデッキ',
    'subtitle: 500枚の負荷試験',
    'lang: ja',
    `duration: ${phases * 10}`,
    'phases:',
    ...Array.from({ length: phases }, (_, i) => `  - { id: p${i + 1}, label: 第${i + 1}部, color: "${colors[i]}", minutes: 10, divider: true }`),
    'sections:',
    ...files.map((f) => `  - ${f}`),
  ].join('\n');
  writeFileSync(path.join(dir, 'deck.yaml'), yaml + '\n');
  return slides + 1 + phases;
}

// `tsx scripts/gen-deck.ts DIR [SLIDES]`
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, count] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: tsx scripts/gen-deck.ts DIR [SLIDES]\n');
    process.exit(1);
  }
  const total = generateDeck(dir, count ? Number(count) : 500);
  process.stdout.write(`wrote ${dir} (${total} slides)\n`);
}
