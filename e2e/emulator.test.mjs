// Against the HTTP Admin API emulator: connect, open a project and a key, change its scopes,
// revoke it. The emulator's request log proves what was sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, startEmulator, launch, shot, Keyward } from './lib.mjs';

let site, emu;
before(async () => { site = await serveDist(); emu = await startEmulator(['--projects', '4', '--keys-per-project', '12', '--seed', '9']); });
after(async () => { emu.close(); await site.close(); });

async function firstProjectWithLiveKey() {
  const projects = (await emu.api('/organization/projects?limit=100')).body.data;
  const now = Date.now() / 1000;
  for (const p of projects.slice(1)) {
    const keys = (await emu.api(`/organization/projects/${p.id}/api_keys?limit=100&owner_project_access=any`)).body.data;
    const key = keys.find(k => k.expires_at === null || k.expires_at > now);
    if (key) return { project: p, key, keys };
  }
  throw new Error('no live key');
}

test('connect, open a project and a key, change scopes, revoke', async () => {
  const { project, key, keys } = await firstProjectWithLiveKey();
  const { context, page, errors } = await launch();
  const app = new Keyward(page);
  try {
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.projects();
    await app.openProject(project.id);
    assert.equal(await app.byTest('key-row').count(), keys.length);

    await app.row(key.id).locator('a').first().click();
    await app.byTest('key-name').waitFor();
    assert.equal(await app.byTest('key-name').textContent(), key.name);
    // The update form (a service account's key also has the rotation card's choices).
    const form = page.locator('form', { has: app.byTest('save-key') });
    await form.getByLabel('Restricted to…').check();
    await form.getByLabel(/Models: read/).check();
    await form.getByLabel(/Files: read/).check();
    await app.byTest('save-key').click();
    await app.byTest('server-answer').waitFor();
    await page.getByText(/Restricted: api\.model\.read, api\.files\.read \(set/).waitFor();
    let log = await emu.requests();
    const posts = log.filter(r => r.method === 'POST');
    assert.equal(posts.length, 1);
    assert.ok(posts[0].path.endsWith(`/api_keys/${key.id}`));
    const audit = (await emu.api(`/organization/audit_logs?event_types[]=api_key.updated&resource_ids[]=${key.id}`)).body.data;
    assert.deepEqual(audit[0]['api_key.updated'].changes_requested.scopes, ['api.model.read', 'api.files.read']);
    await shot(page, 'emulator-key-updated');

    await app.byTest('revoke').click();
    await app.confirmRevoke(key.name);
    await app.byTest('keys-table').waitFor();
    await page.getByText(`Revoked “${key.name}”`).first().waitFor();
    assert.equal(await app.row(key.id).count(), 0);
    log = await emu.requests();
    const deletes = log.filter(r => r.method === 'DELETE');
    assert.deepEqual(deletes.map(d => d.path), [`/v1/organization/projects/${project.id}/api_keys/${key.id}`], 'exactly one DELETE, for that key');
    assert.equal((await emu.api(`/organization/projects/${project.id}/api_keys/${key.id}`)).status, 404);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a failed revoke leaves the key listed and says why', async () => {
  const { project, key } = await firstProjectWithLiveKey();
  const { context, page } = await launch();
  const app = new Keyward(page);
  try {
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.openProject(project.id);
    await emu.control({ fault_rate: 1.0, faults: ['rate_limited_bare'] });
    await app.row(key.id).getByTestId('revoke').click();
    await app.confirmRevoke(key.name);
    await app.byTest('revoke-dialog').getByRole('alert').waitFor();
    assert.match(await app.byTest('revoke-dialog').textContent(), /Not revoked/);
    await emu.control({});
    await page.keyboard.press('Escape');
    assert.equal(await app.row(key.id).count(), 1);
    assert.equal((await emu.api(`/organization/projects/${project.id}/api_keys/${key.id}`)).status, 200);
  } finally {
    await emu.control({});
    await context.close();
  }
});

test('connect errors are specific: wrong key, project key, unreachable API; lock forgets', async () => {
  const { context, page } = await launch();
  const app = new Keyward(page);
  try {
    await page.goto(site.url);
    await app.connect('sk-admin-not-the-right-key', emu.base);
    await app.byTest('connect-error').getByText('This admin key was not accepted.').waitFor();
    await app.byTest('admin-key').fill('sk-proj-abc');
    await app.byTest('connect').click();
    await page.getByText(/project key/).waitFor();
    await app.byTest('base-url').fill('http://127.0.0.1:9/v1');
    await app.byTest('admin-key').fill(emu.key);
    await app.byTest('connect').click();
    await app.byTest('connect-error').getByText(/Could not reach http:\/\/127\.0\.0\.1:9/).waitFor();
    assert.match(await app.byTest('connect-error').textContent(), /extension/);
    await shot(page, 'connect-unreachable');
    // Lock forgets the key at once.
    await app.byTest('base-url').fill(emu.base);
    await app.byTest('connect').click();
    await app.projects();
    assert.ok(await page.evaluate(() => sessionStorage.getItem('keyward.session')));
    await app.byTest('lock').click();
    await app.byTest('admin-key').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('keyward.session')), null);
    // Reload after lock: still locked.
    await page.reload();
    await app.byTest('admin-key').waitFor();
  } finally {
    await context.close();
  }
});
