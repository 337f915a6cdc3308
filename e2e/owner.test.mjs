// What an owner guards, in the demo and against the emulator: admin keys (revoke another one;
// the one in use asks twice and then locks), a rate limit edited (and one refused), a project
// created then archived, a user removed and their keys flagged "owner left", and people with
// the keys they own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, startEmulator, launch, shot, Keyward, a11yViolations } from './lib.mjs';

let site, emu;
before(async () => { site = await serveDist(); emu = await startEmulator(['--projects', '4', '--keys-per-project', '10', '--seed', '31']); });
after(async () => { emu.close(); await site.close(); });

/** Revokes the admin key in the row `name` from the Admin keys page (not the session's). */
async function revokeAdminKey(app, name) {
  const row = app.byTest('admin-key-row').filter({ hasText: name });
  await row.getByTestId('admin-revoke').click();
  await app.byTest('admin-revoke-dialog').waitFor();
  assert.ok(await app.byTest('confirm-admin-revoke').isDisabled(), 'nothing is sent before the name is typed');
  await app.byTest('confirm-admin-name').fill(name);
  await app.byTest('confirm-admin-revoke').click();
  await app.byTest('admin-revoke-dialog').waitFor({ state: 'detached' });
  await row.waitFor({ state: 'detached' });
}

/** Opens the current key's revoke dialog and goes as far as its second confirmation. */
async function reachSecondConfirmation(app) {
  const row = app.byTest('admin-key-row').filter({ has: app.byTest('current-key') });
  const name = (await row.locator('td').first().locator('span').first().textContent()).trim();
  await row.getByTestId('admin-revoke').click();
  await app.byTest('confirm-admin-name').fill(name);
  assert.equal((await app.byTest('confirm-admin-revoke').textContent()).trim(), 'Continue…');
  await app.byTest('confirm-admin-revoke').click();
  await app.byTest('current-key-warning').waitFor();
  assert.match(await app.byTest('current-key-warning').textContent(), /the session locks at once/);
  assert.equal((await app.byTest('confirm-admin-revoke').textContent()).trim(), 'Revoke it and lock');
}

/** Edits the first model's requests per minute on the project's Rate limits tab. */
async function editRateLimit(app, value) {
  await app.byTest('rate-limit-edit').first().click();
  await app.byTest('rate-limit-form').waitFor();
  await app.byTest('limit-RequestsPerMinute').fill(String(value));
  await app.byTest('rate-limit-save').click();
}

