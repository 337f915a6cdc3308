// The inventory scan in the app's own Web Worker (issue 25): the listings are fetched and read
// there, not in the page, and Lock ends the worker with its requests. The emulator's log says
// when each request arrived: none may arrive after Lock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, serveDist, startEmulator, launch, Keyward } from './lib.mjs';

let site, emu;
// Long enough that Lock surely comes with listings in flight.
const LATENCY = 1000;
before(async () => {
  site = await serveDist();
  emu = await startEmulator(['--projects', '40', '--keys-per-project', '150', '--seed', '25', '--latency-ms', String(LATENCY)]);
});
after(async () => { emu.close(); await site.close(); });

test('the scan lists keys in its worker, and Lock in the middle ends it: no request after Lock', async () => {
  const { context, page, errors } = await launch({ width: 1280, height: 860 });
  const app = new Keyward(page);
  const workers = [];
  page.on('worker', w => { const seen = { url: w.url(), closed: false }; workers.push(seen); w.on('close', () => { seen.closed = true; seen.at = Date.now(); }); });
  await context.addInitScript(s => {
    sessionStorage.setItem('keyward.session', s);
    // Key listings the page itself fetches (the worker's fetches are not the page's).
    window.__pageListings = 0;
    const fetch = window.fetch;
    window.fetch = (input, init) => {
      if (/\/api_keys/.test(String(input?.url ?? input))) window.__pageListings++;
      return fetch(input, init);
    };
    // When Lock is pressed, before the app hears of it.
    document.addEventListener('click', e => {
      if (e.target.closest?.('[data-testid=lock]')) window.__lockedAt = Date.now();
    }, true);
  }, JSON.stringify({ key: emu.key, base: emu.base }));
  try {
    await page.goto(site.url + '#/projects');
    await app.byTest('scan-status').getByText(/Scanning keys: [1-9]\d* of/).waitFor({ timeout: 30000 });
    const scanner = workers.find(w => w.url.endsWith('/scan-worker.js'));
    assert.ok(scanner, `the scan's worker started (workers: ${workers.map(w => w.url).join(', ')})`);
    assert.equal(await page.evaluate(() => window.__pageListings), 0, 'no key listing was fetched by the page');
    const listed = (await emu.requests()).filter(r => r.path.includes('/api_keys'));
    assert.ok(listed.length > 0, 'the worker has listed keys');

    // Lock comes in the middle: listings are under way and more are waiting.
    assert.match(await app.byTest('scan-status').textContent(), /Scanning keys/);
    await app.byTest('lock').click();
    await app.byTest('admin-key').waitFor();
    const lockedAt = await page.evaluate(() => window.__lockedAt);
    // Three latencies later: whatever was in flight has ended, and nothing new was sent.
    await new Promise(r => setTimeout(r, 3 * LATENCY));
    const log = await emu.requests();
    const late = log.filter(r => r.at_ms > lockedAt);
    assert.deepEqual(late.map(r => `${r.method} ${r.path}`), [], 'no request arrived after Lock');
    // By Lock itself, with listings in flight, not when they came back.
    assert.ok(scanner.closed && scanner.at - lockedAt < LATENCY / 2, `the worker was ended at Lock (${scanner.at - lockedAt} ms after)`);
    const projects = (await emu.api('/organization/projects?limit=100&include_archived=true')).body.data;
    const listedInAll = new Set(log.filter(r => r.path.includes('/api_keys')).map(r => r.path.split('/')[4]));
    assert.ok(listedInAll.size < projects.length, `the scan had not finished (${listedInAll.size} of ${projects.length} listed)`);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('keyward.session')), null, 'the key is forgotten');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a key refused during the worker's scan locks the session, as a refusal in the page does", async () => {
  const body = { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
  await emu.control({ scripted: [{ method: 'GET', path_contains: '/api_keys', status: 401, json: JSON.stringify(body), times: 1 }] });
  const { context, page, errors } = await launch({ width: 1280, height: 860 });
  const app = new Keyward(page);
  const workers = [];
  page.on('worker', w => workers.push(w.url()));
  await context.addInitScript(s => sessionStorage.setItem('keyward.session', s), JSON.stringify({ key: emu.key, base: emu.base }));
  try {
    await page.goto(site.url + '#/projects');
    await app.byTest('admin-key').waitFor({ timeout: 30000 });
    await page.getByText('The admin key was not accepted by the API').waitFor();
    assert.ok(workers.some(u => u.endsWith('/scan-worker.js')), 'the listing was the worker\'s');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('keyward.session')), null, 'the key is forgotten');
    // The console's own line for the 401 is the browser's, not the app's.
    assert.deepEqual(errors.filter(e => !/401/.test(e)), []);
  } finally {
    await emu.control({});
    await context.close();
  }
});

