// Guard rails (issue 21): the Spend & limits page and a project's Limits tab, in the demo and
// against the emulator, at 1280 px and 400×600, with axe in both schemes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, startEmulator, launch, shot, Keyward, a11yViolations } from './lib.mjs';

let site;
let emu;
before(async () => { site = await serveDist(); emu = await startEmulator(); });
after(async () => { await site.close(); emu.close(); });

/** The Spend & limits page, read to the end. */
async function spendPage(page, app) {
  await page.evaluate(() => { location.hash = '#/spend'; });
  await app.byTest('spend-table').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=spend-progress]'), null, { timeout: 60000 });
  await app.byTest('spend-row').first().waitFor();
}

const count = async (app, id) => Number(await app.byTest(`spend-finding-${id}`).locator('.chip-count').textContent());

for (const [scheme, width, height] of [['light', 1280, 860], ['dark', 400, 600]]) {
  test(`demo, ${scheme} ${width}px: every finding shows, filters the table and lives in the hash; axe passes`, async () => {
    const { context, page, errors } = await launch({ colorScheme: scheme, width, height });
    const app = new Keyward(page);
    try {
      await page.goto(site.url + '#/demo');
      await app.projects();
      await app.nav('nav-spend');
      await spendPage(page, app);
      const rows = await app.byTest('spend-row').count();
      assert.ok(rows >= 10, `a row per live project (${rows})`);
      for (const id of ['stopped', 'past-80', 'no-limit', 'alert-never-fires', 'above-org', 'no-model-policy']) {
        assert.ok((await count(app, id)) > 0, `the demo shows “${id}”`);
      }
      // A finding's count filters the table to exactly that many rows, and the hash says so.
      const stopped = await count(app, 'stopped');
      await app.byTest('spend-finding-stopped').click();
      await page.waitForFunction(n => document.querySelectorAll('[data-testid=spend-row]').length === n, stopped);
      await page.waitForFunction(() => location.hash.includes('finding=stopped'));
      assert.equal(await app.byTest('spend-row').first().locator('[data-finding=stopped]').count(), 1);
      // The hash alone brings the same view back.
      await page.reload();
      await app.byTest('spend-row').first().waitFor();
      await page.waitForFunction(n => document.querySelectorAll('[data-testid=spend-row]').length === n, stopped);
      assert.equal(await app.byTest('spend-finding-stopped').getAttribute('aria-pressed'), 'true');
      await app.byTest('spend-finding-stopped').click();
      // A column filter: only zero-retention projects, said in the hash.
      await app.byTest('spend-filter-retention').selectOption('zero_data_retention');
      await page.waitForFunction(() => location.hash.includes('retention=zero_data_retention'));
      const kept = await app.byTest('spend-row').count();
      assert.ok(kept > 0 && kept < rows, `some projects kept (${kept} of ${rows})`);
      for (const r of await app.byTest('spend-row').all()) assert.match(await r.textContent(), /Zero data retention/);
      await app.byTest('spend-filter-retention').selectOption('');
      // A range: used from 80 %, typed, kept in the hash; every row left is at 80 % or more.
      await app.byTest('spend-ranges').locator('summary').click();
      await app.byTest('spend-range-used-from').fill('80');
      await app.byTest('spend-range-used-from').press('Enter');
      await page.waitForFunction(() => location.hash.includes('used=80-'));
      const used = await app.byTest('spend-row').evaluateAll(rs => rs.map(r => parseInt(r.cells[4].textContent, 10)));
      assert.ok(used.length > 0 && used.length < rows && used.every(u => u >= 80), `used ≥ 80 %: ${used}`);
      // A bound that isn't a number says why and changes nothing.
      await app.byTest('spend-range-spend-to').fill('ten dollars');
      await app.byTest('spend-range-spend-to').press('Enter');
      assert.equal(await app.byTest('spend-range-spend-to').getAttribute('aria-invalid'), 'true');
      assert.equal(await app.byTest('spend-row').count(), used.length);
      await app.byTest('spend-range-spend-to').fill('');
      await app.byTest('spend-range-spend-to').press('Enter');
      await app.byTest('spend-range-used-from').fill('');
      await app.byTest('spend-range-used-from').press('Enter');
      await page.waitForFunction(n => document.querySelectorAll('[data-testid=spend-row]').length === n, rows);
      // Service tiers: only projects that may ask for ultrafast.
      await app.byTest('spend-filter-tier-on').selectOption('ultrafast');
      await page.waitForFunction(() => location.hash.includes('tier_on=ultrafast'));
      const tiers = await app.byTest('spend-row').evaluateAll(rs => rs.map(r => r.cells[9].textContent));
      assert.ok(tiers.length < rows && tiers.every(t => /all|ultrafast/.test(t)), `tiers: ${tiers}`);
      await app.byTest('spend-filter-tier-on').selectOption('');
      // Sorting by spend, largest first: the first row spends the most.
      await app.byTest('spend-sort-spend').click();
      const spends = await app.byTest('spend-row').evaluateAll(rs => rs.map(r => Number(r.cells[1].textContent.replace(/[$,]/g, ''))));
      assert.deepEqual(spends, [...spends].sort((a, b) => b - a));
      assert.deepEqual(await a11yViolations(page), [], 'axe on Spend & limits');
      await shot(page, `guard-rails-spend-${scheme}-${width}`);
      // A project's Limits tab: the bar in words, each card, axe.
      await app.byTest('spend-row').first().locator('a').first().click();
      await app.byTest('rail-limit').waitFor();
      await app.byTest('spend-bar-words').waitFor();
      assert.match(await app.byTest('spend-bar-words').textContent(), /spent this month/);
      await app.byTest('rate-limits-table').waitFor();
      assert.deepEqual(await a11yViolations(page), [], 'axe on the Limits tab');
      await shot(page, `guard-rails-limits-${scheme}-${width}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

for (const [width, height] of [[1280, 900], [400, 600]]) test(`emulator, ${width}px: input checked before sending, each write sent once, refusals explained, a rail without access noted, the table follows`, async () => {
  // An emulator of its own: the run changes its guard rails.
  const emu = await startEmulator();
  const { context, page, errors } = await launch({ width, height });
  const app = new Keyward(page);
  const ctl = emu.base.replace(/\/v1$/, '');
  const writes = async () => (await emu.requests()).filter(r => r.method !== 'GET');
  try {
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.projects();
    const projects = (await emu.api('/organization/projects?limit=100')).body.data;
    const project = projects.find(p => p.status === 'active' && p.name !== 'Default project');
    await emu.api('/organization/spend_limit', { method: 'POST', body: JSON.stringify({ threshold_amount: 100000, currency: 'USD', interval: 'month' }) });
    // A key that may not read the model policy: a plain note there, the rest works.
    await emu.control({ scripted: [{ method: 'GET', path_contains: `${project.id}/model_permissions`, status: 403 }] });
    await page.goto(`${site.url}#/projects/${project.id}/limits`);
    await app.byTest('rail-limit').waitFor();
    await app.byTest('rail-models').getByText(/No access/).waitFor();
    assert.equal(await app.byTest('rail-models-edit').count(), 0, 'nothing to edit that could not be read');
    await app.byTest('rail-limit-value').waitFor();
    await app.byTest('rail-tools').waitFor();

    // A typo is refused before anything is sent.
    await fetch(`${ctl}/__requests`, { method: 'DELETE' });
    await app.byTest('rail-limit-edit').click();
    await app.byTest('rail-limit-input').fill('12.345');
    await app.byTest('rail-limit-save').click();
    await page.getByText('Cents go to two decimals at most.').waitFor();
    assert.deepEqual(await writes(), [], 'nothing sent for a bad amount');

    // Above the organization's limit: one POST, refused, explained; nothing changes.
    await app.byTest('rail-limit-input').fill('1,500');
    await app.byTest('rail-limit-save').click();
    await app.byTest('rail-refused').waitFor();
    assert.match(await app.byTest('rail-refused').textContent(), /can't be above the organization's/);
    let sent = await writes();
    assert.deepEqual(sent.map(r => `${r.method} ${r.path}`), [`POST /v1/organization/projects/${project.id}/spend_limit`]);

    // Within it: one POST, and the card says so.
    await fetch(`${ctl}/__requests`, { method: 'DELETE' });
    await app.byTest('rail-limit-input').fill('250.50');
    await app.byTest('rail-limit-input').press('Enter');
    await app.byTest('rail-limit-value').getByText('$250.50 a month').waitFor();
    // The form went with its field, and the keyboard's focus stays in the card (on its Edit).
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid=rail-limit]'), null, { timeout: 5000 });
    sent = await writes();
    assert.equal(sent.length, 1, 'the limit was sent once');
    assert.equal((await emu.api(`/organization/projects/${project.id}/spend_limit`)).body.threshold_amount, 25050);

    // An alert with a bad address is refused here; a good one is sent once.
    const alertsBefore = (await emu.api(`/organization/projects/${project.id}/spend_alerts`)).body.data;
    await fetch(`${ctl}/__requests`, { method: 'DELETE' });
    await app.byTest('rail-alert-add').click();
    await app.byTest('rail-alert-amount').fill('100');
    await app.byTest('rail-alert-recipients').fill('finance@example.com, not-an-address');
    await app.byTest('rail-alert-save').click();
    await page.getByText('not-an-address is not an email address.').waitFor();
    assert.deepEqual(await writes(), []);
    await app.byTest('rail-alert-recipients').fill('finance@example.com');
    await app.byTest('rail-alert-save').click();
    await page.waitForFunction(n => document.querySelectorAll('[data-testid=rail-alert]').length === n, alertsBefore.length + 1);
    assert.equal((await writes()).length, 1);
    const alerts = (await emu.api(`/organization/projects/${project.id}/spend_alerts`)).body.data;
    const added = alerts.filter(a => !alertsBefore.some(b => b.id === a.id));
    assert.deepEqual(added.map(a => [a.threshold_amount, a.notification_channel.recipients]), [[10000, ['finance@example.com']]]);

    // An empty allow list is refused with its reason; a model the rate limits don't list only
    // warns (the rate limits are on this tab).
    await app.byTest('rate-limits-table').waitFor();
    await fetch(`${ctl}/__requests`, { method: 'DELETE' });
    await app.byTest('rail-models-edit').click();
    await app.byTest('rail-models-input').fill('');
    await app.byTest('rail-models-save').click();
    await page.getByText(/would block every model/).waitFor();
    assert.deepEqual(await writes(), []);
    await app.byTest('rail-models-input').fill('gpt-4.1, gpt-4.2-typo');
    await app.byTest('rail-models-save').click();
    await app.byTest('toast').getByText(/Not in this project's rate limits .*gpt-4\.2-typo/).waitFor();
    await app.byTest('rail-models-value').getByText('allow 2').waitFor();
    assert.equal((await writes()).length, 1);

    // A tool switched off: one POST naming only that tool.
    await fetch(`${ctl}/__requests`, { method: 'DELETE' });
    await page.locator('[data-tool=web_search] input').uncheck();
    await page.waitForFunction(() => document.querySelector('[data-tool=web_search] input') && !document.querySelector('[data-tool=web_search] input').checked);
    await page.waitForTimeout(300);
    sent = await writes();
    assert.equal(sent.length, 1);
    assert.equal((await emu.api(`/organization/projects/${project.id}/hosted_tool_permissions`)).body.web_search.enabled, false);

    // Every write left an audit event.
    const log = (await emu.api(`/organization/audit_logs?event_types[]=project.updated&limit=100`)).body.data;
    assert.ok(log.filter(e => e['project.updated']?.id === project.id).length >= 4, 'limit, alert, models and tools audited');

    // The table shows what was written, without a re-read of everything.
    await page.goto(`${site.url}#/spend`);
    await app.byTest('spend-table').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=spend-progress]'), null, { timeout: 60000 });
    const row = page.locator(`tr[data-project-id="${project.id}"]`);
    await row.getByText('$250.50').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    emu.close();
  }
});

test('emulator: one guard rail on many projects, reviewed, sent once each, a refusal, a proven unknown, Retry only the rest', async () => {
  const { context, page, errors } = await launch({ width: 1280, height: 900 });
  const app = new Keyward(page);
  const ctl = emu.base.replace(/\/v1$/, '');
  const posts = async path => (await emu.requests()).filter(r => r.method === 'POST' && r.path.includes(path));
  try {
    await emu.api('/organization/spend_limit', { method: 'DELETE' });
    // Headed for Projects, not the Review (which reads every guard rail): the Spend page's own
    // reads are what this counts.
    await page.goto(site.url + '#/projects');
    await app.connect(emu.key, emu.base);
    await app.projects();
    // The scan and its usage reads (costs too) end first, so what follows is the page's alone.
    await page.waitForFunction(() => !/running/.test(document.querySelector('[data-testid=jobs-indicator]')?.textContent ?? ''), null, { timeout: 60000 });
    await fetch(`${ctl}/__requests`, { method: 'DELETE' });
    await page.goto(`${site.url}#/spend`);
    await app.byTest('spend-table').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=spend-progress]'), null, { timeout: 60000 });
    await app.byTest('spend-bar').waitFor();
    // The organization's rails and this month's costs are read once for the whole page.
    const reads = (await emu.requests()).filter(r => r.method === 'GET').map(r => r.path);
    for (const path of ['/organization/spend_limit', '/organization/spend_alerts', '/organization/data_retention']) {
      assert.equal(reads.filter(p => p.split('?')[0].endsWith(path)).length, 1, `${path} read once: ${reads.join(' ')}`);
    }
    assert.equal(reads.filter(p => p.includes('/organization/costs') && !p.includes('page=')).length, 1, `costs read once: ${reads.filter(p => p.includes('costs')).join(' ')}`);
    const ids = await page.evaluate(() => [...document.querySelectorAll('[data-testid=spend-row]')]
      .filter(r => !r.querySelector('[data-testid=spend-select]').disabled)
      .slice(0, 3).map(r => r.dataset.projectId));
    for (const id of ids) await page.locator(`tr[data-project-id="${id}"] [data-testid=spend-select]`).check();
    // The second is refused; the third is made but its answer is lost (a gateway's 502).
    await emu.control({ scripted: [
      { method: 'POST', path_contains: `${ids[1]}/spend_limit`, status: 400 },
      { method: 'POST', path_contains: `${ids[2]}/spend_limit`, status: 502, html: true, after_handling: true },
    ] });
    await fetch(`${ctl}/__requests`, { method: 'DELETE' });
    await app.byTest('spend-bulk').click();
    await app.byTest('bulk-rails-dialog').waitFor();
    await app.byTest('bulk-rails-amount').fill('300');
    await app.byTest('bulk-rails-review-btn').click();
    const review = app.byTest('bulk-rails-review').locator('li');
    assert.equal(await review.count(), 3, 'every project listed');
    for (const li of await review.all()) assert.match(await li.textContent(), / → \$300\.00$/);
    assert.equal((await posts('/spend_limit')).length, 0, 'nothing sent before the number is typed');
    await app.byTest('bulk-rails-confirm').fill('3');
    await app.byTest('bulk-rails-go').click();
    await app.byTest('job-status').getByText('Finished').waitFor({ timeout: 30000 });
    assert.match(await app.byTest('apply-summary').textContent(), /2 of 3 set, 1 refused\./);
    assert.equal((await posts('/spend_limit')).length, 3, 'one write per project, none resent');
    // Retry sends only the refused one.
    await app.byTest('job-retry').click();
    await app.byTest('apply-summary').getByText('1 of 1 set').waitFor({ timeout: 30000 });
    await app.byTest('job-status').getByText('Finished').waitFor({ timeout: 30000 });
    const sent = await posts('/spend_limit');
    assert.equal(sent.length, 4);
    assert.ok(sent[3].path.includes(ids[1]));
    for (const id of ids) {
      assert.equal((await emu.api(`/organization/projects/${id}/spend_limit`)).body.threshold_amount, 30000);
    }
    await app.byTest('bulk-rails-close').click();
    await page.locator(`tr[data-project-id="${ids[2]}"]`).getByText('$300.00').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await emu.control({ scripted: [] });
    await context.close();
  }
});
