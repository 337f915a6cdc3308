//! Where the admin key lives: `chrome.storage.session` in the extension (trusted contexts only,
//! gone when the browser closes), `sessionStorage` in a page (gone with the tab). Never
//! localStorage, never a cookie, never the URL.
//!
//! The key is written once, at connect. The activity time (for the idle lock) is a separate
//! entry, so no window ever writes the key back after another one locked. A lock clears every
//! entry, and every other window of Keyward sees it: through `storage.onChanged` in the
//! extension, through a `BroadcastChannel` between tabs of the page.

use admin_api::AdminKey;
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

const ENTRY: &str = "keyward.session";
const ACTIVITY: &str = "keyward.activity";
const ROTATION: &str = "keyward.rotation";
/// Everything a lock removes.
const ALL: [&str; 3] = [ENTRY, ACTIVITY, ROTATION];
const CHANNEL: &str = "keyward";

#[wasm_bindgen]
extern "C" {
    /// `chrome.storage.StorageArea`.
    pub type StorageArea;
    #[wasm_bindgen(method, catch)]
    fn get(this: &StorageArea, keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn set(this: &StorageArea, items: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn remove(this: &StorageArea, keys: &JsValue) -> Result<Promise, JsValue>;
}

/// The key and what goes with it.
pub struct Saved {
    pub key: AdminKey,
    pub base: String,
    pub idle_minutes: u32,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Wire {
    key: String,
    base: String,
    #[serde(default = "default_idle")]
    idle_minutes: u32,
}

fn default_idle() -> u32 {
    crate::logic::idle::DEFAULT_IDLE_MINUTES
}

/// Chosen once at start-up: the same app code runs in both places.
#[derive(Clone)]
pub enum SecretStore {
    Extension(StorageAreaHandle),
    Session,
}

/// `StorageArea` is a JS object, not `Send`; wrapped so the store can be cloned around.
#[derive(Clone)]
pub struct StorageAreaHandle(JsValue);

fn path(root: &JsValue, names: &[&str]) -> Option<JsValue> {
    names.iter().try_fold(root.clone(), |obj, name| {
        let next = Reflect::get(&obj, &JsValue::from_str(name)).ok()?;
        (next.is_object()).then_some(next)
    })
}

impl SecretStore {
    pub fn detect() -> Self {
        match path(&js_sys::global().into(), &["chrome", "storage", "session"]) {
            Some(area) => SecretStore::Extension(StorageAreaHandle(area)),
            None => SecretStore::Session,
        }
    }

    pub fn is_extension(&self) -> bool {
        matches!(self, SecretStore::Extension(_))
    }

    /// One entry's JSON text.
    async fn read(&self, name: &str) -> Option<String> {
        match self {
            SecretStore::Extension(StorageAreaHandle(area)) => {
                let area: &StorageArea = area.unchecked_ref();
                let items = JsFuture::from(area.get(&JsValue::from_str(name)).ok()?)
                    .await
                    .ok()?;
                let value = Reflect::get(&items, &JsValue::from_str(name)).ok()?;
                value.as_string()
            }
            SecretStore::Session => session_storage()?.get_item(name).ok()?,
        }
    }

    async fn write(&self, name: &str, json: &str) {
        match self {
            SecretStore::Extension(StorageAreaHandle(area)) => {
                let area: &StorageArea = area.unchecked_ref();
                let items = Object::new();
                let _ = Reflect::set(&items, &JsValue::from_str(name), &JsValue::from_str(json));
                if let Ok(p) = area.set(&items) {
                    let _ = JsFuture::from(p).await;
                }
            }
            SecretStore::Session => {
                if let Some(s) = session_storage() {
                    let _ = s.set_item(name, json);
                }
            }
        }
    }

    async fn delete(&self, names: &[&str]) {
        if let SecretStore::Extension(StorageAreaHandle(area)) = self {
            let area: &StorageArea = area.unchecked_ref();
            let list = names
                .iter()
                .map(|n| JsValue::from_str(n))
                .collect::<js_sys::Array>();
            if let Ok(p) = area.remove(&list) {
                let _ = JsFuture::from(p).await;
            }
        }
        // Also in the extension: a page-mode leftover must not outlive a lock.
        if let Some(s) = session_storage() {
            for n in names {
                let _ = s.remove_item(n);
            }
        }
    }

    pub async fn load(&self) -> Option<Saved> {
        let wire: Wire = serde_json::from_str(&self.read(ENTRY).await?).ok()?;
        let key = AdminKey::parse(&wire.key).ok()?;
        Some(Saved {
            key,
            base: wire.base,
            idle_minutes: wire.idle_minutes,
        })
    }

    /// Written once per connect; nothing else ever writes the key.
    pub async fn save(&self, saved: &Saved) {
        let wire = Wire {
            key: saved.key.expose().to_owned(),
            base: saved.base.clone(),
            idle_minutes: saved.idle_minutes,
        };
        if let Ok(json) = serde_json::to_string(&wire) {
            self.write(ENTRY, &json).await;
        }
    }

    /// Last user activity (ms since the epoch), for the idle lock across closed popups.
    pub async fn load_activity(&self) -> Option<f64> {
        // Whole milliseconds (what Date.now() gives), as integers: f64's parser and Display
        // would cost the wasm 18 KB.
        self.read(ACTIVITY)
            .await?
            .parse::<i64>()
            .ok()
            .map(|ms| ms as f64)
    }

    pub async fn save_activity(&self, at_ms: f64) {
        self.write(ACTIVITY, &(at_ms as i64).to_string()).await;
    }

    /// An interrupted rotation's record (never a secret).
    pub async fn load_rotation(&self) -> Option<String> {
        self.read(ROTATION).await
    }

    pub async fn save_rotation(&self, json: Option<&str>) {
        match json {
            Some(j) => self.write(ROTATION, j).await,
            None => self.delete(&[ROTATION]).await,
        }
    }

    /// Forgets everything, here and (by the store's own change events) in every other window.
    pub async fn clear(&self) {
        self.delete(&ALL).await;
        if !self.is_extension() {
            broadcast_lock();
        }
    }

    /// Calls `locked` whenever another window of Keyward forgets the key, after this window has
    /// deleted its own copy: a tab opened from another, duplicated or restored starts with a copy
    /// of its `sessionStorage`, which a reload would use to connect again. Nothing is re-sent, so
    /// two tabs never echo a lock back and forth. Kept for the app's life.
    pub fn on_locked_elsewhere(&self, locked: impl Fn() + 'static) {
        let locked = move || {
            forget_here();
            locked();
        };
        match self {
            SecretStore::Extension(_) => {
                let Some(on_changed) = path(
                    &js_sys::global().into(),
                    &["chrome", "storage", "onChanged"],
                ) else {
                    return;
                };
                let listener = Closure::<dyn Fn(JsValue, JsValue)>::new(
                    move |changes: JsValue, area: JsValue| {
                        let removed = area.as_string().as_deref() == Some("session")
                            && Reflect::get(&changes, &JsValue::from_str(ENTRY))
                                .ok()
                                .filter(|c| c.is_object())
                                .and_then(|c| {
                                    Reflect::has(&c, &JsValue::from_str("newValue")).ok()
                                })
                                == Some(false);
                        if removed {
                            locked();
                        }
                    },
                );
                if let Ok(add) = Reflect::get(&on_changed, &JsValue::from_str("addListener"))
                    .and_then(|f| f.dyn_into::<Function>())
                {
                    let _ = add.call1(&on_changed, listener.as_ref());
                }
                listener.forget();
            }
            SecretStore::Session => {
                let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
                    return;
                };
                let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(
                    move |e: web_sys::MessageEvent| {
                        if e.data().as_string().as_deref() == Some("lock") {
                            locked();
                        }
                    },
                );
                channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
                listener.forget();
                // The channel must live as long as the app listens.
                std::mem::forget(channel);
            }
        }
    }
}

pub fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Tells every other tab of the page to lock (extension contexts hear the storage change instead).
fn broadcast_lock() {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&JsValue::from_str("lock"));
        channel.close();
    }
}

