import { chromium } from 'playwright-core';
import { launchOptions } from './src/node/chromium.ts';
import { serveDir } from './src/node/static-server.ts';
const [dist, shots] = process.argv.slice(2);
const server = await serveDir(dist!);
const b = await chromium.launch(launchOptions());
const page = await b.newPage({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
await page.goto(server.url + 'index.html');
await page.waitForFunction(() => (window as any).Reveal?.isReady());
await page.evaluate(() => document.fonts.ready);
await page.waitForTimeout(300);
const n = await page.evaluate(() => (window as any).Reveal.getTotalSlides());
const rows: string[] = [];
for (let i = 0; i < n; i++) {
  await page.evaluate((h) => (window as any).Reveal.slide(h), i);
  await page.waitForTimeout(30);
  const m = await page.evaluate(() => {
    const s = document.querySelector<HTMLElement>('.reveal .slides > section.present')!;
    if (!s.classList.contains('slide-content')) return null;
    const box = s.getBoundingClientRect();
    const k = 720 / box.height;
    let top = 1e9, bottom = -1e9;
    for (const el of s.children) { if (el.matches('aside.notes')) continue; const r = el.getBoundingClientRect(); if (!r.height) continue; top = Math.min(top, r.top); bottom = Math.max(bottom, r.bottom); }
    const body = [...s.querySelectorAll('p, li, td, th')].filter((e) => !e.closest('aside, figure, .sr-only')).map((e) => e.getBoundingClientRect().height ? parseFloat(getComputedStyle(e).fontSize) / k : 999);
    const h = s.querySelector('h2, h1');
    const left = Math.min(...[...s.children].filter((e) => !e.matches('aside')).map((e) => e.getBoundingClientRect().left));
    return { cls: s.className.replace(/\b(present|slide-content)\b/g, '').trim(), fit: s.style.getPropertyValue('--fit'), space: s.style.getPropertyValue('--fit-space'), body: Math.min(...body), h: h ? parseFloat(getComputedStyle(h).fontSize) / k : 0, top: Math.round(top), bottom: Math.round(bottom), span: ((bottom - top) * k / 720 * 100).toFixed(0), left: Math.round(left), src: s.dataset.source };
  });
  if (!m) continue;
  rows.push(`${i}\t${m.src}\tfit=${m.fit} sp=${m.space}\tbody=${m.body.toFixed(1)} h=${m.h.toFixed(1)}\ty=${m.top}-${m.bottom}\tspan=${m.span}%\tx=${m.left}\t${m.cls}`);
  if (shots) await page.screenshot({ path: `${shots}/s${String(i).padStart(2, '0')}.png` });
}
console.log(rows.join('\n'));
await b.close(); await server.close();
