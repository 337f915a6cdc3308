// An owner's first hour (issue 20), as a new user meets it in the demo: dialogs that keep the
// keyboard, exports of what is shown, costs that add up, findings that say why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serveDist, launch, shot, Keyward, a11yViolations } from './lib.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

/** The demo, on a page; resolves once its scan is done. */
async function demo(opts = {}, hash = '#/keys') {
  const l = await launch(opts);
  const app = new Keyward(l.page);
  await l.page.goto(site.url + '#/demo');
  await app.projects();
  await l.page.evaluate(h => { location.hash = h; }, hash);
  await app.byTest('scan-status').getByText(/keys in \d+ projects/).waitFor({ timeout: 30000 });
  return { ...l, app };
}

/** What has the focus: its test ID, or its tag, and whether it is inside `within`. */
const focused = (page, within) => page.evaluate(sel => {
  const a = document.activeElement;
  return {
    testid: a?.dataset?.testid ?? null,
    tag: a?.tagName ?? null,
    inside: !!(sel && a && a.closest(sel)),
    keyId: a?.closest('tr')?.dataset?.keyId ?? null,
  };
}, within);

/** Presses Tab (then Shift+Tab) until the element with this test ID has the focus (keyboard only). */
async function tabTo(page, testid, max = 120) {
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < max * (key === 'Tab' ? 1 : 2); i++) {
      if ((await focused(page)).testid === testid) return;
      await page.keyboard.press(key);
    }
  }
  throw new Error(`Tab never reached ${testid}`);
}

