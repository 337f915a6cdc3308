// Usage, cost and the audit trail, in the demo and against the emulator: the usage column and
// its filters, a key's sparkline, the audit log filtered by project and actor, infinite scroll,
// and what is said when the log can't be read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, startEmulator, launch, shot, Keyward, a11yViolations } from './lib.mjs';

const DAY = 86400;
const ENDPOINTS = ['completions', 'embeddings', 'images', 'audio_speeches', 'audio_transcriptions', 'moderations', 'file_search_calls', 'web_search_calls'];

let site, emu;
before(async () => { site = await serveDist(); emu = await startEmulator(['--projects', '5', '--keys-per-project', '14', '--seed', '21']); });
after(async () => { emu.close(); await site.close(); });

/** The requests a cell's title states ("1,234 requests and …"). */
const requestsOf = title => Number(title.match(/^([\d,]+) requests/)[1].replaceAll(',', ''));

async function waitForUsage(app) {
  await app.byTest('keys-table').waitFor();
  await app.page.waitForFunction(() => [...document.querySelectorAll('[data-testid=usage-cell]')].some(td => /req|No traffic/.test(td.textContent)), null, { timeout: 30000 });
}

/** The sparkline's days, its total as the page states it, and its label. */
async function sparkline(app) {
  const line = app.byTest('sparkline');
  await line.waitFor();
  const values = (await line.getAttribute('data-values')).split(',').map(Number);
  const total = Number((await app.byTest('key-usage-total').textContent()).match(/^([\d,]+) requests/)[1].replaceAll(',', ''));
  return { values, total, label: await line.getAttribute('aria-label') };
}

/** Filters the audit view by project and actor, and returns the events it shows. */
async function filterAudit(app, projectId, actor) {
  const page = app.page;
  await app.byTest('audit-project').selectOption(projectId);
  await app.byTest('audit-actor').fill(actor);
  await app.byTest('audit-apply').click();
  await app.byTest('audit-end').or(app.byTest('audit-empty')).waitFor();
  assert.match(page.url(), new RegExp(`project=${projectId}`));
  assert.match(decodeURIComponent(page.url()), new RegExp(`actor=${actor}`));
  return app.byTest('audit-event').evaluateAll(els => els.map(e => ({
    project: e.dataset.project, actor: e.querySelector('[data-testid=audit-actor-label]').textContent,
  })));
}

