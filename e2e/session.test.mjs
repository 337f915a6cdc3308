// The session work layer against the emulator at 400 ms latency: jobs survive navigation, Lock
// ends everything at once, a revoke is reported only when proven, a rotation keeps the key's
// scopes and expiry. The emulator's request log (with arrival times) proves what was sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DIST, serveDist, startEmulator, launch, shot, Keyward, connectedTo } from './lib.mjs';

let site, emu;
before(async () => {
  site = await serveDist();
  emu = await startEmulator(['--projects', '3', '--keys-per-project', '14', '--seed', '11']);
});
after(async () => { emu.close(); await site.close(); });

const slow = () => emu.control({ latency_ms: 400 });
const fast = () => emu.control({});
const deletes = async () => (await emu.requests()).filter(r => r.method === 'DELETE').map(r => r.path);
const keyPath = (p, k) => `/v1/organization/projects/${p}/api_keys/${k}`;
const projects = async () => (await emu.api('/organization/projects?limit=100')).body.data;
const keysOf = async p => (await emu.api(`/organization/projects/${p}/api_keys?limit=100&owner_project_access=any`)).body.data;

const connected = (opts = {}) => connectedTo(site, emu, opts);

/** Clicks Lock inside the page and returns the page's clock at that moment. */
const lockAt = page => page.evaluate(() => { document.querySelector('[data-testid=lock]').click(); return Date.now(); });

test('a bulk revoke survives Back and Forward; the tally is truthful and complete', async () => {
  await fast();
  const project = (await projects())[1];
  const all = await keysOf(project.id);
  const { context, page, errors, app } = await connected();
  try {
    await app.openProject(project.id);
    // Twelve of the rows shown (only the rows in view exist), in the API's order.
    await app.byTest('key-row').nth(11).waitFor();
    const shown = (await app.byTest('key-row').evaluateAll(rs => rs.map(r => r.dataset.keyId))).slice(0, 12);
    const chosen = all.map(k => k.id).filter(id => shown.includes(id));
    assert.equal(chosen.length, 12);
    await slow();
    await fetch(emu.base.replace(/\/v1$/, '/__requests'), { method: 'DELETE' });
    // From the top down, as the table scrolls to each.
    for (const id of shown) await app.row(id).locator('input[type=checkbox]').check();
    await app.byTest('bulk-revoke').click();
    const review = app.byTest('bulk-review');
    await review.waitFor();
    // The review lists exactly the chosen keys.
    assert.deepEqual((await review.locator('li[data-key-id]').evaluateAll(l => l.map(e => e.dataset.keyId))).sort(), [...chosen].sort());
    await app.byTest('bulk-confirm').fill('revoke 12');
    await app.byTest('bulk-go').click();
    await page.waitForTimeout(1000);
    await page.goBack();
    await app.projects();
    await app.byTest('jobs-indicator').waitFor();
    assert.match(await app.byTest('jobs-indicator').textContent(), /1 running/);
    // Closing or reloading now would ask first.
    const asks = () => page.evaluate(() => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; });
    assert.equal(await asks(), true, 'beforeunload asks while a revoke runs');
    await shot(page, 'session-jobs-indicator-running');
    await page.goForward();
    await page.waitForTimeout(700);
    await page.goBack();
    await app.byTest('jobs-indicator').getByText('1 finished').waitFor({ timeout: 30_000 });
    await app.byTest('jobs-indicator').click();
    const panel = app.byTest('jobs-panel');
    await panel.waitFor();
    await panel.getByText('Revoked 12 of 12 keys.').first().waitFor();
    assert.equal(await asks(), false, 'nothing to ask once it is done');
    const tally = await panel.locator('[data-testid=tally] li').evaluateAll(l => l.map(e => [e.dataset.keyId, e.className]));
    assert.deepEqual(tally.map(t => t[0]), chosen, 'every selected key is in the tally, in order');
    assert.ok(tally.every(t => t[1] === 'ok'), JSON.stringify(tally));
    await shot(page, 'session-tally-after-navigating-light');
    await page.setViewportSize({ width: 400, height: 600 });
    await shot(page, 'session-tally-popup-size');
    // Exactly one DELETE per selected key, none for any other (four run at once: any order).
    const sent = await deletes();
    assert.deepEqual([...sent].sort(), chosen.map(k => keyPath(project.id, k)).sort());
    const left = (await keysOf(project.id)).map(k => k.id);
    assert.deepEqual(left, all.map(k => k.id).filter(id => !chosen.includes(id)), 'only the selected keys are gone');
    // The tally stays until dismissed.
    await app.byTest('jobs-close').click();
    await app.byTest('jobs-indicator').waitFor();
    await app.byTest('jobs-indicator').click();
    await panel.getByRole('button', { name: 'Dismiss' }).click();
    await app.byTest('jobs-indicator').waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
  } finally {
    await fast();
    await context.close();
  }
});

