import type { DeckSource } from '../../src/deck/compile.ts';

/** An in-memory deck folder for unit tests: file name → text (UTF-8) or raw bytes. */
export function memoryDeck(files: Record<string, string | Uint8Array>, assets: string[] = []): DeckSource {
  const enc = new TextEncoder();
  return {
    read: (p) => {
      const f = files[p];
      return f === undefined ? undefined : typeof f === 'string' ? enc.encode(f) : f;
    },
    list: () => Object.keys(files),
    exists: (p, where) => (where === 'deck' ? p in files : assets.includes(p)),
  };
}

export const DECK_YAML = `title: テスト
lang: ja
duration: 10
titleSlide: false
phases:
  - { id: a, label: 前半, color: "#2f5d9e", minutes: 4 }
  - { id: b, label: 後半, color: "#c2410c", minutes: 6 }
sections:
  - one.md
  - two.md
`;
