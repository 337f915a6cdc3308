// The same dist/ as an unpacked MV3 extension, at popup size: connect to the emulator through a
// custom base URL, list a project's keys, revoke one; reopen and still be connected; lock and
// find chrome.storage.session empty. Also: web-ext lint finds no errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DIST, ROOT, serveDist, startEmulator, launch, shot, Keyward } from './lib.mjs';

const extensionId = dir => createHash('sha256').update(dir).digest('hex').slice(0, 32)
  .replace(/[0-9a-f]/g, c => 'abcdefghijklmnop'[parseInt(c, 16)]);

let emu;
before(async () => { emu = await startEmulator(['--projects', '2', '--keys-per-project', '5', '--seed', '4']); });
after(() => emu.close());

test('extension popup: connect, revoke, survive reopening, lock clears chrome.storage.session', async () => {
  const { context, errors } = await launch({ extension: DIST, width: 400, height: 600 });
  const url = `chrome-extension://${extensionId(DIST)}/index.html`;
  try {
    let page = await context.newPage();
    await page.goto(url);
    let app = new Keyward(page);
    await app.byTest('admin-key').waitFor();
    await shot(page, 'extension-connect-popup');
    assert.equal(await page.evaluate(() => typeof chrome?.storage?.session?.get), 'function');
    await app.connect(emu.key, emu.base);
    await app.projects();
    assert.equal(await app.byTest('open-tab').count(), 1, '"Open in a tab" is offered in the extension');
    // Kept in chrome.storage.session, not in the page's sessionStorage.
    const stored = await page.evaluate(() => chrome.storage.session.get(null));
    assert.equal(JSON.parse(stored['keyward.session']).key, emu.key);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('keyward.session')), null);

    const project = (await emu.api('/organization/projects?limit=10')).body.data[1];
    const key = (await emu.api(`/organization/projects/${project.id}/api_keys?limit=100&owner_project_access=any`)).body.data[0];
    await app.openProject(project.id);
    await shot(page, 'extension-project-popup');
    await app.row(key.id).getByTestId('revoke').click();
    await app.confirmRevoke(key.name);
    await page.getByText(/Revoked “/).first().waitFor();
    assert.equal(await app.row(key.id).count(), 0);
    assert.deepEqual((await emu.requests()).filter(r => r.method === 'DELETE').map(r => r.path), [`/v1/organization/projects/${project.id}/api_keys/${key.id}`]);

    // Close the popup and open it again: still connected.
    await page.close();
    page = await context.newPage();
    await page.goto(url);
    app = new Keyward(page);
    await app.projects();

    await app.byTest('lock').click();
    await app.byTest('admin-key').waitFor();
    await page.waitForFunction(async () => Object.keys(await chrome.storage.session.get(null)).length === 0);
    assert.deepEqual(await page.evaluate(() => chrome.storage.session.get(null)), {});
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a popup reopened after the idle limit does not get the key back', async () => {
  const { context } = await launch({ extension: DIST, width: 400, height: 600 });
  const url = `chrome-extension://${extensionId(DIST)}/index.html`;
  try {
    let page = await context.newPage();
    await page.goto(url);
    const app = new Keyward(page);
    await app.connect(emu.key, emu.base);
    await app.projects();
    const stored = await page.evaluate(() => chrome.storage.session.get(null));
    assert.equal(JSON.parse(stored['keyward.session']).idle_minutes, 30);
    assert.ok(Date.now() - Number(stored['keyward.activity']) < 60_000, 'activity is recorded beside the key');
    // The popup is closed, and 31 minutes pass.
    await page.evaluate(() => chrome.storage.session.set({ 'keyward.activity': String(Date.now() - 31 * 60_000) }));
    await page.close();
    page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('admin-key').waitFor();
    await page.getByText('Locked after 30 minutes without activity').waitFor();
    assert.deepEqual(await page.evaluate(() => chrome.storage.session.get(null)), {});
  } finally {
    await context.close();
  }
});