test('every dialog keeps the keyboard: focus in, Tab held, Escape, focus back (or to the next row)', async () => {
  const { context, page, errors, app } = await demo();
  try {
    await app.byTest('keys-table').waitFor();
    // Bulk revoke, opened with Enter.
    const rows = app.byTest('key-row');
    const first = await rows.nth(0).getAttribute('data-key-id');
    await rows.nth(0).locator('input[type=checkbox]').check();
    await rows.nth(1).locator('input[type=checkbox]').check();
    await app.byTest('bulk-revoke').focus();
    await page.keyboard.press('Enter');
    await app.byTest('bulk-dialog').waitFor();
    assert.equal((await focused(page, '[data-testid=bulk-dialog]')).inside, true, 'focus moved into the dialog');
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      assert.equal((await focused(page, '[data-testid=bulk-dialog]')).inside, true, `Tab ${i + 1} stayed in the dialog`);
    }
    await page.keyboard.press('Shift+Tab');
    assert.equal((await focused(page, '[data-testid=bulk-dialog]')).inside, true);
    await page.keyboard.press('Escape');
    await app.byTest('bulk-dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'bulk-revoke');
    assert.match(await app.byTest('key-summary').textContent(), /2 selected/, 'cancelling keeps the selection');

    // Single revoke: Escape gives the focus back to the row's Revoke button.
    await app.byTest('clear-selection').click();
    const revoke = app.row(first).getByTestId('revoke');
    await revoke.focus();
    await page.keyboard.press('Enter');
    await app.byTest('revoke-dialog').waitFor();
    assert.equal((await focused(page, '[data-testid=revoke-dialog]')).inside, true);
    await page.keyboard.press('Escape');
    await app.byTest('revoke-dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(id => document.activeElement?.closest('tr')?.dataset?.keyId === id, first);
    assert.equal((await focused(page)).testid, 'revoke');

    // Revoked: the row is gone, and the focus goes to the next row's Revoke.
    const next = await rows.nth(1).getAttribute('data-key-id');
    await page.keyboard.press('Enter');
    await app.byTest('revoke-dialog').waitFor();
    if (await app.byTest('confirm-name').count()) {
      await app.byTest('confirm-name').fill(await app.row(first).locator('.cell-name a').textContent());
    }
    await app.byTest('confirm-revoke').click();
    await app.byTest('revoke-dialog').waitFor({ state: 'detached', timeout: 15000 });
    await app.row(first).waitFor({ state: 'detached' });
    await page.waitForFunction(id => document.activeElement?.closest('tr')?.dataset?.keyId === id, next);
    assert.equal((await focused(page)).testid, 'revoke');

    // Admin keys: the revoke dialog takes the focus too.
    await app.nav('nav-admin-keys');
    const adminRevoke = page.getByRole('button', { name: /^Revoke/ }).first();
    await adminRevoke.waitFor();
    await adminRevoke.focus();
    await page.keyboard.press('Enter');
    await app.byTest('admin-revoke-dialog').waitFor();
    assert.equal((await focused(page, '[data-testid=admin-revoke-dialog]')).inside, true);
    await page.keyboard.press('Escape');
    await app.byTest('admin-revoke-dialog').waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test('the other dialogs too: Enter opens each with the focus in it, Escape closes it and gives the focus back', async () => {
  const { context, page, errors, app } = await demo({}, '#/projects');
  try {
    /** Opens with Enter on `opener`, checks the focus is in `dialog`, closes with Escape, checks it is back. */
    const roundTrip = async (opener, dialog) => {
      await opener.focus();
      await page.keyboard.press('Enter');
      await app.byTest(dialog).waitFor();
      assert.equal((await focused(page, `[data-testid=${dialog}]`)).inside, true, `focus in ${dialog}`);
      await page.keyboard.press('Tab');
      assert.equal((await focused(page, `[data-testid=${dialog}]`)).inside, true, `Tab stays in ${dialog}`);
      await page.keyboard.press('Escape');
      await app.byTest(dialog).waitFor({ state: 'detached' });
      await page.waitForFunction(() => document.activeElement && document.activeElement !== document.body);
      assert.equal(await opener.evaluate(o => o === document.activeElement), true, `focus back from ${dialog}`);
    };
    await roundTrip(app.byTest('new-project'), 'new-project-dialog');
    // A project's users and service accounts.
    const href = await page.locator('[data-testid=projects-table] tbody a').nth(1).getAttribute('href');
    await page.evaluate(h => { location.hash = h + '/users'; }, href);
    const removeUser = app.byTest('remove-user').first();
    await removeUser.waitFor();
    await roundTrip(removeUser, 'remove-user-dialog');
    await page.evaluate(h => { location.hash = h + '/service-accounts'; }, href);
    const deleteSa = page.getByRole('button', { name: /^Delete service account / }).first();
    await deleteSa.waitFor();
    await roundTrip(deleteSa, 'sa-delete-dialog');
    // Admin keys: create.
    await app.nav('nav-admin-keys');
    await app.byTest('admin-keys-table').waitFor();
    await roundTrip(app.byTest('admin-key-new'), 'admin-create-dialog');
    // The jobs panel (a finished revoke puts the indicator in the header).
    await page.evaluate(() => { location.hash = '#/keys'; });
    await app.byTest('key-row').first().locator('input[type=checkbox]').check();
    await app.byTest('bulk-revoke').click();
    await app.byTest('bulk-confirm').fill('1');
    await app.byTest('bulk-go').click();
    await app.byTest('bulk-title').getByText('Revoke finished').waitFor({ timeout: 15000 });
    await page.keyboard.press('Escape');
    await app.byTest('bulk-dialog').waitFor({ state: 'detached' });
    await roundTrip(app.byTest('jobs-indicator'), 'jobs-panel');
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

/** From now on, counts the frames in which the focus is outside `sel` while `sel` is shown. */
const watchFocus = (page, sel) => page.evaluate(s => {
  window.__lost = 0;
  const tick = () => {
    const shown = document.querySelector(s);
    if (shown && !shown.contains(document.activeElement)) window.__lost++;
    window.__watch = requestAnimationFrame(tick);
  };
  tick();
}, sel);
const lostFrames = page => page.evaluate(() => { cancelAnimationFrame(window.__watch); return window.__lost; });

test('a dialog redrawn under the focus keeps it: a running revoke\'s tally, the jobs panel', async () => {
  const { context, page, errors, app } = await demo();
  try {
    const rows = app.byTest('key-row');
    for (let i = 0; i < 4; i++) await rows.nth(i).locator('input[type=checkbox]').check();
    await app.byTest('bulk-revoke').click();
    await app.byTest('bulk-confirm').fill('4');
    await app.byTest('bulk-go').click();
    // Each key's outcome redraws the tally in place; a keyboard user scrolling it keeps it.
    const tally = page.locator('[data-testid=bulk-dialog] [data-testid=tally]');
    await tally.focus();
    await watchFocus(page, '[data-testid=bulk-dialog]');
    await app.byTest('bulk-title').getByText('Revoke finished').waitFor({ timeout: 15000 });
    assert.equal(await lostFrames(page), 0, 'the focus stayed in the bulk dialog while the tally was redrawn');
    await page.keyboard.press('Escape');
    await app.byTest('bulk-dialog').waitFor({ state: 'detached' });
    // The revoke refreshes usage, guard rails and permissions: their jobs run while the panel is open.
    await app.byTest('jobs-indicator').focus();
    await page.keyboard.press('Enter');
    await app.byTest('jobs-panel').waitFor();
    await watchFocus(page, '[data-testid=jobs-panel]');
    const status = page.locator('[data-testid=jobs-panel] [data-testid=job-status]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=jobs-panel] [data-testid=job-status]')]
      .some(s => s.textContent === 'Running'), null, { timeout: 5000 }).catch(() => {});
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=jobs-panel] [data-testid=job-status]')]
      .every(s => s.textContent !== 'Running'), null, { timeout: 30000 });
    assert.ok(await status.count() >= 1);
    assert.equal(await lostFrames(page), 0, 'the focus stayed in the jobs panel while the other jobs ran and ended');
    assert.equal((await focused(page, '[data-testid=jobs-panel]')).inside, true);
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test('rows show other keys as the list changes, and the focus goes with its key', async () => {
  const { context, page, errors, app } = await demo();
  try {
    // One project's 19 keys: by name up, then down, the middle ones are in view both ways.
    await app.byTest('key-search').fill('Fraud Agent');
    await page.waitForFunction(() => /Showing 19 of/.test(document.querySelector('[data-testid=key-summary]')?.textContent));
    const ids = () => app.byTest('key-row').evaluateAll(rows => rows.map(r => r.dataset.keyId));
    const sortByName = () => page.evaluate(() => document.querySelector('th.col-name .th-btn').click());
    await sortByName();
    await page.waitForFunction(() => document.querySelector('th.col-name')?.getAttribute('aria-sort') === 'ascending');
    const up = await ids();
    await sortByName();
    await page.waitForFunction(() => document.querySelector('th.col-name')?.getAttribute('aria-sort') === 'descending');
    const down = await ids();
    const key = up.find((id, i) => down.includes(id) && down.indexOf(id) !== i);
    assert.ok(key, `a key in view both ways, in another place: ${up} / ${down}`);
    await app.row(key).getByTestId('revoke').focus();
    const element = await app.row(key).elementHandle();
    // The sort changes the rows under the focus (a script's click leaves the focus where it is).
    await sortByName();
    await page.waitForFunction(first => document.querySelector('[data-testid=key-row]')?.dataset.keyId === first, up[0]);
    await page.waitForFunction(id => document.activeElement?.closest('tr')?.dataset.keyId === id, key);
    assert.equal((await focused(page)).testid, 'revoke');
    assert.equal(await app.row(key).getAttribute('aria-rowindex'), String(up.indexOf(key) + 2));
    // The row it was in stayed, and shows another key now: rows are not built anew.
    assert.equal(await element.evaluate(tr => tr.isConnected), true);
    assert.notEqual(await element.evaluate(tr => tr.dataset.keyId), key);
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test('the key\'s name keeps its room at every width: the table scrolls sideways instead', async () => {
  const { context, page, errors, app } = await demo();
  try {
    for (const width of [400, 800, 1024, 1280, 1500, 1920]) {
      await page.setViewportSize({ width, height: 860 });
      await page.waitForFunction(() => document.querySelector('[data-testid=key-row] .cell-name a')?.textContent);
      const name = await app.byTest('key-row').first().locator('.cell-name').evaluate(td => td.getBoundingClientRect().width);
      assert.ok(name >= (width <= 640 ? 60 : 140), `at ${width} px the name column is ${name} px wide`);
    }
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test('a form whose button waits for the API keeps the keyboard in it: rename a project from the keyboard', async () => {
  const { context, page, errors, app } = await demo({}, '#/projects');
  try {
    const href = await page.locator('[data-testid=projects-table] tbody a').nth(1).getAttribute('href');
    await page.evaluate(h => { location.hash = h + '/settings'; }, href);
    await app.byTest('project-rename').fill('Renamed from the keyboard');
    // Rename is disabled while the change is sent, which takes the focus from it.
    await app.byTest('project-rename-save').focus();
    await page.keyboard.press('Enter');
    await page.getByText('Renamed to').first().waitFor();
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid=rename-form]'), null, { timeout: 5000 });
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test('at 400×600, a rate limit opened for editing is in view with the focus', async () => {
  const { context, page, errors, app } = await demo({ width: 400, height: 600, colorScheme: 'dark' }, '#/projects');
  try {
    const href = await page.locator('[data-testid=projects-table] tbody a').first().getAttribute('href');
    await page.evaluate(h => { location.hash = h + '/rate-limits'; }, href);
    const edit = page.getByRole('button', { name: /^Edit the limits of/ }).first();
    await edit.waitFor();
    await edit.focus();
    await page.keyboard.press('Enter');
    const form = app.byTest('rate-limit-form');
    await form.waitFor();
    assert.equal((await focused(page, '[data-testid=rate-limit-form]')).inside, true, 'the form has the focus');
    const inView = await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
    assert.ok(inView, 'the focused field is on screen');
    await shot(page, 'first-hour-rate-limit-400-dark');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await page.waitForFunction(() => /^Edit the limits of/.test(document.activeElement?.getAttribute('aria-label') ?? ''));
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test('an export of a filtered view holds exactly its rows, says its filter, and names findings as shown', async () => {
  const { context, page, errors, app } = await demo();
  try {
    await app.byTest('key-filter').selectOption('owner-left');
    await page.waitForFunction(() => location.hash.includes('finding=owner-left'));
    const summary = await app.byTest('key-summary').textContent();
    const [, shown, total] = summary.match(/Showing (\d+) of (\d+) keys/).map(Number);
    assert.ok(shown > 0 && shown < total, summary);
    // The badges say why, in the words the filter uses.
    for (const badges of await app.byTest('key-row').locator('.badges').allTextContents()) {
      assert.match(badges, /Owner left project/);
    }
    assert.equal(await app.byTest('export-scope').inputValue(), 'shown', 'what is shown, by default');

    let download = page.waitForEvent('download');
    await app.byTest('export-csv').click();
    const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\r\n');
    assert.equal(csv.length - 1, shown, 'one line per key shown');
    const header = csv[0].split(',');
    for (const column of ['permissions', 'requests', 'tokens', 'cost_cents', 'findings', 'finding_ids']) {
      assert.ok(header.includes(column), column);
    }

    download = page.waitForEvent('download');
    await app.byTest('export-json').click();
    const doc = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
    assert.equal(doc.scope, 'shown');
    assert.match(doc.filter.query, /finding=owner-left/);
    assert.deepEqual(doc.filter.description, ['Finding: Owner left project']);
    assert.equal(doc.keys.length, shown);
    assert.equal(new Set(doc.keys.map(k => k.key_id)).size, shown);
    for (const k of doc.keys) {
      assert.ok(k.finding_ids.split(';').includes('owner-left'), k.key_id);
      assert.ok(k.findings.split('; ').includes('Owner left project'), k.findings);
    }
    // The rows come in the table's order.
    const firstRows = await app.byTest('key-row').evaluateAll(rs => rs.slice(0, 5).map(r => r.dataset.keyId));
    assert.deepEqual(doc.keys.slice(0, firstRows.length).map(k => k.key_id), firstRows);

    // "Every key" is a stated choice.
    await app.byTest('export-scope').selectOption('all');
    download = page.waitForEvent('download');
    await app.byTest('export-json').click();
    const all = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
    assert.equal(all.scope, 'all');
    assert.equal(all.keys.length, total);
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test('a project with many line items: the rows add up to its total; projects sort by cost', async () => {
  const { context, page, errors, app } = await demo({}, '#/projects');
  try {
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=project-cost]')].every(td => /\$/.test(td.textContent)), null, { timeout: 30000 });
    const cents = t => Math.round(Number(t.replace(/[^0-9.]/g, '')) * 100);
    // Most expensive first (one click), and the organization's total.
    await app.byTest('sort-cost').click();
    const costs = (await app.byTest('project-cost').allTextContents()).map(cents);
    assert.deepEqual([...costs].sort((a, b) => b - a), costs, 'sorted by cost, most first');
    const total = (await page.locator('main').textContent()).match(/Organization total: (\$[\d,.]+)/);
    assert.ok(total, 'an organization total');
    // The project with the most line items.
    await page.locator('[data-testid=projects-table] tbody a').first().click();
    // The project's page replaces the list (whose cells carry the same test ID) a tick later.
    await app.byTest('projects-table').waitFor({ state: 'detached' });
    const card = app.byTest('project-cost');
    await card.waitFor();
    await card.locator('summary').click();
    const items = app.byTest('project-cost-items').locator('tbody tr');
    const rows = await items.evaluateAll(trs => trs.map(tr => [tr.cells[0].textContent, tr.cells[1].textContent]));
    assert.ok(rows.some(([name]) => /^Other \(/.test(name)), `more line items than fit, summed as Other: ${JSON.stringify(rows)}`);
    const sum = rows.reduce((s, [, c]) => s + cents(c), 0);
    assert.equal(sum, cents(await app.byTest('project-cost-total').locator('strong').textContent()), JSON.stringify(rows));
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test('keyboard only: find risky keys, revoke them in bulk, rotate a key, export what is shown', async () => {
  const { context, page, errors, app } = await demo();
  try {
    await app.byTest('keys-table').waitFor();
    // Find risky keys: the finding filter, chosen with the arrow keys.
    await tabTo(page, 'key-filter');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => location.hash.includes('finding=attention'));
    // Narrow to one project's risky keys by search, typed.
    await tabTo(page, 'key-search');
    const keyName = await app.byTest('key-row').first().locator('.cell-name a').textContent();
    await page.keyboard.type(keyName);
    await page.waitForFunction(() => /Showing [1-9]\d* of/.test(document.querySelector('[data-testid=key-summary]').textContent));
    // Enter, as after any search: the search box is a form of its own, and submitting it
    // neither loads the page again nor drops what was typed.
    await page.evaluate(() => { window.stillHere = true; });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.stillHere), true, 'Enter in the search reloads nothing');
    assert.equal(await app.byTest('key-search').inputValue(), keyName);
    // Select what is shown, review, type the count, confirm.
    await tabTo(page, 'select-all');
    await page.keyboard.press('Space');
    const n = Number((await app.byTest('key-summary').textContent()).match(/(\d+) selected/)[1]);
    await tabTo(page, 'bulk-revoke');
    await page.keyboard.press('Enter');
    await app.byTest('bulk-dialog').waitFor();
    assert.equal((await focused(page)).testid, 'bulk-confirm');
    await page.keyboard.type(String(n));
    await page.keyboard.press('Enter');
    await app.byTest('bulk-title').getByText('Revoke finished').waitFor({ timeout: 30000 });
    assert.equal((await focused(page, '[data-testid=bulk-dialog]')).inside, true, 'the receipt keeps the focus');
    assert.match(await app.byTest('tally-summary').textContent(), new RegExp(`Revoked ${n} of ${n}`));
    assert.equal(await app.byTest('job-dismiss').count(), 0, 'one way to close the receipt');
    assert.deepEqual(await a11yViolations(page), []);
    await page.keyboard.press('Escape');
    await app.byTest('bulk-dialog').waitFor({ state: 'detached' });

    // Rotate a service account's key: open it by its link, all with the keyboard.
    await tabTo(page, 'key-search');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await tabTo(page, 'owner-filter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => location.hash.includes('owner=service-account'));
    await page.waitForFunction(() => document.querySelector('[data-testid=key-row] .cell-name a'));
    await page.evaluate(() => document.querySelector('[data-testid=key-row] .cell-name a').focus());
    await page.keyboard.press('Enter');
    await tabTo(page, 'rotate');
    await page.keyboard.press('Enter');
    await app.byTest('new-secret').waitFor({ timeout: 15000 });
    const saved = page.getByRole('button', { name: 'I have saved it' });
    while (!(await saved.evaluate(b => b === document.activeElement))) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await app.byTest('revoke-dialog').waitFor();
    assert.equal((await focused(page, '[data-testid=revoke-dialog]')).inside, true);
    if (await app.byTest('confirm-name').count()) {
      const old = await app.byTest('revoke-dialog').locator('dd').first().textContent();
      await tabTo(page, 'confirm-name');
      await page.keyboard.type(old);
    }
    await tabTo(page, 'confirm-revoke');
    await page.keyboard.press('Enter');
    await app.byTest('rotation-done').waitFor({ timeout: 15000 });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Rotation complete');

    // Back to the keys, and export what is shown.
    await tabTo(page, 'rotation-back');
    await page.keyboard.press('Enter');
    await app.byTest('keys-table').waitFor();
    await tabTo(page, 'export-csv');
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\r\n');
    const shown = Number((await app.byTest('key-summary').textContent()).match(/Showing (\d+) of/)[1]);
    assert.equal(csv.length - 1, shown);
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});
