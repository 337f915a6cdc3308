// People & access (issue 22): users with findings, sorting and export; a person's page; groups
// (SCIM ones read-only) and roles (admin-key writes marked); offboarding as a reviewed job with
// one refusal and a Retry that sends only the rest, each write once. In the demo and against the
// emulator, at 1280 px and 400×600, with axe in both schemes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serveDist, startEmulator, launch, shot, Keyward, a11yViolations } from './lib.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

const count = (page, id) => page.evaluate(id => document.querySelectorAll(`[data-testid=${id}]`).length, id);
const names = page => page.$$eval('[data-testid=person-link]', links => links.map(a => a.textContent.trim().toLowerCase()));
const tab = (app, name) => app.byTest('people-tabs').getByRole('link', { name }).click();

for (const [scheme, width, height] of [['light', 1280, 900], ['dark', 400, 600]]) {
  test(`demo, ${scheme} ${width}px: users, a person, groups, roles and an offboarding; axe passes`, async () => {
    const { context, page, errors } = await launch({ colorScheme: scheme, width, height });
    const app = new Keyward(page);
    try {
      await page.goto(site.url + '#/demo');
      await app.projects();
      await app.nav('nav-people');
      await app.byTest('person-row').first().waitFor();
      const all = await count(page, 'person-row');
      // Every finding shows in the demo, and filters the table (the filter in the hash).
      for (const f of ['owners', 'never-used-a-key', 'scim', 'changed-outside-scim']) {
        const n = Number(await app.byTest(`user-finding-${f}`).locator('.chip-count').textContent());
        assert.ok(n > 0, `the demo shows “${f}”`);
        await app.byTest(`user-finding-${f}`).click();
        await page.waitForFunction(n => document.querySelectorAll('[data-testid=person-row]').length === n, n);
        assert.match(page.url(), new RegExp(`finding=${f}`));
        if (f === 'owners') {
          const said = await app.byTest('owners-named').textContent();
          assert.match(said, new RegExp(`^${n} owners: `));
          for (const name of await names(page)) assert.ok(said.toLowerCase().includes(name), `${name} is named`);
        }
                if (f === 'changed-outside-scim') {
          assert.match(await app.byTest('scim-drift').textContent(), /SCIM will set their role back at its next sync/);
        }
        await app.byTest(`user-finding-${f}`).click();
      }
      await page.waitForFunction(n => document.querySelectorAll('[data-testid=person-row]').length === n, all);
      // Sorting by name, both ways; a reload keeps it.
      await app.byTest('sort-name').click();
      await page.waitForFunction(() => location.hash.includes('sort=name'));
      const up = await names(page);
      assert.deepEqual(up, [...up].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      await app.byTest('sort-name').click();
      await page.waitForFunction(() => location.hash.includes('sort=-name'));
      assert.deepEqual(await names(page), [...up].reverse());
      await page.reload();
      await app.byTest('person-row').first().waitFor();
      assert.deepEqual(await names(page), [...up].reverse(), 'the hash brings the sort back');
      // The export holds the rows shown, in their order.
      const download = page.waitForEvent('download');
      await app.byTest('users-export-csv').click();
      const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\r\n');
      assert.equal(csv[0], 'name,email,role,scim,added,key_last_used,keys');
      assert.equal(csv.length - 1, all);
      assert.deepEqual(await a11yViolations(page), [], 'axe on Users');
      await shot(page, `people-${scheme}-${width}`);

      // A member of a manual group: their page says what they reach and through what.
      await tab(app, 'Groups');
      await page.locator('[data-testid=group-row][data-scim=false]').first().getByTestId('group-open').click();
      await app.byTest('group-members').waitFor();
      assert.match(page.url(), /group=/);
      assert.deepEqual(await a11yViolations(page), [], 'axe on a group');
      await shot(page, `group-${scheme}-${width}`);
      const member = await app.byTest('group-members').locator('li').first().getAttribute('data-user-id');
            // A SCIM group changed by hand: what SCIM undoes is said.
      await app.byTest('group-finding-changed-outside-scim').click();
      assert.match(await app.byTest('group-scim-drift').textContent(), /Engineering \(Okta\): SCIM will set its name back/);
      await app.byTest('group-finding-changed-outside-scim').click();
      // A SCIM-managed group is read-only, and says why.
      await page.locator('[data-testid=group-row][data-scim=true]').first().getByTestId('group-open').click();
      await app.byTest('group-scim-note').waitFor();
      assert.equal(await count(page, 'group-member-remove'), 0);
      assert.equal(await count(page, 'group-delete'), 0);

      await page.goto(`${site.url}#/people/${member}`);
      await app.byTest('person-projects').waitFor();
      assert.match(await app.byTest('person-groups').textContent(), /\S/);
      assert.ok(await count(page, 'person-part-error') === 0, 'every part read');
      await page.waitForFunction(() => !document.body.textContent.includes('The key scan is still running'));
      const keys = await app.byTest('person-keys').locator('li').count();
            assert.ok(keys >= 1, 'the person owns keys');
      // A role given to them directly, then taken back.
      await app.byTest('role-choice').selectOption({ label: 'Auditor' });
      await app.byTest('role-assign').click();
      await app.byTest('person-roles').getByText('Auditor').waitFor();
      assert.match(await app.byTest('person-roles').textContent(), /Auditor — direct/);
      await app.byTest('user-role-remove').click();
      await app.byTest('user-role-dialog-confirm').click();
      await page.waitForFunction(() => !document.querySelector('[data-testid=person-roles]').textContent.includes('Auditor'));
      assert.deepEqual(await a11yViolations(page), [], 'axe on a person');
      await shot(page, `person-${scheme}-${width}`);

      // Offboarding: reviewed (one key kept), typed, run; the person is then gone.
      await app.byTest('offboard-open').click();
      await app.byTest('offboard-dialog').waitFor();
      assert.equal(await count(page, 'offboard-key'), keys);
      await app.byTest('offboard-key').first().uncheck();
      await app.byTest('offboard-kept').waitFor();
      assert.deepEqual(await a11yViolations(page), [], 'axe on the offboarding review');
      await shot(page, `offboard-review-${scheme}-${width}`);
      const steps = (await app.byTest('offboard-go').textContent()).match(/(\d+) steps/)[1];
      assert.ok(await app.byTest('offboard-go').isDisabled());
      await app.byTest('offboard-confirm').fill(steps);
      await app.byTest('offboard-go').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=job-status]')?.textContent === 'Finished');
      const outcomes = app.byTest('offboard-outcomes').locator('li');
      assert.equal(await outcomes.count(), Number(steps));
      assert.equal(await app.byTest('offboard-outcomes').locator('li.ok').count(), Number(steps));
      await app.byTest('offboard-close').click();
      await app.byTest('person-gone').waitFor();

      // Roles: a custom role with admin-key writes is marked as such, in the editor and the table.
      await tab(app, 'Roles');
      await app.byTest('role-row').first().waitFor();
      const writing = Number(await app.byTest('role-finding-key-writes').locator('.chip-count').textContent());
      assert.ok(writing > 0);
      await app.byTest('role-new').click();
      await app.byTest('role-name').fill('Break glass');
      await page.locator('[data-permission="api.management.write"]').check();
      assert.match(await app.byTest('role-key-write').textContent(), /admin keys/);
      assert.deepEqual(await a11yViolations(page), [], 'axe on the role editor');
      await app.byTest('role-save').click();
      await app.byTest('role-editor').waitFor({ state: 'detached' });
      await page.locator('[data-testid=role-row][data-writes="admin keys"]', { hasText: 'Break glass' }).waitFor();
      await page.waitForFunction(n => Number(document.querySelector('[data-testid=role-finding-key-writes] .chip-count').textContent) === n, writing + 1);
      assert.deepEqual(await a11yViolations(page), [], 'axe on Roles');
      await shot(page, `roles-${scheme}-${width}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

/** A reader who owns at least two project keys and belongs to a group that is not SCIM-managed. */
async function someoneToOffboard(emu) {
  const users = (await emu.api('/organization/users?limit=100')).body.data;
  const groups = (await emu.api('/organization/groups?limit=100')).body.data.filter(g => !g.is_scim_managed);
  const inGroup = new Map();
  for (const g of groups) {
    for (const m of (await emu.api(`/organization/groups/${g.id}/users?limit=100`)).body.data) inGroup.set(m.id, g.id);
  }
  const keys = new Map();
  for (const p of (await emu.api('/organization/projects?limit=100')).body.data) {
    let after = '';
    for (;;) {
      const page = (await emu.api(`/organization/projects/${p.id}/api_keys?limit=100${after}`)).body;
      for (const k of page.data) {
        const u = k.owner?.user?.id;
        if (u) keys.set(u, [...(keys.get(u) ?? []), k.id]);
      }
      if (!page.has_more) break;
      after = `&after=${page.last_id}`;
    }
  }
  const user = users.find(u => u.role === 'reader' && !u.is_scim_managed && inGroup.has(u.id) && (keys.get(u.id)?.length ?? 0) >= 2);
  assert.ok(user, 'the seeded organization has someone to offboard');
  return { user, keys: keys.get(user.id), group: inGroup.get(user.id) };
}

for (const [width, height] of [[1280, 900], [400, 600]]) test(`emulator, ${width}px: offboarding with one refusal, then a Retry that sends only the rest; each write once`, async () => {
  const emu = await startEmulator();
  const { context, page, errors } = await launch({ width, height });
  const app = new Keyward(page);
  const writes = async () => (await emu.requests()).filter(r => r.method !== 'GET');
  try {
    const { user, keys, group } = await someoneToOffboard(emu);
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.projects();
    await page.goto(`${site.url}#/people/${user.id}`);
    await app.byTest('person-projects').waitFor();
    await page.waitForFunction(n => document.querySelectorAll('[data-testid=person-keys] li').length === n, keys.length);
    // The first key's revoke is refused once.
    await emu.control({ scripted: [{ method: 'DELETE', path_contains: `/api_keys/${keys[0]}`, status: 403 }] });
    await app.byTest('offboard-open').click();
    await app.byTest('offboard-dialog').waitFor();
    // It opens at its heading. Where the review is taller than the dialog shows (the popup), the
    // dialog itself takes the focus rather than scrolling to its count field.
    const opened = await page.evaluate(() => {
      const d = document.querySelector('[data-testid=offboard-dialog]');
      const view = d.getBoundingClientRect();
      const field = document.querySelector('[data-testid=offboard-confirm]').getBoundingClientRect();
      return { heading: document.getElementById('offboard-title').getBoundingClientRect().top >= view.top, focus: document.activeElement?.dataset.testid,
        fieldBelow: field.bottom > view.top + d.clientHeight };
    });
    assert.ok(opened.heading, 'the heading is in view');
    assert.equal(opened.focus, opened.fieldBelow ? 'offboard-dialog' : 'offboard-confirm');
    if (height === 600) assert.equal(opened.focus, 'offboard-dialog');
    const steps = Number((await app.byTest('offboard-go').textContent()).match(/(\d+) steps/)[1]);
    assert.equal(steps, keys.length + 2, 'their keys, their group, their removal');
    assert.deepEqual(await writes(), [], 'nothing sent before the confirmation');
    await app.byTest('offboard-confirm').fill(String(steps));
    await app.byTest('offboard-go').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=job-status]')?.textContent === 'Finished');
    assert.match(await app.byTest('offboard-summary').textContent(), /not done\. They are still a member\./);
    const lines = app.byTest('offboard-outcomes').locator('li');
    assert.match(await lines.first().textContent(), /Refused/);
    assert.match(await lines.last().textContent(), /Not sent: 1 of their keys is not proven revoked/);
    assert.equal((await emu.api(`/organization/users/${user.id}`)).status, 200, 'still a member');
    assert.deepEqual(await a11yViolations(page), [], 'axe on the finished run');
    await shot(page, `offboard-outcome-${width}`);
    // Retry: only the refused key and the removal.
    assert.equal(await app.byTest('job-retry').textContent(), 'Retry the 2 not done');
    await app.byTest('job-retry').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=offboard-outcomes] li.bad') === null
      && document.querySelector('[data-testid=job-status]')?.textContent === 'Finished');
    const sent = (await writes()).map(r => `${r.method} ${r.path.replace(/^\/v1/, '').split('?')[0]}`);
    const tally = {};
    for (const s of sent) tally[s] = (tally[s] ?? 0) + 1;
    for (const [i, k] of keys.entries()) {
      const hits = Object.entries(tally).filter(([s]) => s.startsWith('DELETE ') && s.endsWith(`/api_keys/${k}`));
      assert.equal(hits.length, 1, `one path for ${k}`);
      assert.equal(hits[0][1], i === 0 ? 2 : 1, i === 0 ? 'refused, then retried' : 'sent once');
    }
    assert.equal(tally[`DELETE /organization/groups/${group}/users/${user.id}`], 1, 'left the group once');
    assert.equal(tally[`DELETE /organization/users/${user.id}`], 1, 'removed once');
    assert.equal(sent.length, keys.length + 1 + 2, 'nothing else was written');
    assert.equal((await emu.api(`/organization/users/${user.id}`)).status, 404, 'gone');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    emu.close();
  }
});