/// Deletes this window's own copy of every entry, synchronously, telling no one.
fn forget_here() {
    if let Some(s) = session_storage() {
        for n in ALL {
            let _ = s.remove_item(n);
        }
    }
}

/// Forgets the key synchronously as far as the browser allows, here and in every other window:
/// the last act of a dying page.
pub fn forget_now() {
    forget_here();
    broadcast_lock();
    if let SecretStore::Extension(StorageAreaHandle(area)) = SecretStore::detect() {
        let area: &StorageArea = area.unchecked_ref();
        let list = ALL
            .iter()
            .map(|n| JsValue::from_str(n))
            .collect::<js_sys::Array>();
        let _ = area.remove(&list);
    }
}

/// Non-secret preferences for this tab (demo mode, idle minutes) also live in sessionStorage.
pub fn pref(name: &str) -> Option<String> {
    session_storage()?
        .get_item(&format!("keyward.{name}"))
        .ok()?
}

pub fn set_pref(name: &str, value: Option<&str>) {
    if let Some(s) = session_storage() {
        let key = format!("keyward.{name}");
        let _ = match value {
            Some(v) => s.set_item(&key, v),
            None => s.remove_item(&key),
        };
    }
}

/// A non-secret preference kept across tabs and sessions in `localStorage`: only the Review's
/// written policy, which an owner writes once and expects to find again. Never the key.
pub fn kept(name: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(&format!("keyward.kept.{name}"))
        .ok()?
}

pub fn set_kept(name: &str, value: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(&format!("keyward.kept.{name}"), value);
    }
}