/** Creates a project from the Projects page, then archives it from its Settings tab. */
async function createThenArchive(app, url, name) {
  const page = app.page;
  await page.goto(url + '#/projects');
  await app.byTest('new-project').click();
  await app.byTest('new-project-name').fill(name);
  await app.byTest('new-project-create').click();
  await app.byTest('project-name').filter({ hasText: name }).waitFor();
  const id = decodeURIComponent(page.url().match(/#\/projects\/([^/?]+)/)[1]);
  await page.getByRole('tab', { name: 'Settings' }).click();
  await app.byTest('archive-zone').waitFor();
  assert.ok(await app.byTest('archive-project').isDisabled());
  await app.byTest('confirm-project-name').fill(name);
  await app.byTest('archive-project').click();
  await app.byTest('archived-note').waitFor();
  return id;
}

/** On a project's page: removes the owner of a key with an active owner, and returns the key
 *  rows of theirs, which must then show "Owner left". */
async function removeAnOwner(app, projectHref) {
  const page = app.page;
  await page.goto(projectHref);
  await app.byTest('keys-table').waitFor();
  const ownerCells = () => app.byTest('key-row').evaluateAll(rows => rows
    .map(r => ({ id: r.dataset.keyId, owner: r.querySelector('[data-testid=owner-cell]')?.innerText ?? '' }))
    .filter(r => /@/.test(r.owner) && !/no longer in project/.test(r.owner)));
  const owned = await ownerCells();
  assert.ok(owned.length > 0, 'a key whose owner is still in the project');
  const email = owned[0].owner.split('\n').find(l => l.includes('@')).trim();
  // Only the rows in view are rendered: search for the owner, so all of theirs are.
  await app.byTest('key-search').fill(email);
  await page.waitForFunction(e => [...document.querySelectorAll('[data-testid=key-row]')].every(r => r.innerText.includes(e)), email);
  const theirs = (await ownerCells()).filter(r => r.owner.includes(email)).map(r => r.id);
  await page.getByRole('tab', { name: 'Users' }).click();
  const row = app.byTest('project-user-row').filter({ hasText: email });
  await row.getByTestId('remove-user').click();
  await app.byTest('remove-user-dialog').waitFor();
  assert.match(await app.byTest('removal-effect').textContent(), new RegExp(`Their ${theirs.length === 1 ? '1 key' : `${theirs.length} keys`} in this project`));
  await app.byTest('confirm-remove-user').click();
  await row.waitFor({ state: 'detached' });
  await page.getByRole('tab', { name: 'API keys' }).click();
  await app.byTest('key-search').fill(email);
  for (const id of theirs) {
    await app.row(id).getByText('Owner left').waitFor();
    await app.row(id).getByText('no longer in project').waitFor();
  }
  return { email, theirs };
}

test('demo: admin keys, rate limits, project lifecycle, membership, people', async () => {
  const { context, page, errors } = await launch();
  const app = new Keyward(page);
  try {
    await page.goto(site.url);
    await app.byTest('try-demo').click();
    await app.projects();

    await app.nav('nav-admin-keys');
    await app.byTest('admin-keys-table').waitFor();
    assert.equal(await app.byTest('current-key').count(), 1, 'the session key is marked');
    await page.getByText('Owner gone').first().waitFor();
    await shot(page, 'owner-admin-keys-light');
    await revokeAdminKey(app, 'Quarterly reporting');
    await reachSecondConfirmation(app);
    await shot(page, 'owner-current-key-confirm-light');
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await app.byTest('current-key').count(), 1, 'cancelled: nothing was revoked');
    // A new admin key, shown once.
    await app.byTest('admin-key-new').click();
    await app.byTest('admin-key-name').fill('Release robot');
    await app.byTest('admin-key-create').click();
    const secret = await app.byTest('new-secret').inputValue();
    assert.match(secret, /^sk-admin-/);
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await app.byTest('admin-key-row').filter({ hasText: 'Release robot' }).waitFor();
    assert.equal(await page.locator(`text=${secret}`).count(), 0, 'the secret is gone once saved');

    // A project's rate limit, then one above the organization's limit.
    await page.goto(site.url + '#/projects');
    const projectHref = await page.locator('[data-testid=projects-table] tbody tr a').nth(1).getAttribute('href');
    await page.goto(site.url + projectHref + '/rate-limits');
    await app.byTest('rate-limits-table').waitFor();
    await editRateLimit(app, 1234);
    await app.byTest('rate-limit-row').first().getByText('1,234').waitFor();
    await editRateLimit(app, 999999999);
    await app.byTest('rate-limit-refused').waitFor();
    assert.match(await app.byTest('rate-limit-refused').textContent(), /organization's limit/);
    await shot(page, 'owner-rate-limit-refused-light');

    await createThenArchive(app, site.url, 'Launch pad');
    await shot(page, 'owner-project-archived-light');
    const { email } = await removeAnOwner(app, site.url + projectHref);
    await shot(page, 'owner-left-flagged-light');

    // People, with the keys each owns.
    await app.nav('nav-people');
    await app.byTest('people-table').waitFor();
    await app.byTest('person-row').filter({ hasText: email }).waitFor();
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      assert.deepEqual(await a11yViolations(page), [], `people, ${scheme}`);
    }
    await page.goto(site.url + '#/admin-keys');
    await app.byTest('admin-keys-table').waitFor();
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      assert.deepEqual(await a11yViolations(page), [], `admin keys, ${scheme}`);
    }
    await page.goto(site.url + projectHref + '/rate-limits');
    await app.byTest('rate-limits-table').waitFor();
    assert.deepEqual(await a11yViolations(page), [], 'rate limits, dark');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('emulator: the same flows, checked against the API; revoking the key in use locks', async () => {
  const { context, page, errors } = await launch({ width: 400, height: 600 });
  const app = new Keyward(page);
  const ctl = emu.base.replace(/\/v1$/, '');
  try {
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.projects();

    // Revoke another admin key: one DELETE, for that key.
    const before = (await emu.api('/organization/admin_api_keys?limit=100')).body.data;
    const other = before.find(k => k.name === 'Spare key (never used)');
    await fetch(`${ctl}/__requests`, { method: 'DELETE' });
    await page.goto(site.url + '#/admin-keys');
    await app.byTest('admin-keys-table').waitFor();
    await revokeAdminKey(app, other.name);
    const deletes = (await emu.requests()).filter(r => r.method === 'DELETE');
    assert.deepEqual(deletes.map(r => r.path), [`/v1/organization/admin_api_keys/${other.id}`]);
    const after = (await emu.api('/organization/admin_api_keys?limit=100')).body.data;
    assert.ok(!after.some(k => k.id === other.id) && after.length === before.length - 1);

    // A rate limit, as the API now has it.
    const projects = (await emu.api('/organization/projects?limit=100')).body.data;
    const project = projects[1];
    await page.goto(`${site.url}#/projects/${project.id}/rate-limits`);
    await app.byTest('rate-limits-table').waitFor();
    await editRateLimit(app, 4321);
    await app.byTest('rate-limit-row').first().getByText('4,321').waitFor();
    const limits = (await emu.api(`/organization/projects/${project.id}/rate_limits`)).body.data;
    assert.equal(limits[0].max_requests_per_1_minute, 4321);

    // A project created, then archived.
    const id = await createThenArchive(app, site.url, 'Emulated launch');
    const archived = (await emu.api(`/organization/projects/${id}`)).body;
    assert.equal(archived.status, 'archived');
    const log = (await emu.api(`/organization/audit_logs?event_types[]=project.archived&resource_ids[]=${id}`)).body.data;
    assert.equal(log.length, 1);

    // A user removed: their keys are inactive at the API, and flagged in the table.
    const { theirs } = await removeAnOwner(app, `${site.url}#/projects/${project.id}`);
    const keys = (await emu.api(`/organization/projects/${project.id}/api_keys?limit=100&owner_project_access=any`)).body.data;
    for (const k of theirs) assert.equal(keys.find(x => x.id === k).owner_project_access, 'inactive');
    await shot(page, 'owner-left-flagged-popup');

    // The key in use: asked twice, then revoked, then the session locks and says why.
    await page.goto(site.url + '#/admin-keys');
    await app.byTest('admin-keys-table').waitFor();
    await reachSecondConfirmation(app);
    await shot(page, 'owner-current-key-confirm-popup');
    await app.byTest('confirm-admin-revoke').click();
    await app.byTest('admin-key').waitFor();
    assert.match(await page.locator('body').textContent(), /You revoked the admin key this session was using/);
    assert.equal((await emu.api('/organization/projects')).status, 401, 'the key no longer works');
    const kept = await page.evaluate(k => Object.values(sessionStorage).some(v => v.includes(k)), emu.key);
    assert.equal(kept, false, 'the key was forgotten');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