test('emulator: offboarding the owner of the admin key in use says so, sends that key last, then locks', async () => {
  const emu = await startEmulator();
  const { context, page, errors } = await launch({});
  const app = new Keyward(page);
  try {
    const keys = (await emu.api('/organization/admin_api_keys?limit=100')).body.data;
    const owner = keys.find(k => k.name === 'Keyward').owner.id;
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.projects();
    await page.goto(`${site.url}#/people/${owner}`);
    await app.byTest('person-admin-keys').getByText("this session's key").waitFor();
    await app.byTest('offboard-open').click();
    await app.byTest('offboard-ends-session').waitFor();
    const steps = (await app.byTest('offboard-go').textContent()).match(/(\d+) steps/)[1];
    await app.byTest('offboard-confirm').fill(steps);
    await app.byTest('offboard-go').click();
    await app.byTest('admin-key').waitFor();
    assert.match(await page.locator('body').textContent(), /You offboarded .*, whose admin key this session was using/);
    const deletes = (await emu.requests()).filter(r => r.method === 'DELETE').map(r => r.path.replace(/^\/v1/, ''));
    const mine = keys.find(k => k.name === 'Keyward').id;
    assert.equal(deletes.at(-1), `/organization/admin_api_keys/${mine}`, 'the key in use goes last');
    assert.equal(deletes.at(-2), `/organization/users/${owner}`, 'after the removal');
    assert.equal(new Set(deletes).size, deletes.length, 'each write once');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the key is forgotten');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    emu.close();
  }
});

