import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
const html = readFileSync(process.argv[2]!, 'utf8');
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await b.newPage({ viewport: { width: 1152, height: 520 }, deviceScaleFactor: 2 });
await page.setContent(html.replace('<svg ', '<svg style="width:1152px;height:auto" '));
const [x, y, w, h] = (process.argv[3] ?? '0,0,1152,520').split(',').map(Number);
await page.screenshot({ path: process.argv[4] ?? '/tmp/mapout/zoom.png', clip: { x: x!, y: y!, width: w!, height: h! } });
await b.close();
