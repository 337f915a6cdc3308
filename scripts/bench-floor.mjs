// What Chromium itself allows for the 100,000-key scan on this machine: the same listings (the
// project list, then each project's keys, `lanes` at once, every page's JSON parsed) fetched by
// a bare worker that does nothing else. Each cross-origin request with an Authorization header
// costs a CORS preflight and the network service's own time; the emulator adds its latency to
// the GET only, so a scan cannot be faster than this, whatever the page does. The same listings
// from Node (`nodeFloor`) show what the emulator itself allows.
import { createServer } from 'node:http';
import { startEmulator, launch } from '../e2e/lib.mjs';

/** Every listing of the scan, `lanes` at once, each page's JSON parsed: `{ ms, requests }`. */
async function listAll(base, key, lanes) {
  const get = async url => (await fetch(base + url, { headers: { Authorization: 'Bearer ' + key } })).json();
  const t0 = performance.now();
  const queue = [];
  let requests = 0, listed = false;
  const waiting = [];
  const wake = () => { for (const w of waiting.splice(0)) w(); };
  const lane = async () => {
    for (;;) {
      const id = queue.shift();
      if (id === undefined) {
        if (listed) return;
        await new Promise(r => waiting.push(r));
        continue;
      }
      for (let after = null; ;) {
        const page = await get('/organization/projects/' + id + '/api_keys?limit=100&owner_project_access=any'
          + (after ? '&after=' + after : ''));
        requests++;
        if (!page.has_more) break;
        after = page.last_id;
      }
    }
  };
  const lanesDone = Promise.all(Array.from({ length: lanes }, lane));
  for (let after = null; ;) {
    const page = await get('/organization/projects?limit=100&include_archived=true' + (after ? '&after=' + after : ''));
    requests++;
    queue.push(...page.data.map(p => p.id));
    wake();
    if (!page.has_more) break;
    after = page.last_id;
  }
  listed = true;
  wake();
  await lanesDone;
  return { ms: performance.now() - t0, requests };
}

const WORKER = `${listAll};
onmessage = async e => postMessage(await listAll(e.data.base, e.data.key, e.data.lanes));`;

/** `{ ms, requests }` of the bare worker's scan of `projects` × `perProject` keys at `latency`. */
export async function floorScan(projects, perProject, latency, lanes) {
  const server = createServer((req, res) => {
    const js = req.url.endsWith('.js');
    res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' });
    res.end(js ? WORKER : '<!doctype html><title>floor</title>');
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const emu = await startEmulator(['--projects', String(projects - 1), '--keys-per-project', String(perProject),
    '--latency-ms', String(latency)]);
  const { context, page } = await launch();
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    return await page.evaluate(([base, key, lanes]) => new Promise(ok => {
      const worker = new Worker('floor.js');
      worker.onmessage = e => ok(e.data);
      worker.postMessage({ base, key, lanes });
    }), [emu.base, emu.key, lanes]);
  } finally {
    await context.close();
    emu.close();
    server.close();
  }
}

/** The same listings from Node, with no browser: what the emulator itself allows. */
export async function nodeFloor(projects, perProject, latency, lanes) {
  const emu = await startEmulator(['--projects', String(projects - 1), '--keys-per-project', String(perProject),
    '--latency-ms', String(latency)]);
  try {
    return await listAll(emu.base, emu.key, lanes);
  } finally {
    emu.close();
  }
}