test('emulator: a write in an open group leaves its panel in place: no reload, the focus kept, each write once', async () => {
  const emu = await startEmulator(['--latency-ms', '40']);
  const { context, page, errors } = await launch({});
  const app = new Keyward(page);
  try {
    const group = (await emu.api('/organization/groups?limit=100')).body.data.find(g => !g.is_scim_managed);
    const members = (await emu.api(`/organization/groups/${group.id}/users?limit=100`)).body.data;
    assert.ok(members.length >= 2, 'the group has members to remove');
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.byTest('review-check').first().waitFor();
    await page.goto(`${site.url}#/groups?group=${group.id}`);
    const panel = app.byTest('group-panel');
    await panel.getByTestId('group-members').waitFor();
    // From here on, the panel is never taken down nor shown loading again.
    await page.evaluate(() => {
      window.__panel = document.querySelector('[data-testid=group-panel]');
      window.__reloaded = 0;
      const look = () => {
        const now = document.querySelector('[data-testid=group-panel]');
        if (now !== window.__panel || now.textContent.includes('Loading the group')) window.__reloaded++;
        setTimeout(look, 5);
      };
      look();
    });
    const gone = members[0];
    await panel.locator(`li[data-user-id="${gone.id}"]`).getByTestId('group-member-remove').click();
    await app.byTest('group-confirm').getByRole('button', { name: 'Confirm' }).click();
    await panel.locator(`li[data-user-id="${gone.id}"]`).waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid=group-panel]'));
    // A rename shows in the panel and the table, and renaming back is a change again.
    await panel.getByTestId('group-name').fill('Renamed in place');
    await panel.getByTestId('group-rename').getByRole('button', { name: 'Rename' }).click();
    await panel.locator('#group-title').getByText('Renamed in place').waitFor();
    await app.byTest('group-row').getByText('Renamed in place').waitFor();
    await panel.getByTestId('group-name').fill(group.name);
    await panel.getByTestId('group-rename').getByRole('button', { name: 'Rename' }).click();
    await panel.locator('#group-title').getByText(group.name, { exact: true }).waitFor();
    assert.equal(await page.evaluate(() => window.__reloaded), 0, 'the panel stayed, and never showed loading');
    const writes = (await emu.requests()).filter(r => r.method !== 'GET').map(r => `${r.method} ${r.path}`);
    assert.deepEqual(writes, [
      `DELETE /v1/organization/groups/${group.id}/users/${gone.id}`,
      `POST /v1/organization/groups/${group.id}`,
      `POST /v1/organization/groups/${group.id}`,
    ]);
    assert.equal((await emu.api(`/organization/groups/${group.id}`)).body.name, group.name);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    emu.close();
  }
});
