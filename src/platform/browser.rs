//! Small browser helpers.

use wasm_bindgen::JsCast;

/// Unix seconds.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

pub fn set_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(hash);
    }
}

/// Rewrites the hash in place (a view's filters), without a history entry or a `hashchange`.
pub fn replace_hash(hash: &str) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash));
    }
}

/// Saves text as a file through a temporary object URL.
pub fn download(filename: &str, mime: &str, text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = doc
        .create_element("a")
        .map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// When an `<input type=file>` changes: reads the file chosen (refused over `max_bytes`), then
/// calls `then` with its text or why it could not be read. Nothing chosen calls nothing.
pub fn read_chosen_file(
    e: &web_sys::Event,
    max_bytes: f64,
    then: impl FnOnce(Result<String, String>) + 'static,
) {
    let Some(file) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|f| f.get(0))
    else {
        return;
    };
    if file.size() > max_bytes {
        return then(Err(format!(
            "The file is over {} KB.",
            (max_bytes / 1024.0).round()
        )));
    }
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|t| t.as_string());
        then(text.ok_or_else(|| "The file could not be read.".to_owned()));
    });
}

/// Opens every `<details>` that `selector` finds (a printed page shows what they hold).
pub fn open_all(selector: &str) {
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all(selector).ok())
    else {
        return;
    };
    for i in 0..list.length() {
        if let Some(el) = list
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.set_attribute("open", "");
        }
    }
}

/// Opens the browser's print dialog (the print stylesheet makes the page a report).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Copies text; resolves to whether it worked.
pub async fn copy(text: &str) -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let promise = w.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

thread_local! {
    /// Whether a one-time secret this page copied may still be in the clipboard.
    static SECRET_IN_CLIPBOARD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// How long a copied secret stays in the clipboard when the user lets Keyward clear it.
pub const CLIPBOARD_SECONDS: u32 = 60;

/// Copies a one-time secret, remembering that the clipboard now holds one (see
/// [`clear_copied_secret`]).
pub async fn copy_secret(text: &str) -> bool {
    let ok = copy(text).await;
    if ok {
        SECRET_IN_CLIPBOARD.with(|c| c.set(true));
    }
    ok
}

/// Empties the clipboard if a secret this page copied may still be in it. Browsers let a page
/// write the clipboard only while it has focus: without focus it is left as it is, and the
/// result says so (`false`).
pub async fn clear_copied_secret() -> bool {
    if !SECRET_IN_CLIPBOARD.with(std::cell::Cell::get) {
        return true;
    }
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.has_focus().ok())
        .unwrap_or(false);
    if focused && copy("").await {
        SECRET_IN_CLIPBOARD.with(|c| c.set(false));
        return true;
    }
    false
}

/// True inside the extension (its pages have `chrome.runtime.id`).
pub fn in_extension() -> bool {
    let global: wasm_bindgen::JsValue = js_sys::global().into();
    ["chrome", "runtime", "id"]
        .iter()
        .try_fold(global, |o, k| {
            js_sys::Reflect::get(&o, &(*k).into())
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        })
        .is_some()
}

/// True when the page was opened from disk (`file://`: the single file).
pub fn from_file() -> bool {
    web_sys::window().is_some_and(|w| w.location().protocol().is_ok_and(|p| p == "file:"))
}

/// The content of `<meta name="{name}">`, if the page has one.
fn meta(name: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??
        .get_attribute("content")
}

/// The build ID the build stamped into the page (scripts/single-file.mjs), checked: hex only.
pub fn build_id() -> Option<String> {
    meta("keyward-build")
        .filter(|b| (8..=64).contains(&b.len()) && b.bytes().all(|c| c.is_ascii_hexdigit()))
}

/// The logo's address: the page's own icon (a file beside the page, or inline in the single file).
pub fn logo_src() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("link[rel=icon]").ok().flatten())
        .and_then(|l| l.get_attribute("href"))
        .filter(|h| h.starts_with("data:image/png;base64,") || h == "icons/icon-32.png")
        .unwrap_or_else(|| "icons/icon-32.png".to_owned())
}

/// The window's width in CSS pixels (what the stylesheet's `max-width` queries compare).
pub fn inner_width() -> Option<f64> {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
}

/// True at the stylesheet's narrow layout (`max-width: 640px`).
pub fn is_narrow() -> bool {
    inner_width().is_some_and(|w| w <= 640.0)
}

/// True when the window is as small as the extension's popup.
pub fn is_popup_sized() -> bool {
    inner_width().is_some_and(|w| w < 520.0)
}

