// The house (issue 19) as a user meets it: a list that fails part-way keeps what it read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, startEmulator, launch, shot, Keyward } from './lib.mjs';

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
  // The second page answers with the first again: its cursor repeats.
  await emu.control({ scripted: [{ method: 'GET', path_contains: '/organization/projects', query_contains: 'after=', status: 200, json: JSON.stringify(first), times: 5 }] });
  const { context, page, errors } = await launch();
  const app = new Keyward(page);
  try {
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.byTest('projects-table').waitFor();
    const note = app.byTest('projects-incomplete');
    await note.waitFor();
    assert.match(await note.textContent(), /incomplete: 100 projects read, then Broken list paging/);
    // What the first page named is on screen (archived ones behind their toggle).
    await app.byTest('show-archived').check();
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