test("a key refused during the usage job's worker read locks the session, as a refusal in the page does", async () => {
  const body = { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
  const small = await startEmulator(['--projects', '2', '--keys-per-project', '5', '--seed', '27', '--latency-ms', '0']);
  await small.control({ scripted: [{ method: 'GET', path_contains: '/organization/usage/completions', status: 401, json: JSON.stringify(body), times: 1 }] });
  const { context, page, errors } = await launch({ width: 1280, height: 860 });
  const app = new Keyward(page);
  const workers = [];
  page.on('worker', w => workers.push(w.url()));
  await context.addInitScript(s => sessionStorage.setItem('keyward.session', s), JSON.stringify({ key: small.key, base: small.base }));
  try {
    await page.goto(site.url + '#/keys');
    await app.byTest('admin-key').waitFor({ timeout: 30000 });
    await page.getByText('The admin key was not accepted by the API').waitFor();
    const refused = (await small.requests()).filter(r => r.status === 401 || r.scripted === 401);
    assert.deepEqual(refused.map(r => r.path), ['/v1/organization/usage/completions'], 'the usage read was refused');
    assert.equal(workers.filter(u => u.endsWith('/scan-worker.js')).length, 2, 'the scan\'s worker and the usage read\'s');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('keyward.session')), null, 'the key is forgotten');
    assert.deepEqual(errors.filter(e => !/401/.test(e)), []);
  } finally {
    await context.close();
    small.close();
  }
});

