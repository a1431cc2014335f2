/** Levenshtein distance by code point (a kanji or an emoji is one step), for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const A = [...a];
  const B = [...b];
  const row = Array.from({ length: B.length + 1 }, (_, i) => i);
  for (let i = 1; i <= A.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= B.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (A[i - 1] === B[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[B.length]!;
}