/// Opens the app in a full tab (from the popup), at the same place (the hash, with a view's
/// filters and selection). In the extension through `chrome.tabs.create`: a page opened with
/// `window.open` from the popup may not get the extension's APIs (and so not its session).
pub fn open_in_tab() {
    let Some(w) = web_sys::window() else { return };
    let href = w.location().href().unwrap_or_default();
    let global: wasm_bindgen::JsValue = js_sys::global().into();
    let create = ["chrome", "tabs", "create"]
        .iter()
        .try_fold(global, |o, k| {
            js_sys::Reflect::get(&o, &(*k).into())
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        });
    let opened = create
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .is_some_and(|create| {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"url".into(), &href.clone().into());
            let tabs = js_sys::Reflect::get(&js_sys::global(), &"chrome".into())
                .and_then(|c| js_sys::Reflect::get(&c, &"tabs".into()))
                .unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
            create.call1(&tabs, &options).is_ok()
        });
    if !opened {
        let _ = w.open_with_url_and_target(&href, "_blank");
    }
    let _ = w.close();
}

/// The `scheme://host[:port]` of a URL.
pub fn origin_of(url: &str) -> String {
    url.split('/').take(3).collect::<Vec<_>>().join("/")
}

/// In the extension, makes sure Keyward holds host permission for the API origin, asking for it
/// when not. Must be called while handling a click (browsers only prompt during a user gesture);
/// resolves to whether the permission is held. It is asked even for api.openai.com: Chrome
/// grants the manifest's host permissions at install, but a Firefox user can withdraw them in
/// about:addons (then this prompts again, and it resolves at once when already granted).
/// Outside the extension, and for loopback test servers (which answer CORS themselves), there is
/// nothing to ask.
pub fn request_host_permission(base: &str) -> Option<js_sys::Promise> {
    let origin = origin_of(base);
    if !in_extension()
        || origin.starts_with("http://127.0.0.1")
        || origin.starts_with("http://localhost")
    {
        return None;
    }
    let global: wasm_bindgen::JsValue = js_sys::global().into();
    let permissions = ["chrome", "permissions"].iter().try_fold(global, |o, k| {
        js_sys::Reflect::get(&o, &(*k).into())
            .ok()
            .filter(|v| v.is_object())
    })?;
    let request: js_sys::Function = js_sys::Reflect::get(&permissions, &"request".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let query = js_sys::Object::new();
    let origins = js_sys::Array::of1(&format!("{origin}/*").into());
    js_sys::Reflect::set(&query, &"origins".into(), &origins).ok()?;
    request.call1(&permissions, &query).ok()?.dyn_into().ok()
}

/// Runs `f` when the browser is next idle (after pending input and frames), or after a
/// moment where it cannot tell (Safari has no `requestIdleCallback`).
pub fn when_idle(f: impl FnOnce() + 'static) {
    let f = std::rc::Rc::new(std::cell::Cell::new(Some(f)));
    let run = {
        let f = f.clone();
        wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Some(f) = f.take() {
                f()
            }
        })
    };
    let idle = web_sys::window()
        .map(|w| w.request_idle_callback(run.unchecked_ref()).is_ok())
        .unwrap_or(false);
    if !idle {
        leptos::prelude::set_timeout(
            move || {
                if let Some(f) = f.take() {
                    f()
                }
            },
            std::time::Duration::from_millis(50),
        );
    }
}

/// The longest one slice of [`in_slices`] holds the main thread.
const SLICE_MS: f64 = 4.0;

/// Calls `step` until it gives an answer, in slices of a few milliseconds, each a background
/// task of its own (see [`background_turn`]): long work (decoding or adding up 100,000 keys)
/// then lets clicks and keystrokes in between, and never adds to the task that started it.
pub async fn in_slices<T>(mut step: impl FnMut() -> Option<T>) -> T {
    loop {
        background_turn().await;
        let start = now_ms();
        while now_ms() - start < SLICE_MS {
            if let Some(done) = step() {
                return done;
            }
        }
    }
}

/// Resumes in a task of its own, run after any input, rendering or other task waiting by then
/// (`scheduler.postTask` at background priority), so work the user did not ask for just now
/// (a read's results arriving) never holds up a keystroke already made. Where there is no
/// `scheduler` (Safari, older Firefox), after a zero timeout.
pub async fn background_turn() {
    match post_background() {
        Some(posted) => drop(wasm_bindgen_futures::JsFuture::from(posted).await),
        None => gloo_timers::future::sleep(std::time::Duration::ZERO).await,
    }
}

fn post_background() -> Option<js_sys::Promise> {
    use js_sys::{Function, Object, Reflect};
    let scheduler = Reflect::get(&js_sys::global(), &"scheduler".into())
        .ok()
        .filter(|s| s.is_object())?;
    let post: Function = Reflect::get(&scheduler, &"postTask".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = Object::new();
    Reflect::set(&options, &"priority".into(), &"background".into()).ok()?;
    let task = wasm_bindgen::closure::Closure::once_into_js(|| ());
    post.call2(&scheduler, &task, &options)
        .ok()?
        .dyn_into()
        .ok()
}
