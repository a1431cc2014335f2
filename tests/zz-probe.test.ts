import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { it, inject } from 'vitest';
import { openPage } from './helpers/browser.ts';
function tree(): number {
  const kids = new Map<number, number[]>(); const times = new Map<number, number>();
  for (const d of readdirSync('/proc')) { if (!/^\d+$/.test(d)) continue; try { const s = readFileSync(`/proc/${d}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); const ppid = Number(f[1]); times.set(Number(d), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])); if (!kids.has(ppid)) kids.set(ppid, []); kids.get(ppid)!.push(Number(d)); } catch {} }
  let sum = 0; const walk = (p: number) => { sum += times.get(p) ?? 0; for (const k of kids.get(p) ?? []) walk(k); }; walk(process.pid); return sum / 100;
}
it('probe', async () => {
  const log: string[] = [];
  let t = tree(); const lap = (n: string) => { const x = tree(); log.push(`${n} ${(x - t).toFixed(2)}`); t = x; };
  const w0 = await openPage('about:blank'); await w0.close(); lap('warm');
  for (const q of ['?print-pdf&print-ui', '?print-pdf&print-ui&handout']) {
    const w = await openPage(inject('deckUrl') + q); lap(q + ' goto');
    await w.page.waitForFunction(() => window.deckPrint !== undefined);
    await w.page.evaluate(() => window.deckPrint!.ready); lap('ready');
    await w.page.emulateMedia({ media: 'print' }); lap('emulate');
    const pdf = await w.page.pdf({ preferCSSPageSize: true, printBackground: true }); lap('pdf ' + pdf.length);
    const pdf1 = await w.page.pdf({ preferCSSPageSize: true, printBackground: true, pageRanges: '1' }); lap('pdf1 ' + pdf1.length);
    const pdf2 = await w.page.pdf({ preferCSSPageSize: true, printBackground: true }); lap('pdf again ' + pdf2.length);
    writeFileSync(path.join('/tmp/p8probe', q.length + '.pdf'), pdf);
    await w.close(); lap('close');
  }
  writeFileSync('/tmp/p8probe/log.txt', log.join('\n'));
}, 120000);
