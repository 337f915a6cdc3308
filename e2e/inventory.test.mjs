// The organization-wide inventory, end to end: scan → filter stale → select → bulk revoke →
// export, in the demo and against the emulator, at 1280 px and in the 400×600 popup size. The
// emulator's request log proves what was sent: exactly one DELETE per reviewed key, nothing for
// the others, and no second scan for the export or for searching projects.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serveDist, startEmulator, launch, shot, Keyward, a11yViolations } from './lib.mjs';

let site, emu;
// Each test revokes keys: each gets an organization of its own.
const freshOrg = async () => {
  emu?.close();
  emu = await startEmulator(['--projects', '6', '--keys-per-project', '30', '--seed', '23']);
};
before(async () => { site = await serveDist(); });
after(async () => { emu?.close(); await site.close(); });

const DAY = 86400;
const root = () => emu.base.replace(/\/v1$/, '');
const clearLog = () => fetch(`${root()}/__requests`, { method: 'DELETE' });
const projects = async () => (await emu.api('/organization/projects?limit=100&include_archived=true')).body.data;
const keysOf = async p => (await emu.api(`/organization/projects/${p}/api_keys?limit=100&owner_project_access=any`)).body.data;

/** Stale as the spec of the finding says: not used for 90 days (never used counts once the key is that old). */
const isStale = (k, now) => k.last_used_at == null ? now - k.created_at >= 90 * DAY : now - k.last_used_at >= 90 * DAY;

async function open(mode, size) {
  const l = await launch(size);
  const app = new Keyward(l.page);
  if (mode === 'demo') {
    await l.page.goto(site.url + '#/demo');
  } else {
    await l.context.addInitScript(s => sessionStorage.setItem('keyward.session', s), JSON.stringify({ key: emu.key, base: emu.base }));
    await l.page.goto(site.url + '#/projects');
  }
  await app.projects();
  return { ...l, app };
}

const scanned = app => app.byTest('scan-status').getByText(/keys in \d+ projects/).waitFor({ timeout: 30000 });

