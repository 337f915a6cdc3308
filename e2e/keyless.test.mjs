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
      await app.projects();
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
    await app.projects();
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
    // The new rule edited: only its matchers sent, once, and read back as sent.
    const before = (await writes()).length;
    await aws.getByTestId('rule-edit').click();
    await app.byTest('gk-value').first().fill('arn:aws:iam::123456789012:role/releaser');
    await app.byTest('rule-save').click();
    await app.byTest('rule-edit-dialog').waitFor({ state: 'detached' });
    await aws.getByText(/role\/releaser/).waitFor();
    const edits = (await writes()).slice(before);
    assert.deepEqual(edits.map(s => s.replace(/wip_\w+/, 'P').replace(/wifr_\w+/, "R")), ['POST /organization/workload_identity_providers/P/federation_rules/R']);
    const pid = await aws.getAttribute('data-provider-id');
    const [made] = (await emu.api(`/organization/workload_identity_providers/${pid}/federation_rules`)).body.data;
    assert.deepEqual(made.attribute_matchers, { sub: 'arn:aws:iam::123456789012:role/releaser' });
    // The provider's keys uploaded here: a JWKS without "keys" refused, then one sent and kept.
    await aws.getByTestId('provider-edit').click();
    await app.byTest('verify-jwks').check();
    await app.byTest('gk-jwks').fill('{"kid": "1"}');
    await app.byTest('provider-save').click();
    await app.byTest('provider-edit-dialog').getByText(/must have a "keys" list/).waitFor();
    await app.byTest('gk-jwks').fill('{"keys": [{"kty": "RSA", "kid": "k1", "n": "AQAB", "e": "AQAB"}]}');
    assert.deepEqual(await a11yViolations(page), [], 'axe on the provider edit');
    await app.byTest('provider-save').click();
    await app.byTest('provider-edit-dialog').waitFor({ state: 'detached' });
    assert.equal((await writes()).length, before + 2);
    const kept = (await emu.api(`/organization/workload_identity_providers/${pid}`)).body;
    assert.equal(kept.verification?.type, 'uploaded_jwks');
    assert.equal(kept.verification.jwks.keys[0].kid, 'k1');
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

test('demo, light 400×600: each guided step, the quiet days chosen, rules and providers edited, the old keys on the account\'s own tab', async () => {
  const { context, page, errors } = await launch({ colorScheme: 'light', width: 400, height: 600 });
  const app = new Keyward(page);
  const step = async (heading, name) => {
    await app.byTest('go-keyless-dialog').getByRole('heading', { name: heading }).scrollIntoViewIfNeeded();
    await shot(page, `go-keyless-step-${name}-light-400`);
  };
  try {
    await page.goto(site.url + '#/demo');
    await app.projects();
    await app.nav('nav-keyless');
    const quiet = page.locator('[data-testid=sa-row]', { has: app.byTest('revoke-old-keys') }).first();
    await quiet.waitFor();
    const [sa, project] = [await quiet.getAttribute('data-sa-id'), await quiet.getAttribute('data-project-id')];
    const quietRow = page.locator(`[data-testid=sa-row][data-sa-id="${sa}"]`);
    // Its rule is 45 days old: asking for 60 quiet days withdraws the offer, 14 brings it back.
    await app.byTest('quiet-days').fill('60');
    await app.byTest('quiet-days').press('Tab');
    await quietRow.getByTestId('revoke-old-keys').waitFor({ state: 'detached' });
    await app.byTest('quiet-days').fill('14');
    await app.byTest('quiet-days').press('Tab');
    await quietRow.getByTestId('revoke-old-keys').waitFor();

    // The guided move, one screenshot per step.
    await page.locator('[data-testid=sa-row][data-state="key-only"]').first().getByTestId('go-keyless').click();
    await app.byTest('gk-provider').selectOption('');
    await app.byTest('gk-preset').selectOption('github');
    await app.byTest('gk-audience').fill('https://github.com/acme');
    await step(/1\. Where/, '1-provider');
    await app.byTest('verify-jwks').check();
    await app.byTest('gk-jwks').waitFor();
    await shot(page, 'go-keyless-step-1-jwks-light-400');
    await app.byTest('verify-discovery').check();
    await matchers(app, page, [['repository', 'acme/web'], ['environment', 'production']]);
    await step(/2\. Which tokens/, '2-matchers');
    await app.byTest('gk-restricted').check();
    await step(/3\. What it may do/, '3-permissions');
    await page.locator('[data-testid=go-keyless-dialog] .scope-list input[type=checkbox]').first().check();
    assert.deepEqual(await a11yViolations(page), [], 'axe on the guided move');
    await app.byTest('gk-create').click();
    await finished(page);
    await shot(page, 'go-keyless-step-4-done-light-400');
    await app.byTest('go-keyless-close').click();

    // A rule's matchers edited in place.
    const rule = page.locator('[data-testid=rule]', { hasText: 'pipelines' });
    await rule.getByTestId('rule-edit').click();
    await app.byTest('rule-edit-dialog').waitFor();
    assert.equal(await app.byTest('gk-value').first().inputValue(), 'acme/etl');
    await app.byTest('gk-value').first().fill('acme/etl-v2');
    assert.deepEqual(await a11yViolations(page), [], 'axe on the rule edit');
    await shot(page, 'keyless-rule-edit-light-400');
    await app.byTest('rule-save').click();
    await page.locator('[data-testid=rule]', { hasText: 'acme/etl-v2' }).waitFor();
    // Saving again with nothing changed sends nothing and says so.
    await page.locator('[data-testid=rule]', { hasText: 'acme/etl-v2' }).getByTestId('rule-edit').click();
    await app.byTest('rule-save').click();
    await app.byTest('rule-edit-dialog').getByText('Nothing changed.').waitFor();
    await page.keyboard.press('Escape');

    // The quiet account's own tab lists each old key against the rule, and offers their revoke.
    await page.goto(`${site.url}#/projects/${project}/service-accounts`);
    const watched = page.locator(`[data-testid=old-keys-account][data-sa-id="${sa}"]`);
    await watched.waitFor();
    const since = await watched.getByTestId('old-key').evaluateAll(els => els.map(e => e.dataset.since));
    assert.ok(since.length > 0);
    assert.ok(since.every(s => s !== 'used after the rule'), since.join());
    await watched.getByTestId('revoke-old-keys').waitFor();
    assert.deepEqual(await a11yViolations(page), [], 'axe on the old keys');
    await watched.scrollIntoViewIfNeeded();
    await shot(page, 'keyless-old-keys-tab-light-400');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
