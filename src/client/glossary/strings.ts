/**
 * UI strings of the glossary and furigana features, in the deck's language (their characters reach
 * the font subset through src/vite/fonts.ts's clientCharacters(), which reads src/client).
 */
const ja = {
  title: '用語集',
  slides: 'スライド',
  see: '関連',
  close: '閉じる',
  term: (t: string) => `用語: ${t}`,
  slideLink: (n: number) => `${n}枚目`,
  furigana: 'ふりがな(ルビ)を表示',
  furiganaKey: 'ふりがなの表示/非表示',
};

type Strings = typeof ja;

const en: Strings = {
  title: 'Glossary',
  slides: 'Slides',
  see: 'See also',
  close: 'Close',
  term: (t) => `Term: ${t}`,
  slideLink: (n) => `slide ${n}`,
  furigana: 'Show furigana (ruby)',
  furiganaKey: 'Show/hide furigana',
};

export function glossaryStrings(lang: string): Strings {
  return lang.toLowerCase().startsWith('ja') ? ja : en;
}
