// For each page: reload into the demo, focus each of the first few controls in main while the
// page's data arrives, record focus drops to <body> and what caused them.
import { serveDist, launch, Keyward } from './lib.mjs';
const site = await serveDist();
const routes = (process.env.ROUTES ?? '#/projects,#/keys,#/people,#/spend,#/review,#/audit,#/admin-keys,#/keyless,#/groups,#/roles,#/invites,#/certificates').split(',');
for (const route of routes) {
  for (const nth of [0, 1, 2, 3, 5, 8]) {
    const l = await launch({});
    const page = l.page; const app = new Keyward(page);
    page.on('pageerror', e => console.log('PAGEERR', String(e).slice(0, 300)));
    await page.goto(site.url + '#/demo');
    await app.projects();
    await page.evaluate(() => {
      window.__drops = [];
      document.addEventListener('focusout', e => {
        if (e.relatedTarget) return;
        const t = e.target;
        const desc = (t.dataset?.testid || t.tagName) + ' ' + (t.getAttribute('aria-label') || t.textContent || '').slice(0, 40);
        const st = new Error().stack.split('\n').slice(2, 4).map(x => x.trim().slice(0, 80)).join('|');
        requestAnimationFrame(() => { if (document.activeElement === document.body || !document.activeElement) window.__drops.push([desc, t.isConnected, st]); });
      }, true);
    });
    await page.evaluate(h => { location.hash = h; }, route);
    await page.waitForTimeout(150);
    const what = await page.evaluate(n => {
      const els = [...document.querySelectorAll('main a[href], main button:not([disabled]), main select, main input, main [tabindex="0"]')];
      const el = els[n]; if (!el) return null;
      el.focus();
      return (el.dataset?.testid || el.tagName) + ' ' + (el.getAttribute('aria-label') || el.textContent || '').slice(0, 30);
    }, nth);
    await page.waitForTimeout(4000);
    const drops = await page.evaluate(() => window.__drops);
    if (drops.length) console.log(route, nth, what, JSON.stringify(drops));
    await l.context.close();
  }
  console.log('done', route);
}
await site.close();
process.exit(0);
