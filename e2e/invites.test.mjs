// Invites (issue 22): the findings filter the table and live in the hash; an invite is checked
// before it is sent, says which projects outright, and is sent once; revoking a pending one
// asks first and sends once; a refusal is explained. In the demo and against the emulator, at
// 1280 px and 400×600, with axe in both schemes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, startEmulator, launch, shot, Keyward, a11yViolations } from './lib.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

const rowCount = page => page.evaluate(() => document.querySelectorAll('[data-testid=invite-row]').length);

for (const [scheme, width, height] of [['light', 1280, 860], ['dark', 400, 600]]) {
  test(`demo, ${scheme} ${width}px: invites, their findings in the hash, invite and revoke; axe passes`, async () => {
    const { context, page, errors } = await launch({ colorScheme: scheme, width, height });
    const app = new Keyward(page);
    try {
      await page.goto(site.url + '#/demo');
      await app.projects();
      await app.nav('nav-people');
      await app.byTest('people-tabs').getByRole('link', { name: 'Invites' }).click();
      await app.byTest('invites-table').waitFor();
      await app.byTest('invite-row').first().waitFor();
      const all = await rowCount(page);
      // Each finding's count filters the table to that many rows, and the hash says so.
      for (const f of ['stale', 'expired']) {
        const n = Number(await app.byTest(`invite-finding-${f}`).locator('.chip-count').textContent());
        assert.ok(n > 0, `the demo shows “${f}”`);
        await app.byTest(`invite-finding-${f}`).click();
        await page.waitForFunction(want => location.hash.endsWith(`finding=${want}`), f);
        await page.waitForFunction(n => document.querySelectorAll('[data-testid=invite-row]').length === n, n);
        if (f === 'expired') {
          for (const s of await app.byTest('invite-row').evaluateAll(rs => rs.map(r => r.dataset.status))) assert.equal(s, 'expired');
          // The hash alone brings the same view back.
          await page.reload();
          await app.byTest('invite-row').first().waitFor();
          assert.equal(await rowCount(page), n);
          assert.equal(await app.byTest('invite-finding-expired').getAttribute('aria-pressed'), 'true');
        }
        await app.byTest(`invite-finding-${f}`).click();
      }
      await page.waitForFunction(n => document.querySelectorAll('[data-testid=invite-row]').length === n, all);
      assert.deepEqual(await a11yViolations(page), [], 'axe on Invites');
      await shot(page, `invites-${scheme}-${width}`);

      // A bad address is refused before sending; "Choose projects" with none chosen too.
      await app.byTest('invite-open').click();
      await app.byTest('invite-dialog').waitFor();
      await app.byTest('invite-email').fill('not-an-address');
      await app.byTest('invite-send').click();
      await app.byTest('invite-dialog').getByText(/is not an email address/).waitFor();
      await app.byTest('invite-email').fill('grace@example.com');
      await app.byTest('invite-choose').check();
      await app.byTest('invite-send').click();
      await app.byTest('invite-dialog').getByText(/Choose at least one project/).waitFor();
      await app.byTest('invite-project').first().check();
      assert.deepEqual(await a11yViolations(page), [], 'axe on the invite form');
      await shot(page, `invite-form-${scheme}-${width}`);
      await app.byTest('invite-send').click();
      await app.byTest('invite-dialog').waitFor({ state: 'detached' });
      const grace = page.locator('[data-testid=invite-row]', { hasText: 'grace@example.com' });
      await grace.waitFor();
      assert.equal(await grace.getAttribute('data-status'), 'pending');

      // Revoke it: asked first, then gone from the list.
      await grace.getByTestId('invite-revoke').click();
      await app.byTest('invite-revoke-dialog').waitFor();
      assert.deepEqual(await a11yViolations(page), [], 'axe on the revoke confirmation');
      await app.byTest('invite-revoke-confirm').click();
      await grace.waitFor({ state: 'detached' });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

for (const [width, height] of [[1280, 900], [400, 600]]) test(`emulator, ${width}px: the projects choice is sent as chosen, each write once, a refusal explained`, async () => {
  const emu = await startEmulator();
  const { context, page, errors } = await launch({ width, height });
  const app = new Keyward(page);
  const ctl = emu.base.replace(/\/v1$/, '');
  const writes = async () => (await emu.requests()).filter(r => r.method !== 'GET');
  try {
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.projects();
    await page.goto(`${site.url}#/invites`);
    await app.byTest('invites-table').waitFor();
    const invite = async (email, choose) => {
      await app.byTest('invite-open').click();
      await app.byTest('invite-dialog').waitFor();
      await app.byTest('invite-email').fill(email);
      await choose();
      await fetch(`${ctl}/__requests`, { method: 'DELETE' });
      await app.byTest('invite-send').click();
    };
    // "No project" is sent as an empty list; "the default project only" leaves it out.
    await invite('none@example.com', () => app.byTest('invite-no-project').check());
    await app.byTest('invite-dialog').waitFor({ state: 'detached' });
    assert.equal((await writes()).length, 1, 'sent once');
    await invite('default@example.com', async () => {});
    await app.byTest('invite-dialog').waitFor({ state: 'detached' });
    const listed = (await emu.api('/organization/invites?limit=100')).body.data;
    const byEmail = e => listed.find(i => i.email === e);
    assert.deepEqual(byEmail('none@example.com').projects, []);
    assert.equal(byEmail('default@example.com').projects.length, 1, 'the default project');
    // The API's refusal is shown where the form is: the address already has a pending invite.
    await invite('none@example.com', () => app.byTest('invite-no-project').check());
    await app.byTest('invite-dialog').getByText(/already has a pending invite/).waitFor();
    assert.equal((await writes()).length, 1, 'the refused write, once');
    await page.keyboard.press('Escape');
    // Revoke: one DELETE, and the emulator no longer has it.
    const row = page.locator('[data-testid=invite-row]', { hasText: 'default@example.com' });
    await row.waitFor();
    await fetch(`${ctl}/__requests`, { method: 'DELETE' });
    await row.getByTestId('invite-revoke').click();
    await app.byTest('invite-revoke-confirm').click();
    await row.waitFor({ state: 'detached' });
    const sent = await writes();
    assert.equal(sent.length, 1);
    assert.equal(sent[0].method, 'DELETE');
    const after = (await emu.api('/organization/invites?limit=100')).body.data;
    assert.equal(after.some(i => i.email === 'default@example.com'), false);
    const log = (await emu.api('/organization/audit_logs?event_types[]=invite.sent&event_types[]=invite.deleted&limit=20')).body.data;
    assert.deepEqual([...new Set(log.map(e => e.type))].sort(), ['invite.deleted', 'invite.sent']);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    emu.close();
  }
});
