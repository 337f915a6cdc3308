// Ad-hoc screenshots: node e2e/shot.mjs URL OUT.png [width] [height] [dark]
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const [url, out, w = '1280', h = '800', scheme = 'light', ...clicks] = process.argv.slice(2);
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kw-')), {
  executablePath: '/usr/bin/chromium', headless: true, colorScheme: scheme,
  viewport: { width: +w, height: +h },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] ?? await ctx.newPage();
page.on('console', m => console.log('console:', m.type(), m.text()));
page.on('pageerror', e => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForTimeout(1500);
for (const c of clicks) { await page.locator(c).first().click(); await page.waitForTimeout(800); }
await page.screenshot({ path: out, fullPage: false });
await ctx.close();
