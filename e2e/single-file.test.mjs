// The single file (issue 24): dist/keyward.html copied alone into an empty folder and opened from
// file:// in Chromium and in Firefox: its hash checks out, the connect screen says what a file
// changes, the demo runs to a revoke in its blob: worker, it connects to the emulator and lists
// keys, Lock leaves no key in storage, and nothing is logged to the console (no CSP report).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, startEmulator, launch, shot, Keyward, a11yViolations } from './lib.mjs';
import { startFirefox } from './firefox.mjs';

let url, build;
before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-file-'));
  copyFileSync(join(DIST, 'keyward.html'), join(dir, 'keyward.html'));
  url = pathToFileURL(join(dir, 'keyward.html')).href;
  build = readFileSync(join(DIST, 'index.html'), 'utf8').match(/name="keyward-build" content="([0-9a-f]+)"/)[1];
});

test('the single file: its published SHA-256 matches, and its CSP allows nothing inline but its own hashes', () => {
  const file = readFileSync(new URL(url));
  const [published, name] = readFileSync(join(DIST, 'keyward.html.sha256'), 'utf8').trim().split(/\s+/);
  assert.equal(name, 'keyward.html');
  assert.equal(createHash('sha256').update(file).digest('hex'), published);
  const html = file.toString('utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|'self'/);
  assert.match(csp, /worker-src blob:/);
  // Nothing is fetched: no src= or href= but data: URLs.
  assert.deepEqual([...html.matchAll(/\s(?:src|href)="(?!data:)([^"]*)"/g)].map(m => m[1]), []);
  // One script runs (the module); the others are data blocks, never run.
  const types = [...html.matchAll(/<script([^>]*)>/g)].map(m => m[1].trim());
  assert.deepEqual(types.filter(t => !/type="(application\/octet-stream|text\/plain)"/.test(t)), ['type="module"']);
});

for (const [scheme, width, height] of [['light', 1280, 900], ['dark', 400, 600]]) {
  test(`Chromium, ${scheme} ${width}px, from file://: the demo to a revoke, the emulator's keys, Lock; a clean console`, async () => {
    const emu = await startEmulator();
    const { context, page, errors } = await launch({ colorScheme: scheme, width, height });
    const app = new Keyward(page);
    try {
      await page.goto(url);
      await app.byTest('admin-key').waitFor();
      assert.match(await app.byTest('file-note').textContent(), /SHA-256/);
      assert.match(await page.locator('#key-help').textContent(), /shared with other local files/);
      assert.equal(await app.byTest('about').textContent(), `Keyward 0.1.0 · build ${build}`);
      assert.deepEqual(await a11yViolations(page), [], 'axe on Connect from a file');
      await shot(page, `single-file-connect-chromium-${scheme}-${width}`);

      // The demo, its organization in a worker started from a blob: URL.
      await app.byTest('try-demo').click();
      await app.projects();
      await shot(page, `single-file-demo-chromium-${scheme}-${width}`);
      // Every view opens from the file.
      for (const id of ['nav-review', 'nav-admin-keys', 'nav-keyless', 'nav-people', 'nav-certificates', 'nav-spend', 'nav-audit', 'nav-projects']) {
        await app.nav(id);
        await page.waitForFunction(id => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('aria-current') === 'page', id);
        await page.locator('main h1').first().waitFor();
      }
      await app.nav('nav-keys');
      const row = page.locator('tr[data-key-id]').first();
      await row.waitFor();
      await row.getByTestId('revoke').click();
      await app.byTest('revoke-dialog').waitFor();
      const word = app.byTest('revoke-dialog').locator('label code');
      await app.confirmRevoke((await word.count()) ? await word.textContent() : '');
      await page.getByText(/Revoked “/).first().waitFor();
      await app.byTest('lock').click();

      // The emulator, called from the origin "null".
      await app.connect(emu.key, emu.base);
      await app.byTest('lock').getByText('Lock').waitFor();
      await app.nav('nav-keys');
      await page.locator('tr[data-key-id]').first().waitFor();
      assert.ok(await page.evaluate(() => sessionStorage.getItem('keyward.session')));
      await app.byTest('lock').click();
      await app.byTest('admin-key').waitFor();
      const kept = await page.evaluate(k => Object.values(sessionStorage).concat(Object.values(localStorage)).some(v => v.includes(k)), emu.key);
      assert.equal(kept, false, 'no key in storage after Lock');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      emu.close();
    }
  });
}

test('Firefox, from file://: the demo to a revoke, the emulator\'s keys, Lock; a clean console', async () => {
  const emu = await startEmulator();
  const ff = await startFirefox({ width: 1280, height: 900 });
  try {
    await ff.go(url);
    await ff.find('[data-testid=admin-key]');
    assert.match(await ff.text('[data-testid=about]'), new RegExp(`build ${build}`));
    await ff.find('[data-testid=file-note]');
    await ff.shot('single-file-connect-firefox');
    await ff.click('[data-testid=try-demo]');
    await ff.find('[data-testid=review-page]');
    await ff.eval('location.hash = "#/projects";');
    await ff.find('[data-testid=projects-table]');
    await ff.shot('single-file-demo-firefox');
    await ff.eval('location.hash = "#/keys";');
    await ff.find('tr[data-key-id]');
    const id = await ff.eval('return document.querySelector("tr[data-key-id]").dataset.keyId;');
    await ff.click(`tr[data-key-id="${id}"] [data-testid=revoke]`);
    await ff.find('[data-testid=revoke-dialog]');
    if (await ff.count('[data-testid=confirm-name]')) {
      await ff.type('[data-testid=confirm-name]', await ff.eval('return document.querySelector("[data-testid=revoke-dialog] label code").textContent;'));
    }
    await ff.click('[data-testid=confirm-revoke]');
    await ff.waitFor(async () => /Revoked “/.test(await ff.eval('return document.body.textContent;')), 'the revoke');
    await ff.click('[data-testid=lock]');

    await ff.find('[data-testid=admin-key]');
    await ff.eval('document.querySelector("details.advanced").open = true;');
    await ff.type('[data-testid=base-url]', emu.base);
    await ff.type('[data-testid=admin-key]', emu.key);
    await ff.click('[data-testid=connect]');
    await ff.waitFor(async () => (await ff.text('[data-testid=lock]')) === 'Lock', 'the connection');
    await ff.eval('location.hash = "#/keys";');
    await ff.find('tr[data-key-id]');
    await ff.shot('single-file-keys-firefox');
    await ff.click('[data-testid=lock]');
    await ff.find('[data-testid=admin-key]');
    const kept = await ff.eval('return Object.values(sessionStorage).concat(Object.values(localStorage)).some(v => v.includes(arguments[0]));', emu.key);
    assert.equal(kept, false, 'no key in storage after Lock');
    assert.deepEqual(await ff.consoleErrors(), []);
  } finally {
    await ff.quit();
    emu.close();
  }
});
