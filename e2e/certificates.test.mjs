// Certificates (issue 22): validity and where each is active; findings that filter the table;
// a PEM checked before upload (a private key never sent); switching off the last active one
// warns first; each write once. In the demo and against the emulator, at 1280 px and 400×600,
// with axe in both schemes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, startEmulator, launch, shot, Keyward, a11yViolations } from './lib.mjs';

let site;
before(async () => { site = await serveDist(); });
after(async () => { await site.close(); });

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQUJD\n-----END CERTIFICATE-----';
const rows = page => page.evaluate(() => document.querySelectorAll('[data-testid=cert-row]').length);

for (const [scheme, width, height] of [['light', 1280, 860], ['dark', 400, 600]]) {
  test(`demo, ${scheme} ${width}px: certificates, findings, a checked upload; axe passes`, async () => {
    const { context, page, errors } = await launch({ colorScheme: scheme, width, height });
    const app = new Keyward(page);
    try {
      await page.goto(site.url + '#/demo');
      await app.projects();
      await app.nav('nav-certificates');
      await app.byTest('cert-row').first().waitFor();
      const all = await rows(page);
      for (const f of ['expiring', 'expired', 'inactive']) {
        const n = Number(await app.byTest(`cert-finding-${f}`).locator('.chip-count').textContent());
        assert.ok(n > 0, `the demo shows “${f}”`);
        await app.byTest(`cert-finding-${f}`).click();
        await page.waitForFunction(n => document.querySelectorAll('[data-testid=cert-row]').length === n, n);
        await page.waitForFunction(want => location.hash.endsWith(`finding=${want}`), f);
        if (f === 'expiring') {
          // The hash alone brings the same view back.
          await page.reload();
          await app.byTest('cert-row').first().waitFor();
          assert.equal(await rows(page), n);
        }
        await app.byTest(`cert-finding-${f}`).click();
      }
      await page.waitForFunction(n => document.querySelectorAll('[data-testid=cert-row]').length === n, all);
      assert.deepEqual(await a11yViolations(page), [], 'axe on Certificates');
      await shot(page, `certificates-${scheme}-${width}`);
      // A private key pasted by mistake is refused here; a certificate is uploaded, inactive.
      await app.byTest('cert-upload-open').click();
      await app.byTest('cert-pem').fill('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----');
      await app.byTest('cert-upload').click();
      await app.byTest('cert-upload-dialog').getByText(/private key/).waitFor();
      assert.deepEqual(await a11yViolations(page), [], 'axe on the upload form');
      await app.byTest('cert-name').fill('Edge');
      await app.byTest('cert-pem').fill(PEM);
      await app.byTest('cert-upload').click();
      await app.byTest('cert-upload-dialog').waitFor({ state: 'detached' });
      const edge = page.locator('[data-testid=cert-row]', { hasText: 'Edge' });
      await edge.waitFor();
      assert.equal(await edge.getAttribute('data-active'), 'false');
      await edge.getByTestId('cert-toggle').click();
      await page.locator('[data-testid=cert-row][data-active=true]', { hasText: 'Edge' }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

for (const [width, height] of [[1280, 900], [400, 600]]) test(`emulator, ${width}px: the last active certificate warns before it is switched off; each write once`, async () => {
  const emu = await startEmulator();
  const { context, page, errors } = await launch({ width, height });
  const app = new Keyward(page);
  const ctl = emu.base.replace(/\/v1$/, '');
  const writes = async () => (await emu.requests()).filter(r => r.method !== 'GET');
  try {
    const certs = (await emu.api('/organization/certificates?limit=100')).body.data;
    const active = certs.filter(c => c.active);
    assert.ok(active.length >= 2, 'the seeded organization has two active');
    // Leave one active.
    await emu.api('/organization/certificates/deactivate', { method: 'POST', body: JSON.stringify({ certificate_ids: active.slice(1).map(c => c.id) }) });
    await page.goto(site.url);
    await app.connect(emu.key, emu.base);
    await app.projects();
    await page.goto(`${site.url}#/certificates`);
    const row = page.locator(`[data-testid=cert-row][data-cert-id="${active[0].id}"]`);
    await row.waitFor();
    await fetch(`${ctl}/__requests`, { method: 'DELETE' });
    await row.getByTestId('cert-toggle').click();
    await app.byTest('cert-last-dialog').getByText(/mutual TLS stop working/).waitFor();
    assert.deepEqual(await writes(), [], 'nothing sent before the confirmation');
    await app.byTest('cert-last-confirm').click();
    await page.locator(`[data-testid=cert-row][data-cert-id="${active[0].id}"][data-active=false]`).waitFor();
    const sent = await writes();
    assert.equal(sent.length, 1);
    assert.match(sent[0].path, /\/organization\/certificates\/deactivate$/);
    const log = (await emu.api('/organization/audit_logs?event_types[]=certificates.deactivated&limit=5')).body.data;
    assert.ok(log.length >= 1, 'audited');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    emu.close();
  }
});