test('Stop lets the DELETEs in flight finish and reports the rest as not attempted', async () => {
  await fast();
  const project = (await projects())[2];
  const all = await keysOf(project.id);
  // More keys than run at once (4), so Stop lands with some still waiting.
  const N = 12;
  const { context, page, errors, app } = await connected({ colorScheme: 'dark' });
  try {
    await app.openProject(project.id);
    await app.byTest('key-row').nth(N - 1).waitFor();
    const shown = (await app.byTest('key-row').evaluateAll(rs => rs.map(r => r.dataset.keyId))).slice(0, N);
    const chosen = all.map(k => k.id).filter(id => shown.includes(id));
    assert.equal(chosen.length, N);
    await slow();
    await fetch(emu.base.replace(/\/v1$/, '/__requests'), { method: 'DELETE' });
    // From the top down, as the table scrolls to each.
    for (const id of shown) await app.row(id).locator('input[type=checkbox]').check();
    await app.byTest('bulk-revoke').click();
    await app.byTest('bulk-confirm').fill(String(N));
    await app.byTest('bulk-go').click();
    await page.waitForTimeout(600);
    await app.byTest('job-stop').click();
    const summary = app.byTest('tally-summary');
    await app.byTest('bulk-title').getByText('Revoke finished').waitFor({ timeout: 10_000 });
    const text = await summary.textContent();
    const m = text.match(new RegExp(`Revoked (\\d+) of ${N} keys; (\\d+) not attempted\\.`));
    assert.ok(m, text);
    const revoked = Number(m[1]);
    assert.equal(revoked + Number(m[2]), N);
    assert.ok(revoked < N, 'Stop left some keys untouched');
    assert.equal((await deletes()).length, revoked, 'one DELETE per attempted key, none after Stop');
    assert.equal((await keysOf(project.id)).length, all.length - revoked);
    await shot(page, 'session-stopped-dark');
    // Retry sends only the keys that were not revoked, each once.
    await app.byTest('job-retry').click();
    await app.byTest('bulk-dialog').getByText(`Revoked ${N - revoked} of ${N - revoked} keys.`).waitFor({ timeout: 15_000 });
    const sent = await deletes();
    assert.equal(sent.length, N, 'one DELETE per key over both runs');
    assert.equal(new Set(sent).size, N, 'no key sent twice');
    assert.deepEqual([...sent].sort(), chosen.map(k => keyPath(project.id, k)).sort());
    assert.deepEqual(errors, []);
  } finally {
    await fast();
    await context.close();
  }
});

test('Lock during an export and during the key-count scan: not one request after it', async () => {
  const { context, page, errors, app } = await connected();
  let downloads = 0;
  page.on('download', () => downloads++);
  try {
    await slow();
    // A fresh scan at 400 ms per request; the export waits for it (one scan, many readers).
    await app.byTest('scan-refresh').click();
    await app.byTest('export-csv').click();
    await app.byTest('export-progress').getByText(/Scanning project/).waitFor();
    const lockedAt = await lockAt(page);
    await app.byTest('admin-key').waitFor();
    await page.waitForTimeout(3000);
    const late = (await emu.requests()).filter(r => r.at_ms > lockedAt + 50);
    assert.deepEqual(late, [], 'requests after the lock');
    assert.equal(downloads, 0, 'no download after the lock');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('keyward.session')), null);

    // The Projects page scans each shown project's keys; lock in the middle of that too.
    await app.connect(emu.key);
    await app.projects();
    await page.waitForTimeout(300);
    const again = await lockAt(page);
    await page.waitForTimeout(3000);
    assert.deepEqual((await emu.requests()).filter(r => r.at_ms > again + 50), []);
    assert.deepEqual(errors, []);
  } finally {
    await fast();
    await context.close();
  }
});

