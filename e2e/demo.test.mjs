// The whole demo, as a visitor would use it, with screenshots in both schemes and both sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot, Keyward } from './lib.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

test('demo: browse, triage, update scopes, revoke, service account, audit', async () => {
  const { context, page, errors } = await launch();
  const app = new Keyward(page);
  try {
    await page.goto(site.url);
    await app.byTest('try-demo').click();
    await app.byTest('demo-banner').waitFor();
    // The Review is the first screen, then Projects.
    await app.byTest('review-page').waitFor();
    assert.match(page.url(), /#\/review$/);
    await app.projects();
    const projects = app.byTest('projects-table');
    const rows = projects.locator('tbody tr');
    assert.ok(await rows.count() >= 5);
    // Search narrows the list.
    await app.byTest('project-search').fill('zzz-nothing');
    await page.getByText('No project matches this search.').waitFor();
    await app.byTest('project-search').fill('');
    // Archived projects are shown (and scanned) by default; one choice hides them and their keys.
    const before = await rows.count();
    await page.getByText('Archived', { exact: true }).first().waitFor();
    await app.byTest('scan-archived').uncheck();
    await page.waitForFunction(n => document.querySelectorAll('[data-testid=projects-table] tbody tr').length < n, before);
    await app.byTest('scan-archived').check();
    await page.waitForFunction(n => document.querySelectorAll('[data-testid=projects-table] tbody tr').length === n, before);

    // Open the project with the most keys.
    // The choice above scanned again: wait for every count (a loaded machine takes a while).
    // The counts are read in the same moment they are all whole numbers, so a cell that a
    // re-render changes in between can't be read half-way.
    const counts = await (await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid=projects-table] tbody tr td.num')].map(td => td.textContent.trim());
      return cells.length > 0 && cells.every(t => /^\d+$/.test(t)) && cells.map(Number);
    }, null, { timeout: 90000 })).jsonValue();
    const best = counts.reduce((bi, n, i, a) => (n > a[bi] ? i : bi), 0);
    await rows.nth(best).locator('a').click();
    await app.byTest('keys-table').waitFor();
    const keyRows = app.byTest('key-row');
    // The table renders only the rows in view; its summary counts them all.
    const shownOf = async () => (await app.byTest('key-summary').textContent()).match(/Showing (\d+) of (\d+)/).slice(1).map(Number);
    const [total, inProject] = await shownOf();
    assert.equal(total, counts[best] * 1);
    assert.equal(inProject, total);
    assert.ok(await keyRows.count() <= total);
    await shot(page, 'demo-project-light');

    // Triage: a finding is a subset, and every row shows a flag. (Not "needs attention": once
    // the Review has read every key's permissions, every key of a project may need it.)
    await app.byTest('key-filter').selectOption('never');
    const [flagged] = await shownOf();
    assert.ok(flagged > 0 && flagged < total, `${flagged} of ${total}`);
    for (const r of await keyRows.all()) assert.ok(await r.locator('.badge').count() > 0);
    await app.byTest('key-filter').selectOption('all');
    // The hash follows the filter after the change is rendered: wait for it before using it.
    await page.waitForFunction(() => !location.hash.includes('finding='));

    // Back and Forward follow the hash routes.
    const projectUrl = page.url();
    await keyRows.first().locator('a').first().click();
    await app.byTest('key-name').waitFor();
    await page.goBack();
    await app.byTest('keys-table').waitFor();
    assert.equal(page.url(), projectUrl);
    await page.goForward();
    await app.byTest('key-name').waitFor();

    // Key detail: change scopes to read-only with a 30-day expiry; the server's answer shows.
    const keyName = await app.byTest('key-name').textContent();
    if (await app.byTest('update-form').count()) {
      await page.getByLabel('Read-only').check();
      await page.getByLabel('30 days').check();
      await app.byTest('save-key').click();
      const answer = app.byTest('server-answer');
      await answer.waitFor();
      assert.match(await answer.textContent(), /Read-only/);
      assert.match(await answer.textContent(), /UTC/);
    }
    await shot(page, 'demo-key-light');

    // Revoke from the key page; it disappears from the project.
    await app.byTest('revoke').click();
    await shot(page, 'demo-revoke-dialog-light');
    // Keyboard focus stays inside the dialog.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
      assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]')), 'focus left the dialog');
    }
    await app.confirmRevoke(keyName);
    await app.byTest('keys-table').waitFor();
    await page.getByText(/Revoked “|already revoked/).first().waitFor();
    await app.byTest('key-summary').getByText(`of ${total - 1} keys`).waitFor();

    // Service accounts: create one; its key is shown once.
    await page.getByRole('tab', { name: 'Service accounts' }).click();
    await app.byTest('sa-name').fill('e2e-deployer');
    await page.getByRole('button', { name: 'Create service account' }).click();
    const secret = app.byTest('new-secret');
    await secret.waitFor();
    assert.match(await secret.inputValue(), /^sk-svcacct-/);
    await page.getByRole('button', { name: 'I have saved it' }).click();
    assert.equal(await secret.count(), 0);
    await page.getByRole('cell', { name: /^e2e-deployer svc_acct_/ }).waitFor();

    // Rotate that account's key: the replacement is shown once, then the old key is revoked.
    await page.getByRole('tab', { name: 'API keys' }).click();
    await app.byTest('key-search').fill('e2e-deployer');
    assert.equal(await keyRows.count(), 1);
    const oldId = await keyRows.first().getAttribute('data-key-id');
    await keyRows.first().locator('a').first().click();
    await app.byTest('rotate').click();
    await secret.waitFor();
    const rotated = await secret.inputValue();
    assert.match(rotated, /^sk-svcacct-/);
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await app.confirmRevoke('Secret Key');
    // The rotation ends on a summary; from there, back to the project's keys.
    await app.byTest('rotation-done').waitFor();
    await app.byTest('rotation-back').click();
    await app.byTest('keys-table').waitFor();
    await app.byTest('key-search').fill('e2e-deployer');
    await page.waitForFunction(id => !document.querySelector(`tr[data-key-id="${id}"]`), oldId);
    assert.equal(await keyRows.count(), 1);
    assert.match(await keyRows.first().textContent(), /\(rotated /);

    // Bulk revoke two keys: typed confirmation, progress, a truthful tally, and they leave the list.
    await app.byTest('key-search').fill('');
    const [countBefore] = await shownOf();
    const picked = [await keyRows.nth(0).getAttribute('data-key-id'), await keyRows.nth(1).getAttribute('data-key-id')];
    for (const id of picked) await app.row(id).locator('input[type=checkbox]').check();
    await app.byTest('bulk-revoke').click();
    await app.byTest('bulk-dialog').waitFor();
    assert.ok(await app.byTest('bulk-go').isDisabled());
    // The list is sorted by last use, so these two were used recently, and the dialog says so.
    assert.match(await app.byTest('bulk-recent').textContent(), /2 of these keys were used in the last 7 days/);
    await app.byTest('bulk-confirm').fill('revoke 2');
    await app.byTest('bulk-go').click();
    await app.byTest('tally-summary').getByText('Revoked 2 of 2 keys.').waitFor();
    await shot(page, 'demo-bulk-revoke-light');
    await app.byTest('bulk-dialog').getByRole('button', { name: 'Close' }).click();
    for (const id of picked) await app.row(id).waitFor({ state: 'detached' });
    assert.equal((await shownOf())[0], countBefore - 2);

    await page.getByRole('tab', { name: 'Users' }).click();
    await page.locator('table tbody tr:visible').first().waitFor();

    // The audit log has the revoke.
    await app.nav('nav-audit');
    await app.byTest('audit-event').filter({ hasText: 'api_key.deleted' }).filter({ hasText: picked[0] }).waitFor();
    await shot(page, 'demo-audit-light');

    // Exit the demo.
    await app.byTest('lock').click();
    await app.byTest('admin-key').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('demo: screenshots in dark mode and at popup size', async () => {
  for (const [scheme, width, height, tag] of [['dark', 1280, 860, 'dark'], ['light', 400, 600, 'popup-light'], ['dark', 400, 600, 'popup-dark']]) {
    const { context, page, errors } = await launch({ colorScheme: scheme, width, height });
    const app = new Keyward(page);
    try {
      await page.goto(site.url);
      await shot(page, `connect-${tag}`);
      await page.goto(site.url + '#/demo');
      await app.projects();
      await shot(page, `demo-projects-${tag}`);
      await app.byTest('projects-table').locator('tbody tr a').nth(1).click();
      await app.byTest('keys-table').or(app.byTest('no-keys')).waitFor();
      await shot(page, `demo-project-${tag}`);
      // At popup width the page must not scroll sideways (tables scroll inside their box).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `page overflows by ${overflow}px at ${width}px`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('the demo organization is a worker of its own, downloaded only when the demo starts', async () => {
  const { context, page, errors } = await launch();
  const app = new Keyward(page);
  const asked = [];
  context.on('request', r => asked.push(new URL(r.url()).pathname));
  try {
    await page.goto(site.url);
    await app.byTest('admin-key').waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(asked.filter(p => /demo/.test(p)), [], 'the first screen loads nothing of the demo');
    await app.byTest('try-demo').click();
    await app.projects();
    await app.byTest('projects-table').locator('tbody tr').first().waitFor();
    for (const file of ['/demo-worker.js', '/keyward_demo.js', '/keyward_demo_bg.wasm']) {
      assert.ok(asked.includes(file), `the demo loads ${file}`);
    }
    assert.equal(page.workers().length, 1, 'one worker runs the organization');
    // Leaving the demo ends its worker.
    await app.byTest('lock').click();
    await app.byTest('admin-key').waitFor();
    for (let i = 0; i < 50 && page.workers().length > 0; i++) await page.waitForTimeout(100);
    assert.equal(page.workers().length, 0, 'exiting the demo ends its worker');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
