// The inventory scan's worker: the app's own wasm, whose start() sees a worker and lists keys for
// the page (src/platform/in_worker.rs). A file, not a blob or an inline script: the CSP and MV3
// allow only 'self'.
import init from './keyward.js';
await init({ module_or_path: './keyward_bg.wasm' });
