// Issue 18, as an attacker would try it: a link whose ID walks the API path sends nothing and says
// why; Lock in one tab empties every tab's storage (copied tabs included); the page refuses to run
// in a frame; a copied one-time secret leaves the clipboard at Lock; a link can't select what its
// own filters hide; the CSP logs no error. The emulator's request log proves what was sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, startEmulator, launch, shot, Keyward, connectedTo, a11yViolations } from './lib.mjs';

let site, emu;
before(async () => {
  site = await serveDist();
  emu = await startEmulator(['--projects', '3', '--keys-per-project', '12', '--seed', '18']);
});
after(async () => { emu.close(); await site.close(); });

const clearLog = () => fetch(emu.base.replace(/\/v1$/, '/__requests'), { method: 'DELETE' });
const projects = async () => (await emu.api('/organization/projects?limit=100')).body.data;
const keysOf = async p => (await emu.api(`/organization/projects/${p}/api_keys?limit=100&owner_project_access=any`)).body.data;

const connected = (opts = {}) => connectedTo(site, emu, opts);

test('a link whose ID walks the API path sends nothing and says why', async () => {
  const { context, page, errors, app } = await connected();
  try {
    // Let the connect's own reads finish, then watch the log.
    await page.waitForTimeout(500);
    await clearLog();
    const project = (await projects())[0].id;
    await clearLog();
    for (const hash of ['#/projects/%2E%2E/users', '#/projects/.%2E/rate-limits', '#/projects/%2e%2E/settings',
      `#/projects/${project}/keys/%2E%2E`, '#/projects/a%2Fb/service-accounts']) {
      await page.goto(site.url + hash);
      const notice = app.byTest('invalid-link');
      await notice.waitFor();
      assert.match(await notice.textContent(), /where an ID belongs.*nothing was sent/s, hash);
      // No role to pick, no Remove, no form: nothing on the page can send the walk.
      assert.equal(await page.locator('select, form, [data-testid=remove-user]').count(), 0, hash);
    }
    await shot(page, 'security-invalid-link-light');
    assert.deepEqual(await a11yViolations(page), []);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 400, height: 600 });
    await shot(page, 'security-invalid-link-dark-popup');
    assert.deepEqual(await a11yViolations(page), []);
    await page.waitForTimeout(500);
    const sent = await emu.requests();
    assert.deepEqual(sent.map(r => `${r.method} ${r.path}`), [], 'no request left the page');
    // The app still works afterwards, from the same session.
    await page.goto(site.url + '#/projects');
    await app.projects();
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test('Lock in one tab empties the storage of every tab, copied ones included', async () => {
  const { context, page, errors, app } = await connected();
  try {
    // A tab opened from this one starts with a copy of its sessionStorage, as a duplicated tab does.
    const [second] = await Promise.all([context.waitForEvent('page'), page.evaluate(url => { window.open(url); }, site.url + '#/projects')]);
    const other = new Keyward(second);
    await other.byTest('projects-table').waitFor();
    const stored = p => p.evaluate(() => Object.keys(sessionStorage).filter(k => k.startsWith('keyward.') && k !== 'keyward.mode'));
    assert.ok((await stored(second)).includes('keyward.session'), 'the copy holds the key before the lock');
    await app.byTest('lock').click();
    await app.byTest('admin-key').waitFor();
    await other.byTest('admin-key').waitFor();
    assert.deepEqual(await stored(page), []);
    assert.deepEqual(await stored(second), [], 'the copied tab forgot its own copy');
    // A reload of the copy does not connect again.
    await clearLog();
    await second.reload();
    await other.byTest('admin-key').waitFor();
    await second.waitForTimeout(500);
    assert.equal((await emu.requests()).length, 0, 'the reloaded copy called the API');
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test('the page refuses to run in a frame', async () => {
  const { context, page } = await launch();
  try {
    // Another origin frames Keyward (about:blank with an iframe stands in for any site).
    await page.setContent(`<iframe src="${site.url}" width="800" height="400"></iframe>`);
    const frame = page.frameLocator('iframe');
    await frame.getByTestId('framed').waitFor();
    assert.match(await frame.getByTestId('framed').textContent(), /does not run inside a frame/);
    assert.equal(await frame.getByTestId('admin-key').count(), 0, 'the app did not mount');
    assert.equal(await frame.getByRole('link', { name: 'Open Keyward in its own tab' }).getAttribute('target'), '_blank');
    await shot(page, 'security-framed');
  } finally { await context.close(); }
});

test('a copied one-time secret leaves the clipboard at Lock', async () => {
  const { context, page, errors, app } = await connected();
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url.replace(/\/$/, '') });
    const project = (await projects())[1].id;
    await page.goto(site.url + `#/projects/${project}/service-accounts`);
    await app.byTest('sa-name').fill('e2e-clipboard');
    await page.getByRole('button', { name: 'Create service account' }).click();
    const secret = await app.byTest('new-secret').inputValue();
    assert.match(secret, /^sk-svcacct-/);
    assert.ok(await app.byTest('clear-clipboard').isChecked(), 'clearing is offered, and on');
    await app.byTest('copy-secret').click();
    await page.getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    await page.getByRole('button', { name: 'I have saved it' }).click();
    assert.equal(await app.byTest('new-secret').count(), 0);
    await app.byTest('lock').click();
    await app.byTest('admin-key').waitFor();
    await page.waitForFunction(async () => (await navigator.clipboard.readText()) === '', null, { timeout: 5000 });
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

// Other jobs (usage, guard rails, permissions) report their steps while a new key is shown: the
// secret's view must not be drawn again for them, or the user's choices in it are lost.
test('a shown secret keeps the choice made in it while other work reports its progress', async () => {
  await emu.control({ latency_ms: 1200 });
  const { context, page, errors, app } = await connected();
  try {
    await page.evaluate(() => { location.hash = '#/admin-keys'; });
    await app.byTest('admin-key-new').click();
    await app.byTest('admin-key-name').fill('e2e-reveal-choice');
    await app.byTest('admin-key-create').click();
    await app.byTest('new-secret').waitFor({ timeout: 15000 });
    assert.match(await app.byTest('jobs-indicator').textContent(), /running/, 'other work is still going on');
    await app.byTest('clear-clipboard').uncheck();
    await page.waitForFunction(() => !/running/.test(document.querySelector('[data-testid=jobs-indicator]').textContent),
      null, { timeout: 60000 });
    assert.equal(await app.byTest('clear-clipboard').isChecked(), false, 'the choice held while the other jobs ran');
    assert.deepEqual(errors, []);
  } finally {
    await emu.control({});
    await context.close();
  }
});

test('a selection from a link never includes a key its own filters hide', async () => {
  const project = (await projects())[0].id;
  const keys = await keysOf(project);
  const never = keys.find(k => k.last_used_at == null);
  const used = keys.find(k => k.last_used_at != null);
  assert.ok(never && used, 'the seed gives both kinds');
  const { context, page, errors, app } = await connected();
  try {
    await page.goto(site.url + `#/keys?used=never&sel=${used.id},${never.id}`);
    await app.byTest('keys-table').waitFor();
    await app.byTest('key-summary').getByText('1 selected').waitFor();
    const summary = await app.byTest('key-summary').textContent();
    assert.ok(!summary.includes('hidden'), summary);
    assert.equal(await app.row(never.id).locator('input[type=checkbox]').isChecked(), true);
    // Clearing the filter shows the other key, still not selected.
    await app.byTest('clear-filters').click();
    // Only the rows in view are rendered: find it by its ID.
    await app.byTest('key-search').fill(used.id);
    await app.row(used.id).waitFor();
    assert.equal(await app.row(used.id).locator('input[type=checkbox]').isChecked(), false);
    assert.match(await app.byTest('bulk-revoke').textContent(), /\(1\)/);
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test('the CSP is strict and logs no error, in the page and the demo', async () => {
  const { context, page, errors } = await launch({ colorScheme: 'dark' });
  const logged = [];
  page.on('console', m => { if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) logged.push(m.text()); });
  try {
    const app = new Keyward(page);
    await page.goto(site.url);
    await app.byTest('admin-key').waitFor();
    const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
    assert.match(csp, /^default-src 'none';/);
    for (const d of ["base-uri 'none'", "form-action 'none'", 'worker-src', 'connect-src']) assert.ok(csp.includes(d), d);
    assert.ok(!csp.includes('[::1]'), 'an IPv6 source is invalid in Chromium');
    assert.ok(!/unsafe-inline|unsafe-eval'/.test(csp.replace("'wasm-unsafe-eval'", '')), csp);
    await page.goto(site.url + '#/demo');
    await app.projects();
    for (const view of ['#/keys', '#/admin-keys', '#/people', '#/audit']) {
      await page.goto(site.url + view);
      await page.locator('main h1, main h2').first().waitFor();
    }
    await page.waitForTimeout(500);
    assert.deepEqual(logged, []);
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});