for (const mode of ['demo', 'emulator']) {
  for (const [label, size] of [['1280', { width: 1280, height: 860 }], ['popup', { width: 400, height: 600 }]]) {
    test(`${mode} at ${label}: scan → filter stale → bulk revoke → export`, async () => {
      await freshOrg();
      const { context, page, errors, app } = await open(mode, size);
      try {
        await app.nav('nav-keys');
        await scanned(app);
        await app.byTest('keys-table').waitFor();
        const total = Number((await app.byTest('key-summary').textContent()).match(/of (\d+) keys/)[1]);
        // Every date shown whole ("49 minutes ago" once lost its last letters to the cell's edge).
        const cut = await page.$$eval('[data-testid=keys-table] tbody time', ts => ts
          .filter(t => t.getBoundingClientRect().right > t.closest('td').getBoundingClientRect().right + 0.5)
          .map(t => t.textContent));
        assert.ok(await page.locator('[data-testid=keys-table] tbody time').count() > 0);
        assert.deepEqual(cut, [], 'dates cut off by their cell');
        // Filter stale: with the findings chip where there is room, with the select in the popup.
        if (label === '1280') await app.byTest('finding-stale').click();
        else await app.byTest('key-filter').selectOption('stale');
        await page.waitForFunction(() => location.hash.includes('finding=stale'));
        const shown = Number((await app.byTest('key-summary').textContent()).match(/Showing (\d+) of/)[1]);
        assert.ok(shown > 0 && shown < total, `${shown} stale of ${total}`);
        if (mode === 'emulator') {
          const now = Math.floor(Date.now() / 1000);
          let stale = 0;
          for (const p of await projects()) stale += (await keysOf(p.id)).filter(k => isStale(k, now)).length;
          assert.equal(shown, stale, 'the stale filter shows exactly the stale keys');
        }
        // Every rendered row carries the finding.
        const rows = app.byTest('key-row');
        for (const badges of await rows.locator('.badges').allTextContents()) assert.match(badges, /Unused \d+\+ days/);
        assert.ok(await rows.count() < Math.max(shown, 60), 'only the rows in view are rendered');

        await app.byTest('select-all').check();
        await page.waitForFunction(n => document.querySelector('[data-testid=key-summary]').textContent.includes(`${n} selected`), shown);
        await page.waitForFunction(() => location.hash.includes('sel='));
        const chosen = (await page.evaluate(() => decodeURIComponent(location.hash.split('sel=')[1].split('&')[0]))).split(',').sort();
        assert.equal(chosen.length, shown);
        await shot(page, `inventory-${mode}-${label}-selected`);

        await clearLog();
        await app.byTest('bulk-revoke').click();
        const review = app.byTest('bulk-review');
        await review.waitFor();
        assert.deepEqual((await review.locator('li[data-key-id]').evaluateAll(l => l.map(e => e.dataset.keyId))).sort(), chosen,
          'the review lists exactly the selected keys');
        assert.deepEqual(await a11yViolations(page), []);
        await app.byTest('bulk-confirm').fill(String(shown));
        await app.byTest('bulk-go').click();
        await app.byTest('tally-summary').getByText(`Revoked ${shown} of ${shown} keys.`).waitFor({ timeout: 30000 });
        await shot(page, `inventory-${mode}-${label}-revoked`);
        await app.byTest('bulk-close').click();
        if (mode === 'emulator') {
          const deleted = (await (await fetch(`${root()}/__requests`)).json()).filter(r => r.method === 'DELETE').map(r => r.path.split('/').pop()).sort();
          assert.deepEqual(deleted, chosen, 'one DELETE per reviewed key, none for any other');
        }
        // The inventory updated in place: the stale filter is empty, the total dropped.
        await app.byTest('key-summary').getByText(`Showing 0 of ${total - shown} keys`).waitFor();

        await clearLog();
        // The view shows no key now; "every key" is the stated choice.
        await app.byTest('export-scope').selectOption('all');
        const download = page.waitForEvent('download');
        await app.byTest('export-csv').click();
        const file = readFileSync(await (await download).path(), 'utf8');
        const lines = file.trim().split('\r\n');
        assert.match(lines[0], /^project_id,.*,redacted_value,.*,permissions,scopes,requests,tokens,cost_cents,findings,finding_ids$/);
        assert.equal(lines.length - 1, total - shown, 'every remaining key, once');
        for (const id of chosen) assert.ok(!file.includes(id), 'a revoked key is not exported');
        assert.ok(!/sk-(proj|svcacct)-[A-Za-z0-9_-]{20,}/.test(file), 'no secret in the export');
        if (mode === 'emulator') {
          const log = await (await fetch(`${root()}/__requests`)).json();
          assert.deepEqual(log, [], 'the export reads the loaded inventory: no second scan');
        }
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
}

test('searching and filtering projects sends no request; a bookmarked key view comes back', async () => {
  await freshOrg();
  const { context, page, errors, app } = await open('emulator', { width: 1280, height: 860 });
  try {
    await scanned(app);
    // The usage and cost read follows the scan (its own job); searching must add nothing to it.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=project-cost]')].every(td => /\$/.test(td.textContent)), null, { timeout: 30000 });
    // The projects' costs can show before the job's last read (costs per key) has gone out.
    await page.waitForFunction(() => !/running/.test(document.querySelector('[data-testid=jobs-indicator]')?.textContent ?? ''), null, { timeout: 30000 });
    await clearLog();
    await app.byTest('project-search').fill('a');
    await app.byTest('project-search').fill('zz-nothing');
    await app.byTest('project-search').fill('');
    await page.waitForTimeout(400);
    assert.deepEqual(await (await fetch(`${root()}/__requests`)).json(), [], 'no request from searching');

    // Archived projects can be left out of the scan: their keys are not listed at all.
    const archived = (await projects()).filter(p => p.status === 'archived').map(p => p.id);
    assert.ok(archived.length > 0);
    await app.byTest('scan-archived').uncheck();
    await app.byTest('scan-status').getByText(/archived projects? left out/).waitFor();
    const listed = (await (await fetch(`${root()}/__requests`)).json()).map(r => r.path);
    assert.ok(listed.some(p => p.endsWith('/api_keys')));
    for (const id of archived) assert.ok(!listed.some(p => p.includes(id)), 'an archived project was listed');
    await app.byTest('scan-archived').check();
    await scanned(app);
    await app.byTest('scan-status').getByText('archived included').waitFor();

    // The view's filter, sort and selection live in the hash: a reload (a bookmark) restores them.
    await app.nav('nav-keys');
    await scanned(app);
    await app.byTest('owner-filter').selectOption('service-account');
    // A new sort starts at the top of the table, wherever it was scrolled to.
    const scroller = app.byTest('keys-scroller');
    await scroller.evaluate(el => { el.scrollTop = 1000; });
    await page.waitForFunction(() => document.querySelector('[data-testid=keys-scroller]').scrollTop >= 1000);
    await page.waitForTimeout(100);
    await page.locator('.th-btn', { hasText: 'Name' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=keys-scroller]').scrollTop === 0);
    const first = await app.byTest('key-row').first().getAttribute('data-key-id');
    await app.byTest('key-row').first().locator('input[type=checkbox]').check();
    await page.waitForFunction(id => location.hash.includes(`sel=${id}`), first);
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /owner=service-account/);
    assert.match(hash, /sort=name&dir=asc/);
    await page.reload();
    await app.byTest('keys-table').waitFor();
    await scanned(app);
    assert.equal(await app.byTest('owner-filter').inputValue(), 'service-account');
    assert.match(await app.byTest('key-summary').textContent(), /1 selected/);
    assert.equal(await app.byTest('key-row').first().getAttribute('data-key-id'), first);
    assert.equal(await app.byTest('key-row').first().locator('input[type=checkbox]').isChecked(), true);
    // A key's page, and back to the list by its breadcrumb: the list as it was left.
    await app.byTest('key-row').first().locator('.cell-name a').click();
    await app.byTest('crumb-list').click();
    await app.byTest('keys-table').waitFor();
    assert.equal(await page.evaluate(() => location.hash), hash);
    assert.equal(await app.byTest('owner-filter').inputValue(), 'service-account');
    assert.equal(await app.byTest('key-row').first().getAttribute('data-key-id'), first);
    // Revoking on a key's page goes back to that list as it was left, too.
    const last = app.byTest('key-row').last();
    const [lastKey, lastName] = [await last.getAttribute('data-key-id'), (await last.locator('.cell-name a').textContent()).trim()];
    await last.locator('.cell-name a').click();
    await app.byTest('revoke').click();
    await app.confirmRevoke(lastName);
    await app.byTest('keys-table').waitFor();
    await app.row(lastKey).waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => location.hash), hash);
    assert.equal(await app.byTest('owner-filter').inputValue(), 'service-account');

    // Revoking another key gives the table a new list of rows: the tick stays with its key.
    const other = app.byTest('key-row').nth(1);
    const otherId = await other.getAttribute('data-key-id');
    const otherName = (await other.locator('.cell-name a').textContent()).trim();
    await other.getByTestId('revoke').click();
    await app.confirmRevoke(otherName);
    await page.getByText(`Revoked “${otherName}”`).first().waitFor();
    await app.row(otherId).waitFor({ state: 'detached' });
    assert.match(await app.byTest('key-summary').textContent(), /· 1 selected$/);
    assert.equal(await app.row(first).locator('input[type=checkbox]').isChecked(), true);
    // The next row takes the revoked one's place, unticked.
    assert.equal(await app.byTest('key-row').nth(1).locator('input[type=checkbox]').isChecked(), false);

    // Typing narrows the rows shown: the rows keep their elements and show other keys in them
    // (nothing is built anew), and each row's aria-rowindex says its place.
    const lastId = await app.byTest('key-row').last().getAttribute('data-key-id');
    assert.notEqual(await app.row(lastId).getAttribute('aria-rowindex'), '2');
    await app.byTest('key-row').first().evaluate(tr => { tr.dataset.marked = 'yes'; });
    await app.byTest('key-search').fill(lastId);
    await page.waitForFunction(id => document.querySelector('[data-testid=key-row]')?.dataset.keyId === id, lastId);
    assert.equal(await app.row(lastId).getAttribute('data-marked'), 'yes', 'the same element, not a new one');
    assert.equal(await app.row(lastId).getAttribute('aria-rowindex'), '2');
    await app.byTest('key-search').fill('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=key-row]').length > 1);
    const places = await app.byTest('key-row').evaluateAll(trs => trs.map(tr => tr.getAttribute('aria-rowindex')));
    assert.deepEqual(places, places.map((_, n) => String(n + 2)), 'each row says its place');

    // Select all, then none: a selected key the filters hide stays selected; with none hidden,
    // nothing is left.
    const summary = () => app.byTest('key-summary').textContent();
    const says = text => page.waitForFunction(t => document.querySelector('[data-testid=key-summary]').textContent.endsWith(t), text);
    await app.byTest('owner-filter').selectOption('user');
    const users = Number((await summary()).match(/Showing (\d+) of/)[1]);
    assert.ok(users > 1);
    await app.byTest('select-all').check();
    await says(`${users + 1} selected (1 hidden by the filters)`);
    await app.byTest('select-all').uncheck();
    await says('1 selected (1 hidden by the filters)');
    await app.byTest('clear-selection').click();
    await app.byTest('select-all').check();
    await says(`${users} selected`);
    await app.byTest('select-all').uncheck();
    await says(`of ${await app.byTest('key-summary').textContent().then(t => t.match(/of (\d+) keys/)[1])} keys`);
    assert.equal(await app.byTest('bulk-revoke').isDisabled(), true);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the scan can be stopped, keeps what it read, and resumes only the rest', async () => {
  await freshOrg();
  await emu.control({ latency_ms: 300 });
  const l = await launch({ width: 1280, height: 860 });
  const { context, page, errors } = l;
  const app = new Keyward(page);
  // One listing at once (the user's setting), so Stop lands with projects still unread.
  await context.addInitScript(s => { sessionStorage.setItem('keyward.session', s); sessionStorage.setItem('keyward.scan_lanes', '1'); },
    JSON.stringify({ key: emu.key, base: emu.base }));
  await page.goto(site.url + '#/projects');
  try {
    assert.equal(await app.byTest('scan-lanes').inputValue(), '1');
    await app.byTest('scan-status').getByText(/Scanning keys: [1-9] of/).waitFor({ timeout: 15000 });
    // From the keyboard: the focus moves from Stop to what takes its place, not to the page.
    const focusOn = id => page.waitForFunction(t => document.activeElement?.dataset?.testid === t, id, { timeout: 15000 });
    await app.byTest('scan-stop').focus();
    await page.keyboard.press('Enter');
    await app.byTest('scan-retry').waitFor({ timeout: 15000 });
    await focusOn('scan-retry');
    assert.match(await app.byTest('scan-status').textContent(), /not read completely \(failed or stopped\)/);
    await emu.control({});
    await clearLog();
    await page.keyboard.press('Enter');
    await scanned(app);
    await focusOn('scan-refresh');
    // The session's usage and cost read (its own job, started by the Projects page) is not the scan.
    const log = (await (await fetch(`${root()}/__requests`)).json())
      .filter(r => !/\/organization\/(usage|costs)/.test(r.path));
    assert.ok(log.every(r => r.method === 'GET' && r.path.includes('/api_keys')), 'only the unread projects are listed again');
    assert.ok(log.length < (await projects()).length, `${log.length} listings resumed, not a full rescan`);
    const total = (await Promise.all((await projects()).map(p => keysOf(p.id)))).flat().length;
    await app.byTest('scan-status').getByText(`${total} keys in`).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await emu.control({});
    await context.close();
  }
});

// A keystroke that leaves the same rows recomputes the order to an equal one. The table's rows
// once read the range (made from the order) before the order, and reactive_graph then missed
// the order's later changes: after such a keystroke and a clear, a sort changed the count's
// neighbours but not the rows, until the next scroll.
test('after a keystroke that keeps the same rows, a sort still reorders the rows shown', async () => {
  await freshOrg();
  const { context, page, errors, app } = await open('emulator', { width: 1280, height: 860 });
  try {
    const names = (await Promise.all((await projects()).map(p => keysOf(p.id)))).flat().map(k => k.name.toLowerCase());
    const zapier = names.filter(n => n.includes('zapier')).length;
    assert.ok(zapier > 0, 'the organization has Zapier keys');
    await app.nav('nav-keys');
    await page.getByText(`Showing ${names.length} of ${names.length} keys`).waitFor({ timeout: 30000 });
    const firstNames = () => page.getByTestId('key-row').locator('.cell-name a').allTextContents();
    const search = app.byTest('key-search');
    await search.pressSequentially('zapi', { delay: 40 });
    await page.getByText(`Showing ${zapier} of ${names.length} keys`).waitFor();
    await search.pressSequentially('er', { delay: 40 });
    await page.waitForTimeout(300);
    assert.match(await page.getByText(/Showing \d+ of \d+ keys/).textContent(), new RegExp(`Showing ${zapier} of`));
    await search.fill('');
    await page.getByText(`Showing ${names.length} of ${names.length} keys`).waitFor();
    const unsorted = await firstNames();
    const sorted = [...names].sort();
    await page.locator('.th-btn', { hasText: 'Name' }).click();
    await page.waitForFunction(() => /sort=name/.test(location.hash));
    await page.waitForTimeout(300);
    const shown = (await firstNames()).map(n => n.toLowerCase());
    assert.notDeepEqual(shown, unsorted.map(n => n.toLowerCase()), 'the rows changed with the sort');
    assert.deepEqual(shown.slice(0, 3), sorted.slice(0, 3), 'sorted by name, ascending');
    await page.locator('.th-btn', { hasText: 'Name' }).click();
    await page.waitForFunction(() => /dir=desc/.test(location.hash));
    await page.waitForTimeout(300);
    assert.deepEqual((await firstNames()).slice(0, 3).map(n => n.toLowerCase()), sorted.reverse().slice(0, 3), 'and descending');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