test('the demo works in the extension too', async () => {
  const { context } = await launch({ extension: DIST, width: 400, height: 600, colorScheme: 'dark' });
  try {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId(DIST)}/index.html#/demo`);
    const app = new Keyward(page);
    await app.projects();
    await shot(page, 'extension-demo-popup-dark');
    // Usage, a key's sparkline and the filtered audit log work at popup size too.
    await app.nav('nav-keys');
    await app.byTest('keys-table').waitFor();
    await app.byTest('traffic-filter').or(app.byTest('more-filters')).first().waitFor();
    if (await app.byTest('more-filters').isVisible()) await app.byTest('more-filters').click();
    await app.byTest('traffic-filter').selectOption('busy');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=key-row] .show-narrow')].some(s => /req/.test(s.textContent)), null, { timeout: 30000 });
    await shot(page, 'extension-demo-usage-popup-dark');
    await app.byTest('key-row').first().locator('a').first().click();
    await app.byTest('sparkline').waitFor();
    await app.byTest('key-usage').scrollIntoViewIfNeeded();
    await shot(page, 'extension-demo-sparkline-popup-dark');
    await app.nav('nav-audit');
    await app.byTest('audit-event').first().waitFor();
    const projectId = await page.locator('#audit-project option').nth(2).getAttribute('value');
    await app.byTest('audit-project').selectOption(projectId);
    await app.byTest('audit-actor').fill('owner@example.com');
    await app.byTest('audit-apply').click();
    await app.byTest('audit-end').waitFor();
    const projects = await app.byTest('audit-event').evaluateAll(els => els.map(e => e.dataset.project));
    assert.ok(projects.length > 0 && projects.every(p => p === projectId));
    await shot(page, 'extension-demo-audit-popup-dark');
    // Admin keys and people in the popup: the session's key marked, owners' keys counted.
    await app.nav('nav-admin-keys');
    await app.byTest('admin-keys-table').waitFor();
    assert.equal(await app.byTest('current-key').count(), 1);
    await shot(page, 'extension-demo-admin-keys-popup-dark');
    await app.nav('nav-people');
    await app.byTest('people-table').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=person-keys]')].some(td => Number(td.textContent) > 0));
  } finally {
    await context.close();
  }
});

test('the store zip loads as an extension', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-zip-'));
  const zip = join(dir, 'keyward.zip');
  execFileSync('python3', [join(ROOT, 'scripts', 'zip-extension.py'), DIST, zip]);
  const unpacked = join(dir, 'unpacked');
  execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, unpacked]);
  // The single file opens from disk; the extension has its own files.
  assert.deepEqual(readdirSync(unpacked).filter(f => f.startsWith('keyward.html')), []);
  const { context, errors } = await launch({ extension: unpacked, width: 400, height: 600 });
  try {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId(unpacked)}/index.html`);
    await new Keyward(page).byTest('admin-key').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('web-ext lint: no errors', () => {
  const out = execFileSync(join(ROOT, 'node_modules', '.bin', 'web-ext'), ['lint', '--source-dir', DIST, '--output', 'json'], { encoding: 'utf8' });
  const report = JSON.parse(out.slice(out.indexOf('{')));
  assert.equal(report.summary.errors, 0, JSON.stringify(report.errors, null, 1));
});

test('popup: a bulk revoke moves to a tab with its selection, and runs there', async () => {
  const { context, errors } = await launch({ extension: DIST, width: 400, height: 600 });
  const url = `chrome-extension://${extensionId(DIST)}/index.html`;
  try {
    const popup = await context.newPage();
    await popup.goto(url);
    const app = new Keyward(popup);
    await app.connect(emu.key, emu.base);
    await app.projects();
    await app.nav('nav-keys');
    await app.byTest('scan-status').getByText(/keys in \d+ projects/).waitFor();
    const rows = app.byTest('key-row');
    const chosen = [await rows.nth(0).getAttribute('data-key-id'), await rows.nth(1).getAttribute('data-key-id')].sort();
    for (const id of chosen) await app.row(id).locator('input[type=checkbox]').check();
    await popup.waitForFunction(() => location.hash.includes('sel='));
    await app.byTest('bulk-revoke').click();
    await app.byTest('bulk-popup').waitFor();
    await shot(popup, 'extension-bulk-popup');
    const [tab] = await Promise.all([context.waitForEvent('page'), app.byTest('bulk-in-tab').click()]);
    await tab.setViewportSize({ width: 1280, height: 860 });
    const inTab = new Keyward(tab);
    try { await inTab.byTest('keys-table').waitFor({ timeout: 10000 }); } catch (e) {
      await shot(tab, 'extension-bulk-tab-failed');
      throw new Error(`${e.message}\nurl: ${tab.url()}\n${await tab.locator('body').innerText()}`);
    }
    assert.match(await inTab.byTest('key-summary').textContent(), /2 selected/, 'the selection came along');
    await inTab.byTest('bulk-revoke').click();
    assert.deepEqual((await inTab.byTest('bulk-review').locator('li[data-key-id]').evaluateAll(l => l.map(e => e.dataset.keyId))).sort(), chosen);
    assert.equal(await inTab.byTest('bulk-popup').count(), 0, 'a tab needs no warning');
    await inTab.byTest('bulk-confirm').fill('2');
    await inTab.byTest('bulk-go').click();
    await inTab.byTest('tally-summary').getByText('Revoked 2 of 2 keys.').waitFor();
    const deleted = (await emu.requests()).filter(r => r.method === 'DELETE').map(r => r.path.split('/').pop()).filter(id => chosen.includes(id));
    assert.deepEqual(deleted.sort(), chosen, 'each chosen key deleted once');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
