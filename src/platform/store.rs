//! Where the admin key lives: `chrome.storage.session` in the extension (trusted contexts only,
//! gone when the browser closes), `sessionStorage` in a page (gone with the tab). Never
//! localStorage, never a cookie, never the URL.

use admin_api::AdminKey;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

const ENTRY: &str = "keyward.session";

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

/// The key, the API base it goes with, and what the idle lock needs to survive a closed popup.
pub struct Saved {
    pub key: AdminKey,
    pub base: String,
    /// Last user activity (ms since the epoch).
    pub active_at_ms: f64,
    pub idle_minutes: u32,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Wire {
    key: String,
    base: String,
    #[serde(default)]
    active_at_ms: f64,
    #[serde(default = "default_idle")]
    idle_minutes: u32,
}

fn default_idle() -> u32 {
    crate::state::DEFAULT_IDLE_MINUTES
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

    pub async fn load(&self) -> Option<Saved> {
        let wire: Wire = match self {
            SecretStore::Extension(StorageAreaHandle(area)) => {
                let area: &StorageArea = area.unchecked_ref();
                let items = JsFuture::from(area.get(&JsValue::from_str(ENTRY)).ok()?)
                    .await
                    .ok()?;
                let value = Reflect::get(&items, &JsValue::from_str(ENTRY)).ok()?;
                serde_wasm_bindgen::from_value(value).ok()?
            }
            SecretStore::Session => {
                serde_json::from_str(&session_storage()?.get_item(ENTRY).ok()??).ok()?
            }
        };
        let key = AdminKey::parse(&wire.key).ok()?;
        Some(Saved {
            key,
            base: wire.base,
            active_at_ms: wire.active_at_ms,
            idle_minutes: wire.idle_minutes,
        })
    }

    pub async fn save(&self, saved: &Saved) {
        let wire = Wire {
            key: saved.key.expose().to_owned(),
            base: saved.base.clone(),
            active_at_ms: saved.active_at_ms,
            idle_minutes: saved.idle_minutes,
        };
        match self {
            SecretStore::Extension(StorageAreaHandle(area)) => {
                let area: &StorageArea = area.unchecked_ref();
                let items = Object::new();
                let Ok(value) = serde_wasm_bindgen::to_value(&wire) else {
                    return;
                };
                let _ = Reflect::set(&items, &JsValue::from_str(ENTRY), &value);
                if let Ok(p) = area.set(&items) {
                    let _ = JsFuture::from(p).await;
                }
            }
            SecretStore::Session => {
                if let (Some(s), Ok(json)) = (session_storage(), serde_json::to_string(&wire)) {
                    let _ = s.set_item(ENTRY, &json);
                }
            }
        }
    }

    pub async fn clear(&self) {
        match self {
            SecretStore::Extension(StorageAreaHandle(area)) => {
                let area: &StorageArea = area.unchecked_ref();
                if let Ok(p) = area.remove(&JsValue::from_str(ENTRY)) {
                    let _ = JsFuture::from(p).await;
                }
            }
            SecretStore::Session => {}
        }
        // Also in the extension: a page-mode leftover must not outlive a lock.
        if let Some(s) = session_storage() {
            let _ = s.remove_item(ENTRY);
        }
    }
}

pub fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
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
