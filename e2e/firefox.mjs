// Firefox through geckodriver, with plain WebDriver calls (no client library): enough to load
// dist/ as a temporary add-on and drive its page at moz-extension://<pinned uuid>/index.html.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, counts } from './lib.mjs';

export const GECKO_ID = 'keyward@keyward.invalid';
/** The add-on's UUID, pinned so its page has a known address. */
export const UUID = '6b1f9c2e-3d4a-4e5b-9c6d-7e8f90a1b2c3';
export const EXTENSION_URL = `moz-extension://${UUID}/index.html`;

const FIREFOX = '/usr/bin/firefox-esr';
const GECKODRIVER = [process.env.GECKODRIVER, join(homedir(), '.cargo', 'bin', 'geckodriver')].find(p => p && existsSync(p));

const freePort = () => new Promise(ok => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); }); });
const sleep = ms => new Promise(r => setTimeout(r, ms));
/** The W3C WebDriver key of an element reference. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** Firefox's own toolbars above the page, in device pixels (headless, one tab strip). */
const CHROME_HEIGHT = 86;

/**
 * One Firefox session whose pages' viewport is `width`×`height` CSS pixels: call `quit()` when
 * done (it kills geckodriver and Firefox by pid). Firefox won't make a window narrower than
 * 500 px, so each tab is zoomed until those 500 px hold `width` CSS pixels of page.
 */
export async function startFirefox({ width = 400, height = 600 } = {}) {
  const scale = Math.max(1, 500 / width);
  if (!existsSync(FIREFOX) || !GECKODRIVER) throw new Error('Firefox ESR and geckodriver are needed: run scripts/install.sh');
  const port = await freePort();
  const driver = spawn(GECKODRIVER, ['--port', String(port), '--allow-system-access'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const r = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await r.json();
    if (json.value?.error) throw new Error(`${method} ${path}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  for (let i = 0; ; i++) {
    try { await call('GET', '/status'); break; } catch (e) { if (i > 100) throw e; await sleep(100); }
  }
  const session = await call('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        'moz:firefoxOptions': {
          binary: FIREFOX,
          args: ['-headless', `-width=${Math.round(width * scale)}`, `-height=${Math.round(height * scale) + CHROME_HEIGHT}`],
          prefs: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) },
        },
      },
    },
  });
  const id = session.sessionId;
  const firefoxPid = session.capabilities['moz:processID'];
  const s = (method, path, body) => call(method, `/session/${id}${path}`, body);
  const ff = {
    /** Installs an unpacked add-on for this session only. */
    install: dir => s('POST', '/moz/addon/install', { path: dir, temporary: true }),
    /** Opens a tab the way a user does (WebDriver may not navigate to moz-extension:). */
    async openTab(url) {
      await s('POST', '/moz/context', { context: 'chrome' });
      await s('POST', '/execute/sync', {
        script: `const tab = gBrowser.addTab(arguments[0], { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() }); gBrowser.selectedTab = tab;`,
        args: [url],
      });
      await s('POST', '/moz/context', { context: 'content' });
      const handles = await s('GET', '/window/handles');
      await s('POST', '/window', { handle: handles[handles.length - 1] });
      // Zoom once the page has loaded (a load resets it).
      await ff.waitFor(async () => (await ff.eval('return document.readyState;')) === 'complete', 'the page to load');
      await ff.chrome(`gBrowser.selectedBrowser.fullZoom = ${scale};`);
    },
    /** Loads a URL in the current tab (http: or file:). */
    go: url => s('POST', '/url', { url }),
    /** The errors and warnings pages logged so far (Firefox's own chrome:// and resource:// ones left out). */
    async consoleErrors() {
      const all = await ff.chrome(`return Services.console.getMessageArray()
        .filter(m => m instanceof Ci.nsIScriptError && !(m.flags & Ci.nsIScriptError.infoFlag))
        .map(m => [m.flags & Ci.nsIScriptError.warningFlag ? 'warning' : 'error', m.errorMessage, m.sourceName]);`);
      return all
        .filter(([, , source]) => !/^(chrome|resource):/.test(source))
        .filter(([type, text]) => counts(type, text))
        .map(([type, text, source]) => `${type}: ${text} @ ${source}`);
    },
    /** Runs a script in the browser's own (chrome) context. */
    async chrome(script) {
      await s('POST', '/moz/context', { context: 'chrome' });
      try { return await s('POST', '/execute/sync', { script, args: [] }); }
      finally { await s('POST', '/moz/context', { context: 'content' }); }
    },
    /** Closes the current tab (as closing the popup does) and returns to the first one. */
    async closeTab() {
      await s('DELETE', '/window');
      const handles = await s('GET', '/window/handles');
      await s('POST', '/window', { handle: handles[0] });
    },
    /** Sets the window's outer size. */
    rect: (width, height) => s('POST', '/window/rect', { width, height }),
    eval: (script, ...args) => s('POST', '/execute/async', { script: `const done = arguments[arguments.length - 1]; Promise.resolve((async () => { ${script} })()).then(done, e => done('ERROR: ' + e));`, args }),
    async find(css, timeout = 15_000) {
      const end = Date.now() + timeout;
      for (;;) {
        try { return (await s('POST', '/element', { using: 'css selector', value: css }))[ELEMENT]; }
        catch (e) { if (Date.now() > end) throw new Error(`no ${css}: ${e.message}`); await sleep(100); }
      }
    },
    async gone(css, timeout = 15_000) {
      const end = Date.now() + timeout;
      while (await ff.eval('return !!document.querySelector(arguments[0]);', css)) {
        if (Date.now() > end) throw new Error(`${css} is still there`);
        await sleep(100);
      }
    },
    count: css => ff.eval('return document.querySelectorAll(arguments[0]).length;', css),
    text: async css => s('GET', `/element/${await ff.find(css)}/text`),
    /** Clicks `css`, finding it again if the page redrew it between the find and the click. */
    async click(css) {
      for (let i = 0; ; i++) {
        try { return await s('POST', `/element/${await ff.find(css)}/click`, {}); }
        catch (e) { if (i > 20 || !/stale element/.test(e.message)) throw e; await sleep(100); }
      }
    },
    async type(css, text) {
      const el = await ff.find(css);
      await s('POST', `/element/${el}/clear`, {});
      await s('POST', `/element/${el}/value`, { text });
    },
    async waitFor(fn, what, timeout = 15_000) {
      const end = Date.now() + timeout;
      for (;;) {
        if (await fn()) return;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await sleep(150);
      }
    },
    async shot(name) {
      const png = await s('GET', '/screenshot');
      writeFileSync(join(ARTIFACTS, `${name}.png`), Buffer.from(png, 'base64'));
    },
    async quit() {
      try { await call('DELETE', `/session/${id}`); } catch { /* already gone */ }
      for (const pid of [firefoxPid, driver.pid]) { try { process.kill(pid, 'SIGKILL'); } catch { /* exited */ } }
    },
  };
  return ff;
}
