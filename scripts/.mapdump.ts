import { writeFileSync } from 'node:fs';
import { compile } from '../src/deck/compile.ts';
import { readDeckFolder } from '../src/node/deck-files.ts';
const t = performance.now();
const r = compile(readDeckFolder(process.argv[2]!));
console.log('compile ms', Math.round(performance.now() - t));
for (const d of r.diagnostics) console.log(d.severity, `${d.file}:${d.line}:${d.col}`, d.message, '|', d.hint);
let i = 0;
for (const s of r.deck?.slides ?? []) for (const m of s.html.matchAll(/<figure class="deck-figure figure-map"[\s\S]*?<\/figure>/g)) {
  const svg = /<svg[\s\S]*<\/svg>/.exec(m[0])![0];
  console.log('map', i, 'svg bytes', Buffer.byteLength(svg), 'paths', (svg.match(/data-iso=/g) ?? []).length);
  writeFileSync(`/tmp/mapout/map${i++}.html`, `<!doctype html><meta charset=utf-8><body style="margin:0;font-family:'Noto Sans JP'">${m[0]}</body>`);
}
