import path from 'node:path';
import { chromium } from 'playwright-core';
import { buildSite } from '../src/cli/build.ts';
import { serveDir } from '../src/node/static-server.ts';
const out = '/tmp/mapsite';
await buildSite(path.resolve(process.argv[2] ?? 'tests/fixtures/map'), out);
const server = await serveDir(out, '/x/');
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await b.newPage({ viewport: { width: 1280, height: 720 } });
for (const i of (process.argv[3] ?? '1,2,3').split(',')) {
  await page.goto(`${server.url}#/${i}`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/mapout/slide${i}.png` });
}
await b.close();
await server.close();
