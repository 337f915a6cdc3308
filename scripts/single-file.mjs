// Writes dist/keyward.html: Keyward as one self-contained file that runs opened from disk
// (file://), and dist/keyward.html.sha256 beside it (`sha256sum -c` format).
//   node scripts/single-file.mjs [dir]     (dir: a built dist/; Trunk's post_build hook passes its
//                                            staging directory through TRUNK_STAGING_DIR)
// It holds the main wasm and its JS glue, the CSS, the icon and the demo organization's worker with
// its wasm. Each wasm is gzipped then base64 inside a data block (a <script> of a non-JS type,
// never run), unpacked by the browser's own DecompressionStream: about 2.7× smaller than plain
// base64 (scripts/bench.mjs prints both). The one inline script and the one inline style are
// allowed by their sha256 hashes in a strict CSP, with no 'unsafe-inline' and no 'unsafe-eval';
// the demo worker starts from a blob: URL, the only source worker-src allows.
// It also stamps a build ID (a hash of what the build holds) into dist/index.html and the file,
// for the About line.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
const read = name => readFileSync(join(dir, name));
const sha256 = data => createHash('sha256').update(data).digest();
const b64hash = text => `'sha256-${sha256(Buffer.from(text, 'utf8')).toString('base64')}'`;
const packed = bytes => gzipSync(bytes, { level: 9 }).toString('base64');

// The same origins the page may call (index.html's connect-src, without 'self': a file has none).
export const CONNECT_SRC = 'https://api.openai.com https://*.openai.com http://127.0.0.1:* http://localhost:*';

const parts = {
  glue: read('keyward.js').toString('utf8'),
  wasm: read('keyward_bg.wasm'),
  css: read('main.css').toString('utf8'),
  demoGlue: read('keyward_demo.js').toString('utf8'),
  demoWasm: read('keyward_demo_bg.wasm'),
  icon: read('icons/icon-32.png'),
};
const build = createHash('sha256');
for (const v of Object.values(parts)) build.update(v);
const buildId = build.digest('hex').slice(0, 16);

// The ES module glue, inlined: its export line goes (nothing imports it here).
const EXPORTS = 'export { initSync, __wbg_init as default };';
if (!parts.glue.includes(EXPORTS)) throw new Error('keyward.js: the export line changed; update single-file.mjs');
const glue = parts.glue.replace(EXPORTS, '');
for (const [name, text] of [['keyward.js', glue], ['keyward_demo.js', parts.demoGlue], ['main.css', parts.css]]) {
  if (/<\/(script|style)/i.test(text)) throw new Error(`${name} holds a closing tag; it cannot be inlined`);
}

// Runs in the page: unpacks the main wasm and starts it; the demo's worker is made only when the
// demo starts (src/platform/demo_worker.rs asks keywardDemoWorkerUrl for its address).
const boot = `${glue}
const unpack = async b64 => {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};
const block = id => document.getElementById(id).textContent.trim();
let demoWorkerUrl;
globalThis.keywardDemoWorkerUrl = () => {
  if (!demoWorkerUrl) {
    const source = 'const KEYWARD_DEMO_WASM = ' + JSON.stringify(block('keyward-demo-wasm')) + ';\\n'
      + 'const unpack = ' + unpack.toString() + ';\\n'
      + block('keyward-demo-glue') + '\\n'
      + 'unpack(KEYWARD_DEMO_WASM).then(bytes => wasm_bindgen({ module_or_path: bytes }));\\n';
    demoWorkerUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  }
  return demoWorkerUrl;
};
await __wbg_init({ module_or_path: await unpack(block('keyward-wasm')) });
`;

const csp = [
  "default-src 'none'",
  `script-src ${b64hash(boot)} 'wasm-unsafe-eval'`,
  `style-src ${b64hash(parts.css)}`,
  'img-src data:',
  `connect-src ${CONNECT_SRC}`,
  'worker-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<meta name="keyward-build" content="${buildId}">
<title>Keyward</title>
<link rel="icon" href="data:image/png;base64,${parts.icon.toString('base64')}">
<style>${parts.css}</style>
<script type="application/octet-stream" id="keyward-wasm">
${packed(parts.wasm)}
</script>
<script type="application/octet-stream" id="keyward-demo-wasm">
${packed(parts.demoWasm)}
</script>
<script type="text/plain" id="keyward-demo-glue">
${parts.demoGlue}
</script>
<script type="module">${boot}</script>
</head>
<body>
<noscript>Keyward needs JavaScript and WebAssembly.</noscript>
</body>
</html>
`;

writeFileSync(join(dir, 'keyward.html'), html);
const digest = sha256(Buffer.from(html, 'utf8')).toString('hex');
writeFileSync(join(dir, 'keyward.html.sha256'), `${digest}  keyward.html\n`);

// The served page and the extension carry the same build ID.
const index = read('index.html').toString('utf8').replace(/\n\s*<meta name="keyward-build"[^>]*>/, '');
writeFileSync(join(dir, 'index.html'), index.replace(
  /(<meta name="color-scheme"[^>]*>)/,
  `$1\n  <meta name="keyward-build" content="${buildId}">`,
));
console.log(`keyward.html: ${(html.length / 1024).toFixed(1)} KB, build ${buildId}, sha256 ${digest}`);