test('after a Lock, connecting again comes back to the page left with its view: its filter and the hash', async () => {
  const { context, page, errors, app } = await connected();
  try {
    await page.goto(`${site.url}#/keys?finding=stale`);
    await app.byTest('key-filter').waitFor();
    assert.equal(await app.byTest('key-filter').inputValue(), 'stale');
    await lockAt(page);
    await app.byTest('admin-key').waitFor();
    await app.connect(emu.key);
    await app.byTest('key-filter').waitFor();
    assert.match(page.url(), /#\/keys\?(.*&)?finding=stale/);
    assert.equal(await app.byTest('key-filter').inputValue(), 'stale');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an HTML 404 from a proxy is not a revoke; an OpenAI 404 after the fact is "already revoked"', async () => {
  await fast();
  const project = (await projects())[3];
  const [first, second] = (await keysOf(project.id)).filter(k => k.last_used_at === null || Date.now() / 1000 - k.last_used_at > 8 * 86400);
  const { context, page, errors, app } = await connected();
  try {
    await app.openProject(project.id);
    // The proxy answers 404 without reaching the API: the follow-up GET finds the key.
    await emu.control({ scripted: [{ method: 'DELETE', path_contains: first.id, status: 404, html: true }] });
    await app.row(first.id).getByTestId('revoke').click();
    await app.confirmRevoke(first.name);
    await app.byTest('revoke-dialog').getByRole('alert').waitFor();
    assert.match(await app.byTest('revoke-dialog').textContent(), /Not revoked/);
    assert.equal((await emu.api(`/organization/projects/${project.id}/api_keys/${first.id}`)).status, 200);
    await page.keyboard.press('Escape');
    assert.equal(await app.row(first.id).count(), 1, 'still listed');

    // The DELETE happened, then the proxy lost the answer: the follow-up GET proves it.
    await emu.control({ scripted: [{ method: 'DELETE', path_contains: second.id, status: 404, html: true, after_handling: true }] });
    await app.row(second.id).getByTestId('revoke').click();
    await app.confirmRevoke(second.name);
    await page.getByText(`“${second.name}” was already revoked`).waitFor();
    await app.row(second.id).waitFor({ state: 'detached' });
    assert.equal((await emu.api(`/organization/projects/${project.id}/api_keys/${second.id}`)).status, 404);
    assert.deepEqual(errors, []);
  } finally {
    await fast();
    await context.close();
  }
});

test('a huge retry-after is shown as an error, never a crash', async () => {
  const { context, page, errors, app } = await connected();
  try {
    await app.byTest('scan-refresh').waitFor();
    // Only the project list (the scan's, with archived projects): the Review's reads under
    // /organization/projects/… may still be running, and must not take the scripted answers.
    await emu.control({ scripted: [{ method: 'GET', path_contains: '/organization/projects', query_contains: 'include_archived', status: 429, retry_after: '1e300', times: 3 }] });
    // Refresh lists the projects again: into the scripted 429s.
    await app.byTest('scan-refresh').click();
    await page.getByRole('alert').getByText('Rate limited').waitFor();
    assert.equal(await page.getByTestId('crashed').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await fast();
    await context.close();
  }
});

test('an answer too large to read is shown as an error and not asked for again', async () => {
  const { context, page, errors, app } = await connected();
  try {
    await app.byTest('scan-refresh').waitFor();
    // Until the reads at connect are over (guard rails list the projects too): the scan's list
    // alone must meet the scripted answers.
    for (let seen = -1, now = (await emu.requests()).length; now !== seen; ) {
      seen = now;
      await page.waitForTimeout(1000);
      now = (await emu.requests()).length;
    }
    // A 200 past the 64 MB a body read whole may take, as a wrong or hostile address could send.
    // Two of them: a retry would meet the second.
    await emu.control({ scripted: [{ method: 'GET', path_contains: '/organization/projects', query_contains: 'include_archived', status: 200, json: '{}', pad: 65 << 20, times: 2 }] });
    await fetch(emu.base.replace(/\/v1$/, '/__requests'), { method: 'DELETE' });
    await app.byTest('scan-refresh').click();
    await page.getByRole('alert').getByText(/ran past 64 MB/).waitFor({ timeout: 60000 });
    const lists = (await emu.requests()).filter(r => r.method === 'GET' && r.path.endsWith('/organization/projects'));
    assert.deepEqual(lists.map(r => r.scripted), [200], 'asked once, and not again');
    assert.equal(await page.getByTestId('crashed').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await fast();
    await context.close();
  }
});

test('rotating a restricted, expiring key keeps its scopes and expiry', async () => {
  await fast();
  const project = (await projects())[1];
  const created = (await emu.api(`/organization/projects/${project.id}/service_accounts`, { method: 'POST', body: JSON.stringify({ name: 'rotation-bot' }) })).body;
  const oldId = created.api_key.id;
  const updated = (await emu.api(`/organization/projects/${project.id}/api_keys/${oldId}`, {
    method: 'POST', body: JSON.stringify({ scopes: ['api.model.read', 'api.files.read'], expires_in_seconds: 20 * 86400 }),
  })).body;
  const { context, page, errors, app } = await connected();
  try {
    await page.goto(`${site.url}#/projects/${project.id}/keys/${oldId}`);
    await app.byTest('rotate-card').waitFor();
    await page.getByLabel(/Same as this key: Restricted: api\.model\.read, api\.files\.read/).waitFor();
    // The expiry defaults to the old key's, among other choices.
    const expiry = app.byTest('rotate-expiry');
    assert.equal(await expiry.inputValue(), 'same');
    assert.match(await expiry.locator('option:checked').textContent(), /Same as this key: /);
    assert.ok(await expiry.locator('option[value="never"]').count() === 1);
    // The old key's permissions are offered once, as "Same as this key".
    assert.equal(await app.byTest('rotate-card').getByLabel('All permissions', { exact: true }).count(), 1);
    await app.byTest('rotate').click();
    const facts = app.byTest('new-key-facts');
    await facts.waitFor();
    assert.match(await facts.textContent(), /Restricted: api\.model\.read, api\.files\.read \(recorded by the API's audit log\)/);
    await shot(page, 'session-rotation-reveal');
    const newKeys = (await keysOf(project.id)).filter(k => k.owner.service_account?.id === created.id && k.id !== oldId);
    assert.equal(newKeys.length, 1);
    assert.ok(Math.abs(newKeys[0].expires_at - updated.expires_at) <= 2, 'the same expiry');
    const audit = (await emu.api(`/organization/audit_logs?event_types[]=api_key.created&resource_ids[]=${newKeys[0].id}`)).body.data;
    assert.deepEqual(audit[0]['api_key.created'].data.scopes, ['api.model.read', 'api.files.read']);
    // The record kept for resuming has no secret.
    const record = await page.evaluate(() => sessionStorage.getItem('keyward.rotation'));
    assert.ok(record && !/sk-/.test(record), record);
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await app.confirmRevoke(created.api_key.name);
    // The rotation ends on a summary: the new key, the old one revoked, where to go next.
    const summary = app.byTest('rotation-done');
    await summary.waitFor();
    assert.match(await summary.textContent(), /Rotation complete/);
    assert.match(await summary.textContent(), /revoked/);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Rotation complete');
    await app.byTest('rotation-back').click();
    await app.byTest('keys-table').waitFor();
    assert.equal((await emu.api(`/organization/projects/${project.id}/api_keys/${oldId}`)).status, 404);
    await page.waitForFunction(() => sessionStorage.getItem('keyward.rotation') === null);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a rotation cut short can be finished from the key page', async () => {
  await fast();
  const project = (await projects())[2];
  const created = (await emu.api(`/organization/projects/${project.id}/service_accounts`, { method: 'POST', body: JSON.stringify({ name: 'resume-bot' }) })).body;
  const oldId = created.api_key.id;
  const { context, page, app } = await connected();
  try {
    await page.goto(`${site.url}#/projects/${project.id}/keys/${oldId}`);
    await app.byTest('rotate').click();
    await app.byTest('new-secret').waitFor();
    // The popup closes before the secret is confirmed saved.
    await page.reload();
    const banner = app.byTest('rotation-resume');
    await banner.waitFor();
    assert.match(await banner.textContent(), /not confirmed saved/);
    await app.byTest('rotation-abandon').click();
    await app.byTest('revoke-dialog').waitFor();
    assert.match(await app.byTest('revoke-dialog').textContent(), /rotated/);
  } finally {
    await context.close();
  }
});

test('the demo asks before forgetting a real key; pasted invisible characters are cleaned; http only to loopback', async () => {
  const { context, page, errors } = await launch();
  const app = new Keyward(page);
  try {
    await page.goto(site.url);
    await app.connect('sk-admin-x', 'http://localhost.evil.tld/v1');
    await page.getByText(/Plain http is allowed only to this machine/).waitFor();
    await app.byTest('base-url').fill(emu.base);
    await app.byTest('admin-key').fill(`\u200b${emu.key}\ufeff`);
    await app.byTest('connect').click();
    await app.projects();
    assert.equal(await app.byTest('admin-key').count(), 0);
    assert.equal(await page.evaluate(() => document.querySelector('input[type=password]')), null, 'no password field for a manager to save');
    await page.goto(`${site.url}#/demo`);
    await app.byTest('demo-confirm').waitFor();
    assert.ok(await page.evaluate(() => sessionStorage.getItem('keyward.session')), 'still connected while asking');
    await app.byTest('demo-confirm-go').click();
    await app.byTest('demo-banner').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('keyward.session')), null);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

const extensionId = dir => createHash('sha256').update(dir).digest('hex').slice(0, 32)
  .replace(/[0-9a-f]/g, c => 'abcdefghijklmnop'[parseInt(c, 16)]);

test('extension: a lock in one context locks the others, and the storage stays empty', async () => {
  await fast();
  const { context, errors } = await launch({ extension: DIST, width: 400, height: 600 });
  const url = `chrome-extension://${extensionId(DIST)}/index.html`;
  try {
    const popup = await context.newPage();
    await popup.goto(url);
    const inPopup = new Keyward(popup);
    await inPopup.connect(emu.key, emu.base);
    await inPopup.projects();
    const tab = await context.newPage();
    await tab.goto(`${url}#/projects`);
    await tab.getByTestId('projects-table').waitFor();
    await shot(popup, 'session-extension-popup-connected');
    // "Open in a tab" gives room for a bulk revoke; leave the page mid-run and the jobs button
    // shows it, down to popup size.
    const project = (await projects())[1];
    const picked = (await keysOf(project.id)).slice(0, 2).map(k => k.id);
    const t = new Keyward(tab);
    await tab.setViewportSize({ width: 1280, height: 860 });
    await t.openProject(project.id);
    await slow();
    for (const id of picked) await t.row(id).locator('input[type=checkbox]').check();
    await t.byTest('bulk-revoke').click();
    await t.byTest('bulk-confirm').fill('revoke 2');
    await t.byTest('bulk-go').click();
    await tab.goBack();
    await tab.setViewportSize({ width: 400, height: 600 });
    await t.byTest('jobs-indicator').waitFor();
    await shot(tab, 'session-extension-jobs-indicator-popup');
    await t.byTest('jobs-indicator').getByText('1 finished').waitFor();
    await fast();
    await t.byTest('jobs-indicator').click();
    await t.byTest('tally-summary').getByText('Revoked 2 of 2 keys.').waitFor();
    await shot(tab, 'session-extension-tally-popup');
    await t.byTest('jobs-close').click();
    await tab.getByTestId('lock').click();
    await popup.getByTestId('admin-key').waitFor();
    await popup.getByText('Locked in another Keyward window').waitFor();
    await popup.waitForTimeout(1500);
    assert.deepEqual(await popup.evaluate(() => chrome.storage.session.get(null)), {});
    await shot(popup, 'session-extension-locked-elsewhere');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
