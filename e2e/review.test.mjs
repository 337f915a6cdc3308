// Review (issue 26): every check with its result, the score, a written policy (refused with the
// line when invalid, a check switched off with its reason, kept in the browser without the key),
// a fix run as a reviewed job (an unticked key never sent), a report exported then compared with
// the one after the fix; against the emulator, a refusal, then a Retry that sends only the rest.
// In the demo and against the emulator, at 1280 px and 400×600, axe in both schemes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, serveDist, startEmulator, launch, shot, Keyward, a11yViolations } from './lib.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

const check = (page, id) => page.locator(`[data-testid=review-check][data-check="${id}"]`);
/** Waits until every check that can be read has been (the scan, the guard rails and the reads). */
const settled = page => page.waitForFunction(() => {
  const rows = [...document.querySelectorAll('[data-testid=review-check]')];
  return rows.length > 20 && rows.every(r => r.dataset.result !== 'not-checked');
}, null, { timeout: 90000 });
const failing = async (page, id) => Number((await check(page, id).getByTestId('review-failing').textContent()).match(/\d+/)[0]);

for (const [scheme, width, height] of [['light', 1280, 900], ['dark', 400, 600]]) {
  test(`demo, ${scheme} ${width}px: checks and score, the policy, a fix with one key unticked, the report compared`, async () => {
    const { context, page, errors } = await launch({ colorScheme: scheme, width, height });
    const app = new Keyward(page);
    try {
      await page.goto(site.url + '#/demo');
      // The Review is the first screen.
      await app.byTest('review-page').waitFor();
      assert.match(page.url(), /#\/review$/);
      await settled(page);
      const results = await page.locator('[data-testid=review-check]').evaluateAll(rs => rs.map(r => r.dataset.result));
      assert.ok(results.includes('pass') && results.filter(r => r === 'fail').length >= 5, results.join());
      assert.match(await app.byTest('review-score').textContent(), /^\d+/);
      assert.deepEqual(await a11yViolations(page), [], 'axe on Review');
      await shot(page, `review-${scheme}-${width}`);
      // A failing count links to the view that lists exactly those keys.
      assert.equal(await check(page, 'KEY-OWNER-LEFT').getByTestId('review-failing').getAttribute('href'), '#/keys?finding=owner-left');

      // The policy: invalid JSON refused with its line, nothing kept; then KEY-AGE switched off.
      await app.byTest('policy-edit').click();
      await app.byTest('policy-text').fill('{\n  "version": 1,\n  "max_owners": 2\n  "unused_days": 30\n}');
      await app.byTest('policy-save').click();
      await app.byTest('policy-dialog').getByText(/Line 4: not valid JSON/).waitFor();
      await app.byTest('policy-text').fill('{\n  "version": 9\n}');
      await app.byTest('policy-save').click();
      await app.byTest('policy-dialog').getByText(/Line 2: version 9 is newer/).waitFor();
      assert.deepEqual(await a11yViolations(page), [], 'axe on the policy');
      await app.byTest('policy-text').fill('{"version": 1, "off": {"KEY-AGE": "Rotated yearly by the vault."}}');
      await app.byTest('policy-save').click();
      await check(page, 'KEY-AGE').and(page.locator('[data-result=off]')).getByText('Off: Rotated yearly by the vault.').waitFor();
      const kept = await page.evaluate(() => localStorage.getItem('keyward.kept.policy'));
      assert.match(kept, /Rotated yearly/);

      // The report before the fix.
      const [download] = await Promise.all([page.waitForEvent('download'), app.byTest('report-export').click()]);
      const earlier = join(ARTIFACTS, `review-report-before-${scheme}.json`);
      await download.saveAs(earlier);
      assert.equal(JSON.parse(readFileSync(earlier, 'utf8')).policy.off['KEY-AGE'], 'Rotated yearly by the vault.');

      // Fix: revoke the keys whose owner left, one unticked (and so never sent).
      const n = await failing(page, 'KEY-OWNER-LEFT');
      await check(page, 'KEY-OWNER-LEFT').getByTestId('review-fix').click();
      await app.byTest('fix-dialog').waitFor();
      assert.equal(await app.byTest('fix-item').count(), n);
      await app.byTest('fix-item').first().uncheck();
      await app.byTest('fix-review').click();
      await app.byTest('bulk-confirm').fill(String(n - 1));
      await app.byTest('bulk-go').click();
      await app.byTest('tally-summary').getByText(`Revoked ${n - 1} of ${n - 1} keys.`).waitFor({ timeout: 60000 });
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => /^1 failing$/.test(document.querySelector('[data-check="KEY-OWNER-LEFT"] [data-testid=review-failing]')?.textContent ?? ''));

      // The earlier report compared with now: the revoked keys fixed, the unticked one still failing.
      await app.byTest('report-import').setInputFiles(earlier);
      const change = page.locator('[data-testid=review-change][data-check="KEY-OWNER-LEFT"]');
      await change.getByText(`${n - 1} fixed, 0 new, 1 still failing`).waitFor();
      assert.deepEqual(await a11yViolations(page), [], 'axe with the comparison');

      // Fix: a spend limit on the projects without one, one unticked, through the guard rail review.
      const m = await failing(page, 'RAILS-LIMIT');
      await check(page, 'RAILS-LIMIT').getByTestId('review-fix').click();
      await app.byTest('fix-item').first().uncheck();
      await app.byTest('fix-review').click();
      await app.byTest('bulk-rails-amount').fill('50');
      await app.byTest('bulk-rails-review-btn').click();
      assert.equal(await app.byTest('bulk-rails-review').locator('li').count(), m - 1, 'the unticked project is not listed');
      await app.byTest('bulk-rails-confirm').fill(String(m - 1));
      await app.byTest('bulk-rails-go').click();
      await app.byTest('job-status').getByText('Finished').waitFor({ timeout: 30000 });
      await app.byTest('bulk-rails-close').click();
      await page.waitForFunction(() => /^1 failing$/.test(document.querySelector('[data-check="RAILS-LIMIT"] [data-testid=review-failing]')?.textContent ?? ''));

      // Fix: delete the expired invites, through the Review's own reviewed run.
      const e = await failing(page, 'INVITES-EXPIRED');
      await check(page, 'INVITES-EXPIRED').getByTestId('review-fix').click();
      assert.equal(await app.byTest('fix-item').count(), e);
      await app.byTest('fix-review').click();
      assert.equal(await app.byTest('writes-review').locator('li').count(), e);
      assert.ok(await app.byTest('writes-go').isDisabled(), 'nothing is sent before the count is typed');
      assert.deepEqual(await a11yViolations(page), [], 'axe on the fix review');
      await shot(page, `review-writes-${scheme}-${width}`);
      await app.byTest('writes-confirm').fill(String(e));
      await app.byTest('writes-go').click();
      await app.byTest('writes-summary').getByText(`${e} of ${e} done.`).waitFor({ timeout: 30000 });
      await app.byTest('writes-close').click();
      await check(page, 'INVITES-EXPIRED').and(page.locator('[data-result=pass]')).waitFor();

      // Fix: an expiry on keys that have none, 30 days out; only the expiry is sent.
      const x = await failing(page, 'KEY-NO-EXPIRY');
      await check(page, 'KEY-NO-EXPIRY').getByTestId('review-fix').click();
      await app.byTest('fix-item').first().uncheck();
      await app.byTest('fix-item').nth(1).uncheck();
      await app.byTest('fix-review').click();
      await app.byTest('writes-days').fill('30');
      await app.byTest('writes-confirm').fill(String(x - 2));
      await app.byTest('writes-go').click();
      await app.byTest('writes-summary').getByText(`${x - 2} of ${x - 2} done.`).waitFor({ timeout: 90000 });
      assert.match(await app.byTest('writes-outcomes').locator('li').first().textContent(), /Expires /);
      await app.byTest('writes-close').click();
      await page.waitForFunction(() => /^2 failing$/.test(document.querySelector('[data-check="KEY-NO-EXPIRY"] [data-testid=review-failing]')?.textContent ?? ''));
      if (width === 1280) {
        await page.emulateMedia({ media: 'print' });
        await page.evaluate(() => document.querySelectorAll('details.review-items').forEach(d => { d.open = true; }));
        writeFileSync(join(ARTIFACTS, 'review-report.pdf'), await page.pdf({ format: 'A4', printBackground: false }));
        await page.emulateMedia({ media: 'screen' });
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

for (const [width, height] of [[1280, 900], [400, 600]]) test(`emulator, ${width}px: a fix with one refusal, then a Retry that sends only the rest; each DELETE once`, async () => {
  const emu = await startEmulator();
  const { context, page, errors } = await launch({ width, height });
  const app = new Keyward(page);
  try {
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.projects();
    await app.nav('nav-review');
    await settled(page);
    const n = await failing(page, 'KEY-NEVER-USED');
    assert.ok(n >= 2, `never-used keys: ${n}`);
    await check(page, 'KEY-NEVER-USED').getByTestId('review-fix').click();
    const first = await app.byTest('fix-item').first().getAttribute('data-item-id');
    await app.byTest('fix-review').click();
    await app.byTest('bulk-confirm').fill(String(n));
    // The first key's revoke is refused once.
    await emu.control({ scripted: [{ method: 'DELETE', path_contains: first, status: 403, times: 1 }] });
    await app.byTest('bulk-go').click();
    await app.byTest('tally-summary').getByText(`Revoked ${n - 1} of ${n} keys`, { exact: false }).waitFor({ timeout: 60000 });
    await app.byTest('job-retry').click();
    await app.byTest('tally-summary').getByText('Revoked 1 of 1 key.').waitFor({ timeout: 60000 });
    const deletes = (await emu.requests()).filter(r => r.method === 'DELETE').map(r => r.path.split('/').pop());
    assert.equal(deletes.length, n + 1);
    assert.equal(new Set(deletes).size, n);
    assert.equal(deletes.filter(d => d === first).length, 2, 'the refused key, sent again by Retry');
    await page.keyboard.press('Escape');
    await check(page, 'KEY-NEVER-USED').and(page.locator('[data-result=pass]')).waitFor();
    assert.deepEqual(await a11yViolations(page), [], 'axe after the fix');
    await shot(page, `review-emulator-${width}`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    emu.close();
  }
});

test('emulator: the Review is the first screen; a read refused is not checked, and Read again reads it', async () => {
  const emu = await startEmulator();
  const { context, page, errors } = await launch({});
  const app = new Keyward(page);
  try {
    // The invites list is refused once: its checks cannot pass, they say why.
    await emu.control({ scripted: [{ method: 'GET', path_contains: '/organization/invites', status: 403, times: 1 }] });
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.byTest('review-page').waitFor();
    assert.match(page.url(), /#\/review$/);
    const invites = check(page, 'INVITES-OLD');
    await invites.and(page.locator('[data-result=not-checked]')).waitFor({ timeout: 60000 });
    await app.byTest('review-read-again').click();
    await page.waitForFunction(() => {
      const r = document.querySelector('[data-check="INVITES-OLD"]')?.dataset.result;
      return r === 'pass' || r === 'fail';
    }, null, { timeout: 60000 });
    await app.byTest('review-read-failed').waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    emu.close();
  }
});
