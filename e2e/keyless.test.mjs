// Keyless (issue 23): every service account's state, the key-only and mixed findings, "Go
// keyless" checked before sending (a catch-all rule refused, a wildcard warned), the rule made as
// a job, the old keys' revoke offered through the bulk review, and the warnings before a rule is
// disabled or a provider deleted. In the demo and against the emulator, at 1280 px and 400×600,
// with axe in both schemes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, startEmulator, launch, shot, Keyward, a11yViolations } from './lib.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

const rows = page => page.evaluate(() => document.querySelectorAll('[data-testid=sa-row]').length);
const finished = page => page.waitForFunction(() => document.querySelector('[data-testid=job-status]')?.textContent === 'Finished');

/** Fills the matcher rows (adding rows as needed). */
async function matchers(app, page, pairs) {
  while ((await app.byTest('gk-claim').count()) < pairs.length) await page.getByRole('button', { name: 'Add a matcher' }).click();
  for (const [i, [claim, value]] of pairs.entries()) {
    await app.byTest('gk-claim').nth(i).fill(claim);
    await app.byTest('gk-value').nth(i).fill(value);
  }
}

for (const [scheme, width, height] of [['light', 1280, 900], ['dark', 400, 600]]) {
  test(`demo, ${scheme} ${width}px: states, findings, go keyless, then the old keys revoked; axe passes`, async () => {
    const { context, page, errors } = await launch({ colorScheme: scheme, width, height });
    const app = new Keyward(page);
    try {
      await page.goto(site.url + '#/demo');
      await app.byTest('projects-table').waitFor();
      await app.nav('nav-keyless');
      await app.byTest('sa-row').first().waitFor();
      await app.byTest('revoke-old-keys').first().waitFor();
      for (const state of ['keyless', 'mixed', 'key-only']) {
        assert.ok(await page.locator(`[data-testid=sa-row][data-state="${state}"]`).count() > 0, `the demo shows ${state}`);
      }
      for (const f of ['key-only', 'mixed']) {
        const n = Number(await app.byTest(`keyless-finding-${f}`).locator('.chip-count').textContent());
        await app.byTest(`keyless-finding-${f}`).click();
        await page.waitForFunction(n => document.querySelectorAll('[data-testid=sa-row]').length === n, n);
        assert.match(page.url(), new RegExp(`finding=${f}`));
        assert.equal(await page.locator(`[data-testid=sa-row]:not([data-state="${f}"])`).count(), 0);
        await app.byTest(`keyless-finding-${f}`).click();
      }
      assert.deepEqual(await a11yViolations(page), [], 'axe on Keyless');
      await shot(page, `keyless-${scheme}-${width}`);

      // Go keyless: a key-only account, through the GitHub provider.
      const row = page.locator('[data-testid=sa-row][data-state="key-only"]').first();
      const sa = await row.getAttribute('data-sa-id');
      await row.getByTestId('go-keyless').click();
      await app.byTest('go-keyless-dialog').waitFor();
      await app.byTest('gk-provider').selectOption({ index: 0 });
      assert.match(await app.byTest('gk-claims').textContent(), /repository/);
      assert.deepEqual(await a11yViolations(page), [], 'axe on Go keyless');
      await shot(page, `go-keyless-${scheme}-${width}`);
      // Only the branch: any repository on GitHub could sign in. Refused before sending.
      await matchers(app, page, [['ref', 'refs/heads/main']]);
      await app.byTest('gk-create').click();
      await app.byTest('go-keyless-dialog').getByText(/any of its workloads could sign in/).waitFor();
      // A wildcard-looking repository is warned once, then sent as written.
      await matchers(app, page, [['ref', 'refs/heads/main'], ['repository', 'acme/*']]);
      await app.byTest('gk-create').click();
      await app.byTest('gk-warnings').getByText(/matched exactly as written/).waitFor();
      await app.byTest('gk-create').click();
      await finished(page);
      assert.match(await app.byTest('job-note').textContent(), /Rule created/);
      assert.equal(await app.byTest('gk-create').isVisible(), false, 'the form gives way to the job');
      await shot(page, `go-keyless-done-${scheme}-${width}`);
      await app.byTest('go-keyless-close').click();
      await page.locator(`[data-testid=sa-row][data-sa-id="${sa}"][data-state="mixed"]`).first().waitFor();

      // The account whose old keys have been quiet since its rule: they go through the bulk review.
      const quiet = page.locator('[data-testid=sa-row]', { has: app.byTest('revoke-old-keys') }).first();
      const quietId = await quiet.getAttribute('data-sa-id');
      const n = (await quiet.getByTestId('revoke-old-keys').textContent()).match(/(\d+)/)[1];
      await quiet.getByTestId('revoke-old-keys').click();
      await app.byTest('bulk-confirm').fill(n);
      await app.byTest('bulk-go').click();
      await page.waitForFunction(() => /Revoked \d+ of \d+ keys/.test(document.querySelector('[data-testid=tally-summary]')?.textContent ?? ''));
      await page.keyboard.press('Escape');
      await page.locator(`[data-testid=sa-row][data-sa-id="${quietId}"][data-state="keyless"]`).first().waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

for (const [width, height] of [[1280, 900], [400, 600]]) test(`emulator, ${width}px: a new provider checked then made with its rule, each write once; the disable and delete warnings`, async () => {
  const emu = await startEmulator();
  const { context, page, errors } = await launch({ width, height });
  const app = new Keyward(page);
  const writes = async () => (await emu.requests()).filter(r => r.method !== 'GET').map(r => `${r.method} ${r.path.replace(/^\/v1/, '')}`);
  try {
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.byTest('projects-table').waitFor();
    await page.goto(`${site.url}#/keyless`);
    await app.byTest('sa-row').first().waitFor();
    const row = page.locator('[data-testid=sa-row][data-state="key-only"]').first();
    await row.getByTestId('go-keyless').click();
    await app.byTest('gk-provider').selectOption('');
    await app.byTest('gk-preset').selectOption('aws');
    await matchers(app, page, [['sub', 'arn:aws:iam::123456789012:role/deployer']]);
    // The preset's {id} is still there: refused here, nothing sent.
    await app.byTest('gk-create').click();
    await app.byTest('go-keyless-dialog').getByText(/Replace the \{…\} part of the issuer/).waitFor();
    assert.deepEqual(await writes(), []);
    await app.byTest('gk-issuer').fill('https://a1b2c3.tokens.sts.global.api.aws');
    await app.byTest('gk-create').click();
    await finished(page);
    const sent = await writes();
    assert.deepEqual(sent.map(s => s.replace(/wip_\w+/, 'P')), ['POST /organization/workload_identity_providers', 'POST /organization/workload_identity_providers/P/federation_rules']);
    await app.byTest('go-keyless-close').click();
    const aws = page.locator('[data-testid=provider]', { hasText: 'AWS' });
    await aws.waitFor();
    // Disabling the keyless deploy bot's rule says its workload stops working.
    const bot = page.locator('[data-testid=rule]', { hasText: 'main deploys' });
    await bot.getByTestId('rule-toggle').click();
    await app.byTest('keyless-confirm').getByText(/has no key: the workload .* stops working/).waitFor();
    assert.deepEqual(await a11yViolations(page), [], 'axe on the warning');
    await page.getByRole('button', { name: 'Cancel' }).click();
    // Deleting a provider names what loses its sign-in; confirmed, one DELETE.
    await aws.getByTestId('provider-delete').click();
    await app.byTest('keyless-confirm').getByText(/lose their sign-in/).waitFor();
    await shot(page, `keyless-delete-provider-${width}`);
    await app.byTest('keyless-confirm-confirm').click();
    await aws.waitFor({ state: 'detached' });
    const deletes = (await writes()).filter(w => w.startsWith('DELETE'));
    assert.equal(deletes.length, 1);
    const audit = (await emu.api('/organization/audit_logs?limit=20')).body.data.map(e => e.type);
    for (const t of ['workload_identity_provider.created', 'workload_identity_provider_mapping.created', 'workload_identity_provider.deleted']) {
      assert.ok(audit.includes(t), t);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    emu.close();
  }
});
