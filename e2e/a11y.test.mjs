// WCAG 2.1 AA with axe-core over each view, in the light and dark schemes, at 1280 px and at the
// popup's 400×600: Connect, Projects, a project's keys, the bulk-revoke review, the jobs panel
// with a tally, a key with its rotation card, the audit log, All keys with its findings, admin
// keys and their dialogs, people, a project's rate limits, settings and users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, Keyward, a11yViolations } from './lib.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

for (const colorScheme of ['light', 'dark']) {
  for (const [width, height] of [[1280, 860], [400, 600]]) {
    test(`axe: every view, ${colorScheme}, ${width}×${height}`, async () => {
      const { context, page } = await launch({ colorScheme, width, height });
      const app = new Keyward(page);
      const found = {};
      const check = async view => { const v = await a11yViolations(page); if (v.length) found[view] = v; };
      try {
        await page.goto(site.url);
        await app.byTest('admin-key').waitFor();
        await check('connect');
        await app.byTest('try-demo').click();
        await app.projects();
        await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=projects-table] td.num')].every(td => /\d/.test(td.textContent)));
        await check('projects');
        const first = await page.locator('[data-testid=projects-table] tbody tr a').nth(1).getAttribute('href');
        await page.goto(site.url + first);
        await app.byTest('keys-table').waitFor();
        await check('project keys');
        if (width > 600) {
          const ids = await app.byTest('key-row').evaluateAll(rows => rows.slice(0, 2).map(r => r.dataset.keyId));
          for (const id of ids) await app.row(id).locator('input[type=checkbox]').check();
          await app.byTest('bulk-revoke').click();
          await app.byTest('bulk-review').waitFor();
          await check('bulk review');
          await app.byTest('bulk-confirm').fill('revoke 2');
          await app.byTest('bulk-go').click();
          await app.byTest('tally-summary').getByText('Revoked 2 of 2 keys.').waitFor();
          await check('bulk tally');
          await app.byTest('bulk-close').click();
          await app.byTest('jobs-indicator').click();
          await app.byTest('jobs-panel').waitFor();
          await check('jobs panel');
          await app.byTest('jobs-close').click();
        }
        await app.byTest('key-row').first().locator('a').first().click();
        await app.byTest('key-name').waitFor();
        await check('key');
        await app.nav('nav-audit');
        await page.getByTestId('audit-events').waitFor();
        await check('audit');
        // All keys, with the findings panel and the chart open, and every filter shown.
        await app.nav('nav-keys');
        await app.byTest('keys-table').waitFor();
        if (!(await app.byTest('findings').evaluate(d => d.open))) await app.byTest('findings').locator('summary').click();
        if (width < 600) await app.byTest('more-filters').click();
        await app.byTest('age-chart').waitFor();
        await app.byTest('owner-filter').waitFor();
        await check('all keys');
        await app.byTest('finding-stale').click();
        await app.byTest('select-all').check();
        await check('all keys, filtered and selected');
        // What an owner guards: admin keys (and their dialogs), people, a project's rate
        // limits (editing) and settings, its users.
        await app.nav('nav-admin-keys');
        await app.byTest('admin-keys-table').waitFor();
        await check('admin keys');
        await app.byTest('admin-key-row').filter({ has: app.byTest('current-key') }).getByTestId('admin-revoke').click();
        await app.byTest('admin-revoke-dialog').waitFor();
        await check('admin key revoke dialog');
        await page.getByRole('button', { name: 'Cancel' }).click();
        await app.byTest('admin-key-new').click();
        await app.byTest('admin-create-dialog').waitFor();
        await check('admin key create dialog');
        await page.getByRole('button', { name: 'Cancel' }).click();
        await app.nav('nav-people');
        await app.byTest('people-table').waitFor();
        await check('people');
        await app.byTest('person-link').nth(3).click();
        await app.byTest('person-projects').waitFor();
        await check('a person');
        await app.byTest('offboard-open').click();
        await app.byTest('offboard-dialog').waitFor();
        await check('offboarding review');
        await page.keyboard.press('Escape');
        await app.byTest('people-tabs').getByRole('link', { name: 'Groups' }).click();
        await app.byTest('group-open').first().click();
        await app.byTest('group-members').waitFor();
        await check('groups, one open');
        await app.byTest('people-tabs').getByRole('link', { name: 'Roles' }).click();
        await app.byTest('role-row').first().waitFor();
        await check('roles');
        await app.byTest('role-new').click();
        await app.byTest('role-editor').waitFor();
        await check('role editor');
        await page.keyboard.press('Escape');
        await app.byTest('people-tabs').getByRole('link', { name: 'Invites' }).click();
        await app.byTest('invite-row').first().waitFor();
        await check('invites');
        await app.byTest('invite-open').click();
        await app.byTest('invite-choose').check();
        await check('invite form, choosing projects');
        await page.keyboard.press('Escape');
        await page.goto(site.url + first + '/rate-limits');
        await app.byTest('rate-limit-edit').first().click();
        await app.byTest('rate-limit-form').waitFor();
        await check('rate limits, editing');
        await page.goto(site.url + first + '/settings');
        await app.byTest('archive-zone').waitFor();
        await check('project settings');
        await page.goto(site.url + first + '/users');
        await app.byTest('project-users-table').waitFor();
        await check('project users');
        assert.deepEqual(found, {});
      } finally {
        await context.close();
      }
    });
  }
}
