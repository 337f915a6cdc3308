// Shared helpers for the end-to-end tests: serve dist/, start the emulator, launch Chromium.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, mkdirSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png' };

/** Serves dist/ on 127.0.0.1 (a random port). */
export async function serveDist() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `trunk build --release --offline` first');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = join(DIST, path === '/' ? 'index.html' : path);
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) { res.writeHead(404); res.end('not found'); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise(r => server.close(r)) };
}

/** Starts the Admin API emulator; resolves once it listens. */
export async function startEmulator(args = []) {
  const bin = join(ROOT, 'target', 'debug', 'keyward-emulator');
  const key = 'sk-admin-e2e-emulator-0000';
  const child = spawn(bin, ['--port', '0', '--admin-key', key, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', d => { out += d; const m = out.match(/Keyward emulator: (http\S+)/); if (m) ok(m[1]); });
    child.on('exit', code => fail(new Error(`emulator exited (${code}): ${out}`)));
    setTimeout(() => fail(new Error('emulator did not start')), 15000);
  });
  const root = base.replace(/\/v1$/, '');
  const api = async (path, init = {}) => {
    const r = await fetch(base + path, { ...init, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
    return { status: r.status, body: await r.json() };
  };
  return {
    base, key, api,
    control: cfg => fetch(`${root}/__control`, { method: 'POST', body: JSON.stringify(cfg) }),
    requests: async () => (await fetch(`${root}/__requests`)).json(),
    close: () => child.kill(),
  };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A fresh Chromium profile. `extension`: a directory to load as an unpacked extension. */
export async function launch({ width = 1280, height = 860, colorScheme = 'light', extension } = {}) {
  const options = {
    executablePath: '/usr/bin/chromium', headless: true, colorScheme,
    viewport: { width, height }, args: [...CHROMIUM_ARGS],
  };
  if (extension) {
    options.ignoreDefaultArgs = ['--disable-extensions'];
    options.args.push(`--disable-extensions-except=${extension}`, `--load-extension=${extension}`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'keyward-e2e-'));
  const context = await chromium.launchPersistentContext(profile, options);
  // A profile is ~70 MB; hundreds of them once filled a disk. Removed once Chromium has exited
  // (on 'close' it may still be writing); what is left goes with the test run's temp dir.
  const close = context.close.bind(context);
  context.close = async (...a) => {
    await close(...a);
    try { rmSync(profile, { recursive: true, force: true, maxRetries: 3 }); } catch { /* left to scripts/test.sh */ }
  };
  const errors = [];
  const watch = p => {
    p.on('pageerror', e => errors.push(e.message));
    p.on('console', m => { if (counts(m.type(), m.text())) errors.push(`console ${m.type()}: ${m.text()}`); });
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);
  return { context, errors, page: context.pages()[0] ?? await context.newPage() };
}

/**
 * Whether a console message fails a test: every error, and any warning about the Content
 * Security Policy. Left out: Chromium's line for an HTTP error answer ("Failed to load resource:
 * the server responded with a status of 503"), which tests provoke on purpose; the app's own
 * handling of that answer is what they check.
 */
export function counts(type, text) {
  if (/Content.Security.Policy/i.test(text)) return type === 'error' || type === 'warning';
  return type === 'error' && !/^Failed to load resource: the server responded with a status of \d+/.test(text);
}

/** A fresh Chromium, connected to the emulator through the served page, then on Projects. */
export async function connectedTo(site, emu, opts = {}) {
  const l = await launch(opts);
  const app = new Keyward(l.page);
  await l.page.goto(site.url);
  await app.connect(emu.key, emu.base);
  await app.projects();
  return { ...l, app };
}

export const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

/** Page object for the app. */
export class Keyward {
  constructor(page) { this.page = page; }
  byTest(id) { return this.page.getByTestId(id); }
  /** Connected (or in the demo), the first screen is the Review; this goes on to Projects. */
  async projects() {
    await this.byTest('review-page').or(this.byTest('projects-table')).first().waitFor();
    if (!(await this.byTest('projects-table').isVisible())) await this.nav('nav-projects');
    await this.byTest('projects-table').waitFor();
  }
  async connect(key, base) {
    const p = this.page;
    await this.byTest('admin-key').waitFor();
    if (base) {
      await p.getByText('Advanced').click();
      await this.byTest('base-url').fill(base);
    }
    await this.byTest('admin-key').fill(key);
    await this.byTest('connect').click();
  }
  async openProject(id) {
    if (!(await this.byTest('projects-table').isVisible())) {
      await this.nav('nav-projects');
      await this.byTest('projects-table').waitFor();
    }
    await this.page.locator(`a[href="#/projects/${id}"]`).click();
    await this.byTest('keys-table').or(this.byTest('no-keys')).waitFor();
  }
  row(keyId) { return this.page.locator(`tr[data-key-id="${keyId}"]`); }
  /** Goes to a section through the main navigation, opening its Menu first where it is folded (the popup). */
  async nav(id) {
    const link = this.byTest(id);
    const toggle = this.byTest('nav-toggle');
    // The navigation shows once the app is in: wait for it (the link, or the Menu that folds it).
    await link.or(toggle).filter({ visible: true }).first().waitFor();
    if (!(await link.isVisible())) await toggle.click();
    await link.click();
  }
  /** Revokes from wherever a revoke button is showing; types the name when asked. */
  async confirmRevoke(name) {
    const dialog = this.byTest('revoke-dialog');
    await dialog.waitFor();
    if (await this.byTest('confirm-name').count()) await this.byTest('confirm-name').fill(name);
    await this.byTest('confirm-revoke').click();
  }
}

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** WCAG 2.1 A/AA violations axe-core finds on the page as it is now (injected by the test, not the app). */
export async function a11yViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
  });
}