// Usage pages reach tens of megabytes of JSON at 100,000 keys: the usage job reads and sums them
// in a worker of its own, which ends with the job (and so gives its memory back) or at Lock, as
// the scan's worker does.
test('the scan and the usage read each run in a worker that ends with the job; Lock in a usage read ends it: no request after Lock', async () => {
  const small = await startEmulator(['--projects', '3', '--keys-per-project', '20', '--seed', '26', '--latency-ms', '0']);
  const isUsage = path => /\/organization\/(usage|costs)/.test(path);
  const open = async () => {
    const { context, page, errors } = await launch({ width: 1280, height: 860 });
    const workers = [];
    page.on('worker', w => { const seen = { url: w.url(), closed: false }; workers.push(seen); w.on('close', () => { seen.closed = true; seen.at = Date.now(); }); });
    await context.addInitScript(s => {
      sessionStorage.setItem('keyward.session', s);
      window.__pageUsage = 0;
      const fetch = window.fetch;
      window.fetch = (input, init) => {
        if (/\/organization\/(usage|costs)/.test(String(input?.url ?? input))) window.__pageUsage++;
        return fetch(input, init);
      };
      document.addEventListener('click', e => {
        if (e.target.closest?.('[data-testid=lock]')) window.__lockedAt = Date.now();
      }, true);
    }, JSON.stringify({ key: small.key, base: small.base }));
    return { context, page, errors, workers, app: new Keyward(page) };
  };
  try {
    // Read to the end: the numbers show, the page fetched none of them, and the worker is gone.
    let { context, page, errors, workers, app } = await open();
    try {
      await page.goto(site.url + '#/keys');
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=usage-cell]')].some(td => /req/.test(td.textContent)), null, { timeout: 30000 });
      const read = (await small.requests()).filter(r => isUsage(r.path));
      assert.ok(read.length >= 10, `every usage read went out (${read.map(r => r.path).join(', ')})`);
      assert.equal(await page.evaluate(() => window.__pageUsage), 0, 'the page fetched no usage');
      const scripts = workers.filter(w => w.url.endsWith('/scan-worker.js'));
      assert.equal(scripts.length, 2, 'the scan\'s worker and the usage job\'s');
      await new Promise(r => setTimeout(r, 300));
      assert.deepEqual(scripts.map(w => w.closed), [true, true], 'each worker ended with its job');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }

    // Lock while usage reads are in flight (each answer now takes a second).
    await small.control({ latency_ms: LATENCY });
    ({ context, page, errors, workers, app } = await open());
    try {
      const t0 = Date.now();
      await page.goto(site.url + '#/keys');
      const inFlight = async () => (await small.requests()).some(r => r.at_ms >= t0 && isUsage(r.path));
      for (let i = 0; i < 400 && !(await inFlight()); i++) await new Promise(r => setTimeout(r, 50));
      assert.ok(await inFlight(), 'usage reads have started');
      await app.byTest('lock').click();
      await app.byTest('admin-key').waitFor();
      const lockedAt = await page.evaluate(() => window.__lockedAt);
      await new Promise(r => setTimeout(r, 3 * LATENCY));
      const late = (await small.requests()).filter(r => r.at_ms > lockedAt);
      assert.deepEqual(late.map(r => `${r.method} ${r.path}`), [], 'no request arrived after Lock');
      assert.equal(await page.evaluate(() => window.__pageUsage), 0, 'the page fetched no usage');
      // Ended by Lock itself, with its reads still in flight (their answers were a second away),
      // not when those reads came back.
      assert.ok(workers.length >= 2 && workers.every(w => w.closed && w.at - lockedAt < LATENCY / 2),
        `every worker was ended at Lock: ${JSON.stringify(workers.map(w => ({ ...w, at: w.at - lockedAt })))}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  } finally {
    small.close();
  }
});

// A big organization's project list takes pages of its own: the keys of the first page's
// projects are listed while the next page is read, and every project is still listed once. In
// the scan's worker (the served page), and in the page where no worker can start (the single
// file, opened from disk).
for (const where of ['worker', 'page']) {
  test(`key listings start with the first page of projects (in the ${where}), not after the whole list; each project is listed once`, async () => {
    const latency = 500;
    const wide = await startEmulator(['--projects', '140', '--keys-per-project', '1', '--seed', '28', '--latency-ms', String(latency)]);
    const { context, page, errors } = await launch({ width: 1280, height: 860 });
    const workers = [];
    page.on('worker', w => workers.push(w.url()));
    try {
      const firstPage = (await wide.api('/organization/projects?limit=100&include_archived=true')).body;
      const rest = (await wide.api(`/organization/projects?limit=100&include_archived=true&after=${firstPage.last_id}`)).body;
      const projects = firstPage.data.length + rest.data.length;
      // The log holds the app's requests only.
      await fetch(wide.base.replace(/\/v1$/, '/__requests'), { method: 'DELETE' });
      if (where === 'worker') {
        await context.addInitScript(s => sessionStorage.setItem('keyward.session', s), JSON.stringify({ key: wide.key, base: wide.base }));
        await page.goto(site.url + '#/projects');
      } else {
        const dir = mkdtempSync(join(tmpdir(), 'keyward-file-'));
        copyFileSync(join(DIST, 'keyward.html'), join(dir, 'keyward.html'));
        await page.goto(pathToFileURL(join(dir, 'keyward.html')).href + '#/projects');
        await new Keyward(page).connect(wide.key, wide.base);
        await page.evaluate(() => { location.hash = '#/projects'; });
      }
      // While the list is read, the total is what it has found so far, and says so.
      const status = page.getByTestId('scan-status');
      await status.getByText(/Scanning keys: \d+ of 100 projects listed so far, \d+ keys so far/).waitFor({ timeout: 30000 });
      await status.getByText(new RegExp(`Scanning keys: \\d+ of ${projects} projects, \\d+ keys so far`)).waitFor({ timeout: 30000 });
      // Until every project's keys were asked for, then the answers' time: nothing more goes out.
      const listed = async () => new Set((await wide.requests()).filter(r => r.path.includes('/api_keys')).map(r => r.path)).size;
      for (let i = 0; i < 600 && await listed() < projects; i++) await new Promise(r => setTimeout(r, 100));
      await new Promise(r => setTimeout(r, 2 * latency));
      const log = (await wide.requests()).filter(r => r.method === 'GET');
      const pages = log.filter(r => r.path === '/v1/organization/projects').map(r => r.at_ms).sort((a, b) => a - b);
      const listings = log.filter(r => r.path.includes('/api_keys'));
      assert.ok(pages.length >= 2, `the project list took ${pages.length} pages`);
      const first = Math.min(...listings.map(r => r.at_ms));
      // The last page of projects is answered `latency` after it arrived: keys were asked for before.
      assert.ok(first < pages.at(-1) + latency, `the first key listing came ${first - pages.at(-1)} ms after the last project page was asked for`);
      const perProject = new Map();
      for (const r of listings) perProject.set(r.path, (perProject.get(r.path) ?? 0) + 1);
      assert.equal(perProject.size, projects, 'every project\'s keys were listed');
      assert.deepEqual([...perProject.values()].filter(n => n !== 1), [], 'each once (one key each: one page)');
      const scanners = workers.filter(u => u.endsWith('/scan-worker.js')).length;
      assert.ok(where === 'worker' ? scanners >= 1 : scanners === 0, `the scan's worker, or none (${workers.join(', ')})`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      wide.close();
    }
  });
}