test('demo: usage column, traffic filter, sparkline, filtered audit log', async () => {
  const { context, page, errors } = await launch();
  const app = new Keyward(page);
  try {
    await page.goto(site.url);
    await app.byTest('try-demo').click();
    await app.projects();
    // Cost per project, for the window.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=project-cost]')].every(td => /\$[\d,]+\.\d\d/.test(td.textContent)), null, { timeout: 30000 });

    await page.goto(site.url + '#/keys');
    await waitForUsage(app);
    // Sorted by usage, most requests first.
    await page.getByRole('button', { name: 'Usage' }).click();
    await page.waitForFunction(() => document.querySelector('th.col-usage').getAttribute('aria-sort') === 'descending');
    const titles = await app.byTest('usage-cell').locator('span[title]').evaluateAll(s => s.map(x => x.title));
    const counts = titles.map(requestsOf);
    assert.ok(counts.length >= 5, `${counts.length}`);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    await shot(page, 'usage-column-light');
    // The traffic filter keeps only keys with none.
    await app.byTest('traffic-filter').selectOption('quiet');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=usage-cell]')].every(td => td.textContent === 'No traffic'));
    await app.byTest('traffic-filter').selectOption('busy');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=usage-cell]')].every(td => /req/.test(td.textContent)));

    // A busy key's sparkline adds up to what its page states.
    await app.byTest('key-row').first().locator('a').first().click();
    const { values, total, label } = await sparkline(app);
    assert.equal(values.length, 7);
    assert.equal(values.reduce((a, b) => a + b, 0), total);
    assert.ok(total > 0);
    assert.match(label, new RegExp(`${total} in all`));
    await app.byTest('key-usage').scrollIntoViewIfNeeded();
    await shot(page, 'usage-sparkline-light');
    // The 30-day window reads again, and the line follows.
    await app.byTest('usage-window').selectOption('30');
    await page.waitForFunction(() => document.querySelector('[data-testid=sparkline]')?.dataset.values.split(',').length === 30, null, { timeout: 30000 });

    // The audit log, filtered by a project and the person who acted there.
    await page.goto(site.url + '#/audit');
    await app.byTest('audit-event').first().waitFor();
    const projectId = await page.locator('#audit-project option').nth(2).getAttribute('value');
    const shown = await filterAudit(app, projectId, 'owner@example.com');
    assert.ok(shown.length > 0);
    for (const e of shown) {
      assert.equal(e.project, projectId);
      assert.match(e.actor, /owner@example\.com/);
    }
    await shot(page, 'audit-filtered-light');
    // Reloading keeps the filter (it lives in the address).
    await page.reload();
    await app.byTest('audit-end').waitFor();
    assert.equal(await app.byTest('audit-actor').inputValue(), 'owner@example.com');
    assert.equal(await app.byTest('audit-event').count(), shown.length);
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      assert.deepEqual(await a11yViolations(page), [], `audit, ${scheme}`);
    }
    await page.goto(site.url + '#/keys');
    await waitForUsage(app);
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      assert.deepEqual(await a11yViolations(page), [], `keys with usage, ${scheme}`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('emulator: usage matches the API, disagreements show as they are, audit by project and actor', async () => {
  const projects = (await emu.api('/organization/projects?limit=100')).body.data;
  const { context, page, errors } = await launch();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new Keyward(page);
  try {
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.projects();
    await page.goto(site.url + '#/keys');
    await waitForUsage(app);
    await page.getByRole('button', { name: 'Usage' }).click();
    await page.waitForFunction(() => document.querySelector('th.col-usage').getAttribute('aria-sort') === 'descending');
    const busiest = await app.byTest('key-row').first();
    const keyId = await busiest.getAttribute('data-key-id');
    const href = await busiest.locator('a').first().getAttribute('href');
    const projectId = decodeURIComponent(href.match(/#\/projects\/([^/]+)\//)[1]);

    // The key's days, as every usage endpoint reports them for it.
    await busiest.locator('a').first().click();
    const { values, total } = await sparkline(app);
    const now = Math.floor(Date.now() / 1000);
    const start = Math.floor(now / DAY) * DAY - 6 * DAY;
    const perDay = Array(7).fill(0);
    for (const endpoint of ENDPOINTS) {
      const { status, body } = await emu.api(`/organization/usage/${endpoint}?start_time=${start}&api_key_ids[]=${keyId}&group_by[]=api_key_id&limit=7`);
      assert.equal(status, 200);
      for (const b of body.data) for (const r of b.results) perDay[(b.start_time - start) / DAY] += r.num_model_requests || r.num_requests || 0;
    }
    assert.deepEqual(values, perDay);
    assert.equal(total, perDay.reduce((a, b) => a + b, 0));

    // The API's last use moved back 200 days, its traffic unchanged: both are shown as reported.
    const ctl = emu.base.replace(/\/v1$/, '');
    const moved = await fetch(`${ctl}/__last_used`, { method: 'POST', body: JSON.stringify({ project_id: projectId, key_id: keyId, last_used_at: now - 200 * DAY }) });
    assert.equal(moved.status, 204);
    await page.reload();
    await app.byTest('usage-disagrees').waitFor();
    assert.match(await app.byTest('usage-disagrees').textContent(), /yet usage shows traffic/);
    // The reload started a new scan: the inventory holds the moved last use.
    await page.goto(site.url + '#/keys?traffic=stale-busy');
    await page.waitForFunction(id => [...document.querySelectorAll('[data-testid=key-row]')].some(r => r.dataset.keyId === id), keyId, { timeout: 30000 });
    const stale = await app.byTest('key-row').evaluateAll(rows => rows.map(r => r.dataset.keyId));
    assert.ok(stale.includes(keyId));

    // Audit: by project and actor, exactly the API's events for that filter.
    const project = projects[2];
    const owner = 'owner@example.com';
    const expected = (await emu.api(`/organization/audit_logs?limit=100&project_ids[]=${project.id}&actor_emails[]=${encodeURIComponent(owner)}`)).body.data;
    await page.goto(site.url + '#/audit');
    await app.byTest('audit-event').first().waitFor();
    const shown = await filterAudit(app, project.id, owner);
    assert.equal(shown.length, expected.length);
    assert.ok(shown.every(e => e.project === project.id));
    await shot(page, 'audit-filtered-emulator');

    // Unfiltered, the next page loads as the end of the list scrolls into view.
    await app.byTest('audit-clear').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=audit-event]').length >= 50);
    await page.locator('.scroll-sentinel').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=audit-event]').length > 50, null, { timeout: 15000 });

    // A failed read keeps OpenAI's request ID, with a copy button.
    await emu.control({ scripted: [{ method: 'GET', path_contains: '/audit_logs', status: 400, times: 1 }] });
    await app.byTest('audit-project').selectOption(project.id);
    await app.byTest('audit-apply').click();
    const shownId = (await app.byTest('request-id').locator('code').textContent()).trim();
    const logged = (await emu.requests()).filter(r => r.request_id).at(-1);
    assert.equal(shownId, logged.request_id);
    await app.byTest('request-id').getByRole('button', { name: 'Copy' }).click();
    await app.byTest('request-id').getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shownId);

    // Audit logging off: said plainly, not as a failure to retry.
    await emu.control({ audit_logging_disabled: true });
    await app.byTest('audit-apply').click();
    await app.byTest('audit-unavailable').waitFor();
    assert.match(await app.byTest('audit-unavailable').textContent(), /Audit logging is off/);
    await emu.control({});
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('emulator: a key without api.usage.read is told where the numbers would be', async () => {
  const ro = await startEmulator(['--projects', '2', '--keys-per-project', '3', '--read-only-key', 'sk-admin-e2e-readonly-0000']);
  const { context, page, errors } = await launch({ width: 400, height: 600 });
  const app = new Keyward(page);
  try {
    await page.goto(site.url);
    await app.connect('sk-admin-e2e-readonly-0000', ro.base);
    await app.projects();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=project-cost]')].every(td => td.textContent === 'No access'), null, { timeout: 30000 });
    await page.goto(site.url + '#/keys');
    await app.byTest('usage-denied').waitFor();
    assert.match(await app.byTest('usage-denied').textContent(), /api\.usage\.read/);
    assert.ok(await app.byTest('key-row').count() > 0, 'the keys are listed all the same');
    await shot(page, 'usage-denied-popup-size');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    ro.close();
  }
});
