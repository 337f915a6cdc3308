// The demo organization's worker: loads its wasm, whose main() answers the page's messages
// (crates/demo-worker). A file, not a blob or an inline script: the CSP and MV3 allow only 'self'.
importScripts('./keyward_demo.js');
wasm_bindgen({ module_or_path: './keyward_demo_bg.wasm' });
