import { chromium } from 'playwright-core';
import { launchOptions } from './src/node/chromium.ts';
import { serveDir } from './src/node/static-server.ts';
const server = await serveDir(process.argv[2]!);
const b = await chromium.launch(launchOptions());
const page = await b.newPage({ viewport: { width: 1280, height: 720 } });
for (let i = 0; i < 3; i++) {
  await page.goto(server.url + 'index.html#/7');
  await page.waitForFunction(() => performance.getEntriesByName('deck:fit').length > 0);
  console.log(await page.evaluate(() => document.querySelectorAll('[data-fit]').length));
  await page.waitForFunction(() => performance.getEntriesByName('deck:fit-done').length > 0);
  console.log(await page.evaluate(() => performance.getEntriesByName('deck:fit')[0]!.duration.toFixed(1) + ' ms near, all done at ' + performance.getEntriesByName('deck:fit-done')[0]!.startTime.toFixed(0) + ' fit start ' + performance.getEntriesByName('deck:fit')[0]!.startTime.toFixed(0)));
}
await b.close(); await server.close();
