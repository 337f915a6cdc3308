// The house (issue 19) as a user meets it: a list that fails part-way keeps what it read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, startEmulator, launch, shot, Keyward, connectedTo } from './lib.mjs';

let site, emu;
before(async () => {
  site = await serveDist();
  // More projects than one page of 100, so the project list takes two pages.
  emu = await startEmulator(['--projects', '120', '--keys-per-project', '1', '--seed', '19']);
});
after(async () => { emu.close(); await site.close(); });

test('a project list whose cursor repeats keeps its first page on screen, marked incomplete', async () => {
  const first = (await emu.api('/organization/projects?limit=100&include_archived=true')).body;
  assert.equal(first.has_more, true);
  assert.equal(first.data.length, 100);
  // The second page answers with the first again: its cursor repeats. Several jobs read the
  // list at connect (the scan, the guard rails, keyless) and which asks first is a race, so
  // every second page read with archived projects (as the scan reads it) repeats.
  await emu.control({ scripted: [{ method: 'GET', path_contains: '/organization/projects', query_contains: 'include_archived=true&after=', status: 200, json: JSON.stringify(first), times: 20 }] });
  const { context, page, errors } = await launch();
  const app = new Keyward(page);
  try {
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.projects();
    const note = app.byTest('projects-incomplete');
    await note.waitFor();
    assert.match(await note.textContent(), /incomplete: 100 projects read, then Broken list paging/);
    // What the first page named is on screen (archived ones too: they are shown by default).
    assert.equal(await app.byTest('projects-table').locator('tbody tr').count(), 50, 'a page of rows shows');
    assert.match(await page.locator('main').textContent(), /100 projects/);
    const firstName = first.data[0].name;
    await app.byTest('project-search').fill(firstName);
    await app.byTest('projects-table').getByText(firstName).first().waitFor();
    // A repeated cursor can't be resumed: the way on is to start over.
    await page.getByRole('button', { name: 'Start over' }).waitFor();
    await shot(page, 'house-projects-incomplete');
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

/** Waits until the emulator has had no request for `quietMs`. */
async function settled(quietMs = 1200) {
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const n = (await emu.requests()).length;
    if (n === last) return;
    last = n;
    await new Promise(r => setTimeout(r, quietMs));
  }
}

/** Connected, on a project's Users tab; returns the project, its first user and the page. */
async function onUsersTab() {
  await emu.control({});
  const projects = (await emu.api('/organization/projects?limit=100')).body.data;
  let project, user;
  for (const p of projects) {
    const users = (await emu.api(`/organization/projects/${p.id}/users?limit=100`)).body.data;
    if (users.length > 0) { project = p; user = users[0]; break; }
  }
  assert.ok(project, 'a project with users');
  const l = await connectedTo(site, emu);
  const app = l.app;
  await l.page.goto(site.url + `#/projects/${project.id}/users`);
  await app.byTest('project-users-table').waitFor();
  return { ...l, app, project, user };
}

test('a role change re-reads that tab only, and its select keeps the focus', async () => {
  const { context, page, errors, app, project, user } = await onUsersTab();
  try {
    await settled();
    await fetch(emu.base.replace(/\/v1$/, '/__requests'), { method: 'DELETE' });
    const select = page.locator(`tr[data-user-id="${user.id}"]`).getByTestId('user-role');
    const other = user.role === 'owner' ? 'member' : 'owner';
    await select.focus();
    await select.selectOption(other);
    await page.getByText(`is now ${other}.`).first().waitFor();
    await settled(800);
    const sent = (await emu.requests()).map(r => `${r.method} ${r.path.replace(/\?.*$/, '')}`);
    const base = `/v1/organization/projects/${project.id}/users`;
    assert.deepEqual(sent, [`POST ${base}/${user.id}`, `GET ${base}`], 'the write, then that tab re-read: nothing else');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.dataset.testid === 'user-role' ? el.closest('tr')?.dataset.userId : el?.tagName;
    });
    assert.equal(focused, user.id, 'the select that was changed keeps the focus');
    assert.equal(await select.inputValue(), other);
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test('the project list is read once per session, shared by every page that names projects', async () => {
  await emu.control({});
  // How many pages of 100 the whole list takes (archived projects too, as it is read).
  let pages = 0;
  for (let after = ''; ; pages++) {
    const page = (await emu.api(`/organization/projects?limit=100&include_archived=true${after}`)).body;
    if (!page.has_more) { pages++; break; }
    after = `&after=${page.last_id}`;
  }
  const listed = async () => (await emu.requests()).filter(r => r.method === 'GET' && r.path === '/v1/organization/projects').length;
  await fetch(emu.base.replace(/\/v1$/, '/__requests'), { method: 'DELETE' });
  const { context, page, errors, app } = await connectedTo(site, emu);
  try {
    await settled();
    const atConnect = await listed();
    // The key's check (one short page), the scan's list, and at most one list more, which the
    // guard rails and keyless share. Each read its own before: two lists more.
    assert.ok(atConnect <= 1 + 2 * pages, `${atConnect} requests for the project list at connect`);
    for (const view of ['invites', 'roles', 'groups', 'certificates', 'keyless', 'audit', 'spend']) {
      await page.goto(`${site.url}#/${view}`);
      await page.locator('main h1').first().waitFor();
      await settled(800);
    }
    assert.equal(await listed(), atConnect, 'no page read the project list again');
    // A project made elsewhere: "Read again" reads the list anew, once, and the project joins.
    const made = (await emu.api('/organization/projects', { method: 'POST', body: JSON.stringify({ name: 'made-elsewhere' }) })).body;
    await app.byTest('spend-refresh').click();
    await page.locator(`tr[data-project-id="${made.id}"]`).waitFor();
    await settled(800);
    const now = await listed();
    assert.ok(now > atConnect && now <= atConnect + pages + 1, `${now - atConnect} requests to read the list again`);
    assert.deepEqual(errors, []);
  } finally { await context.close(); }
});

test("a write's toast appears after the user has left the page that started it", async () => {
  const { context, page, errors, app, project, user } = await onUsersTab();
  try {
    await settled();
    await emu.control({ latency_ms: 800 });
    const other = user.role === 'owner' ? 'member' : 'owner';
    await page.locator(`tr[data-user-id="${user.id}"]`).getByTestId('user-role').selectOption(other);
    // Away before the answer arrives.
    await app.nav('nav-keys');
    await app.byTest('key-summary').waitFor();
    await page.getByText(`is now ${other}.`).first().waitFor({ timeout: 10_000 });
    await shot(page, 'house-toast-after-leaving');
    const now = (await emu.api(`/organization/projects/${project.id}/users?limit=100`)).body.data;
    assert.equal(now.find(u => u.id === user.id).role, other, 'the write happened, once');
    assert.deepEqual(errors, []);
  } finally { await emu.control({}); await context.close(); }
});

test('every section is a click or two away, at 1280 px and in the popup, by keyboard too', async () => {
  const sections = ['nav-review', 'nav-projects', 'nav-keys', 'nav-admin-keys', 'nav-people', 'nav-audit'];
  for (const [width, height, scheme] of [[1280, 800, 'light'], [400, 600, 'dark']]) {
    const { context, page, errors } = await launch({ width, height, colorScheme: scheme });
    const app = new Keyward(page);
    try {
      await page.goto(site.url + '#/demo');
      await app.projects();
      const narrow = width < 600;
      // Wide: every link in the bar; narrow: behind one Menu button, and the bar fits.
      for (const id of sections) assert.equal(await app.byTest(id).isVisible(), !narrow, `${id} at ${width}`);
      const overflow = await page.evaluate(() => { const h = document.querySelector('.topbar'); return h.scrollWidth - h.clientWidth; });
      assert.ok(overflow <= 0, `the bar overflows by ${overflow}px`);
      for (const id of sections) {
        await app.nav(id);
        await page.waitForFunction(t => document.querySelector(`[data-testid="${t}"]`)?.getAttribute('aria-current') === 'page', id);
      }
      if (narrow) {
        // Keyboard: Enter opens the menu, Tab reaches its links, Escape closes it and gives the focus back.
        await app.byTest('nav-toggle').focus();
        await page.keyboard.press('Enter');
        assert.equal(await app.byTest('nav-toggle').getAttribute('aria-expanded'), 'true');
        await page.keyboard.press('Tab');
        // The first link in the menu: Review, the first section.
        assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'nav-review');
        await shot(page, 'house-nav-popup-dark');
        await page.keyboard.press('Escape');
        assert.equal(await app.byTest('nav-toggle').getAttribute('aria-expanded'), 'false');
        assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'nav-toggle');
        assert.equal(await app.byTest('nav-audit').isVisible(), false);
      } else {
        await shot(page, 'house-nav-desktop-light');
      }
      assert.deepEqual(errors, []);
    } finally { await context.close(); }
  }
});
