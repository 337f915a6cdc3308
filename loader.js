// Loads the app. A file, not an inline script: the CSP and MV3 forbid inline scripts.
import init from './keyward.js';
await init({ module_or_path: './keyward_bg.wasm' });
