// Secret hygiene: after connecting and using the app, the admin key is in sessionStorage and
// nowhere else: not localStorage, cookies, the URL, the DOM, the console, or any request other
// than the Authorization header sent to the API base.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, startEmulator, launch, Keyward } from './lib.mjs';

let site, emu;
before(async () => { site = await serveDist(); emu = await startEmulator(['--projects', '3', '--keys-per-project', '6']); });
after(async () => { emu.close(); await site.close(); });

test('the admin key appears only in sessionStorage, its input, and the Authorization header', async () => {
  const { context, page } = await launch();
  const app = new Keyward(page);
  const key = emu.key;
  const leaks = [];
  const console_ = [];
  const urls = [];
  page.on('console', m => console_.push(m.text()));
  page.on('framenavigated', f => urls.push(f.url()));
  // Set once the test is over: a request still on its way then (the session's background work)
  // can't have its headers read from a closed browser, and is no longer the test's to judge.
  let over = false;
  context.on('request', async req => {
    const url = req.url();
    if (url.includes(key)) leaks.push(`URL of ${req.method()} ${url}`);
    if ((req.postData() ?? '').includes(key)) leaks.push(`body of ${req.method()} ${url}`);
    let headers;
    try {
      headers = await req.allHeaders();
    } catch (e) {
      if (over) return;
      throw e;
    }
    for (const [name, value] of Object.entries(headers)) {
      if (!value.includes(key)) continue;
      const allowed = name === 'authorization' && value === `Bearer ${key}` && url.startsWith(emu.base + '/');
      if (!allowed) leaks.push(`header ${name} of ${req.method()} ${url}`);
    }
  });
  try {
    await page.goto(site.url);
    await app.connect(key, emu.base);
    await app.projects();
    const projects = (await emu.api('/organization/projects?limit=10')).body.data;
    await app.openProject(projects[1].id);
    await app.byTest('key-row').first().locator('a').first().click();
    await app.byTest('key-name').waitFor();
    await app.nav('nav-audit');
    await page.getByTestId('audit-events').waitFor();
    await page.reload();
    await page.getByTestId('audit-events').waitFor();
    // A failing call, so error paths are exercised too.
    await emu.control({ fault_rate: 1.0, faults: ['internal500'] });
    await app.nav('nav-projects');
    await page.getByText('Try again').first().waitFor({ timeout: 20000 });
    await emu.control({});

    const where = await page.evaluate(k => {
      const found = [];
      for (let i = 0; i < localStorage.length; i++) if ((localStorage.getItem(localStorage.key(i)) ?? '').includes(k)) found.push('localStorage');
      if (document.cookie.includes(k)) found.push('cookie');
      if (location.href.includes(k)) found.push('URL');
      if (document.documentElement.outerHTML.includes(k)) found.push('DOM markup');
      if ((document.body.innerText ?? '').includes(k)) found.push('DOM text');
      for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) if (a.value.includes(k)) found.push(`attribute ${a.name} of <${el.tagName}>`);
        if ('value' in el && typeof el.value === 'string' && el.value.includes(k) && !(el.tagName === 'INPUT' && el.type === 'password')) found.push(`value of <${el.tagName}>`);
      }
      const inSession = [...Array(sessionStorage.length).keys()].some(i => (sessionStorage.getItem(sessionStorage.key(i)) ?? '').includes(k));
      return { found, inSession };
    }, key);
    assert.ok(where.inSession, 'the key is kept in sessionStorage');
    assert.deepEqual(where.found, []);
    const cookies = await context.cookies();
    assert.ok(!cookies.some(c => c.value.includes(key)), 'no cookie holds the key');
    assert.ok(!urls.some(u => u.includes(key)), 'no URL ever held the key');
    assert.ok(!console_.some(t => t.includes(key)), 'nothing logged the key');
    assert.deepEqual(leaks, []);
    // The emulator saw the header on every API request.
    const seen = await emu.requests();
    assert.ok(seen.length > 5 && seen.every(r => r.authorized));
  } finally {
    await emu.control({});
    over = true;
    await context.close();
  }
});
