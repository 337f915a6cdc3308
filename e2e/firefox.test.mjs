// The extension in Firefox ESR, loaded from dist/ as a temporary add-on, at popup size: connect to
// the emulator through a custom base URL, list a project's keys, revoke one, reopen and still be
// connected (storage.session), lock and find the storage empty; then the demo, whose organization
// runs in a worker of its own. Screenshots in e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, startEmulator } from './lib.mjs';
import { startFirefox, EXTENSION_URL } from './firefox.mjs';

let emu, ff;
before(async () => {
  emu = await startEmulator(['--projects', '2', '--keys-per-project', '5', '--seed', '5']);
  ff = await startFirefox({ width: 400, height: 600 });
  await ff.install(DIST);
});
after(async () => { await ff?.quit(); emu?.close(); });

test('Firefox extension: connect, list, revoke, reopen, lock', async () => {
  await ff.openTab(EXTENSION_URL);
  await ff.find('[data-testid=admin-key]');
  const [w, h] = await ff.eval('return [innerWidth, innerHeight];');
  assert.equal(w, 400, 'the popup width, in CSS pixels');
  assert.ok(Math.abs(h - 600) <= 12, `about 600 CSS pixels high: ${h}`);
  // Host permissions: the manifest's api.openai.com is granted at install; custom origins are
  // optional and asked for at connect time.
  const perms = await ff.eval('return browser.permissions.getAll();');
  assert.ok(perms.origins.includes('https://api.openai.com/*'), JSON.stringify(perms));
  await ff.shot('firefox-connect-popup');

  await ff.click('details.advanced summary');
  await ff.type('[data-testid=base-url]', emu.base);
  await ff.type('[data-testid=admin-key]', emu.key);
  await ff.click('[data-testid=connect]');
  // The Review is the first screen.
  await ff.find('[data-testid=review-page]');
  const stored = await ff.eval('return browser.storage.session.get(null);');
  assert.equal(JSON.parse(stored['keyward.session']).key, emu.key, 'kept in storage.session');
  assert.equal(await ff.eval('return sessionStorage.getItem("keyward.session");'), null);
  await ff.eval('location.hash = "#/projects";');
  await ff.find('[data-testid=projects-table]');
  await ff.shot('firefox-projects-popup');

  const project = (await emu.api('/organization/projects?limit=10')).body.data[1];
  const keys = (await emu.api(`/organization/projects/${project.id}/api_keys?limit=100&owner_project_access=any`)).body.data;
  await ff.click(`a[href="#/projects/${project.id}"]`);
  await ff.find('[data-testid=keys-table]');
  assert.equal(await ff.count('[data-testid=key-row]'), keys.length);
  await ff.shot('firefox-project-popup');

  const key = keys[0];
  await ff.click(`tr[data-key-id="${key.id}"] [data-testid=revoke]`);
  await ff.find('[data-testid=revoke-dialog]');
  if (await ff.count('[data-testid=confirm-name]')) await ff.type('[data-testid=confirm-name]', key.name);
  await ff.click('[data-testid=confirm-revoke]');
  await ff.gone(`tr[data-key-id="${key.id}"]`);
  const deletes = (await emu.requests()).filter(r => r.method === 'DELETE').map(r => r.path);
  assert.deepEqual(deletes, [`/v1/organization/projects/${project.id}/api_keys/${key.id}`]);
  assert.equal((await emu.api(`/organization/projects/${project.id}/api_keys/${key.id}`)).status, 404);

  // Close the popup and open it again: still connected.
  await ff.openTab(EXTENSION_URL);
  await ff.find('[data-testid=review-page], [data-testid=projects-table]');
  await ff.shot('firefox-reopened-popup');
  await ff.click('[data-testid=lock]');
  await ff.find('[data-testid=admin-key]');
  await ff.waitFor(async () => Object.keys(await ff.eval('return browser.storage.session.get(null);')).length === 0, 'an empty storage.session');
  await ff.shot('firefox-locked-popup');
});

test('Firefox extension: the demo organization runs in its worker', async () => {
  await ff.openTab(`${EXTENSION_URL}#/demo`);
  await ff.find('[data-testid=demo-banner]');
  await ff.find('[data-testid=review-page]');
  await ff.eval('location.hash = "#/projects";');
  await ff.find('[data-testid=projects-table] tbody tr a');
  assert.ok(await ff.count('[data-testid=projects-table] tbody tr') > 1, 'the demo lists its projects');
  await ff.shot('firefox-demo-popup');
  await ff.click('[data-testid=lock]');
  await ff.find('[data-testid=admin-key]');
  // Neither test's pages logged an error or a CSP warning.
  assert.deepEqual(await ff.consoleErrors(), []);
});
