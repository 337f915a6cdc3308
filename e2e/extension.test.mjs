// The same dist/ as an unpacked MV3 extension, at popup size: connect to the emulator through a
// custom base URL, list a project's keys, revoke one; reopen and still be connected; lock and
// find chrome.storage.session empty. Also: web-ext lint finds no errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
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
    await app.byTest('projects-table').waitFor();
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
    await app.byTest('projects-table').waitFor();

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
    await app.byTest('projects-table').waitFor();
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
    await new Keyward(page).byTest('projects-table').waitFor();
    await shot(page, 'extension-demo-popup-dark');
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