// From 5,000 keys on, the key table runs its searches and a filter once on the keys already
// listed, while the page is idle during the scan, and throws the results away (the browser then
// has that code compiled for speed when the first keystroke comes; see warm_search.rs). What
// the table shows must not change with it, and the searches typed after it must still narrow.
test('at 6,000 keys the searches run while the keys come in change nothing shown, and typing after them narrows', async () => {
  const big = await startEmulator(['--projects', '29', '--keys-per-project', '200', '--seed', '29', '--latency-ms', '0']);
  const { context, page, errors } = await launch({ width: 1280, height: 860 });
  const app = new Keyward(page);
  await context.addInitScript(s => sessionStorage.setItem('keyward.session', s), JSON.stringify({ key: big.key, base: big.base }));
  try {
    await page.goto(site.url + '#/keys');
    const summary = app.byTest('key-summary');
    await summary.getByText('Showing 6000 of 6000 keys').waitFor({ timeout: 60000 });
    // Idle moments for every search to have run.
    await page.evaluate(() => new Promise(r => { let n = 0; const next = () => (++n > 8 ? r() : requestIdleCallback(next)); next(); }));
    assert.match(await summary.textContent(), /Showing 6000 of 6000 keys/, 'every key is still shown');
    assert.equal(await app.byTest('key-search').inputValue(), '', 'nothing was typed');
    assert.doesNotMatch(page.url(), /[?&](q|finding)=/, 'no search or filter went into the link');
    const count = async () => Number((await summary.textContent()).match(/Showing (\d+) of/)[1]);
    await app.byTest('key-search').fill('q');
    await page.waitForFunction(() => !/Showing 6000 of/.test(document.querySelector('[data-testid=key-summary]').textContent));
    const letter = await count();
    await app.byTest('key-search').fill('qu');
    await page.waitForFunction(n => !new RegExp(`Showing ${n} of`).test(document.querySelector('[data-testid=key-summary]').textContent), letter);
    const word = await count();
    assert.ok(letter > 0 && letter < 6000 && word < letter, `"q" narrows (${letter}), and "qu" narrows it (${word})`);
    await app.byTest('key-search').fill('');
    await summary.getByText('Showing 6000 of 6000 keys').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    big.close();
  }
});
