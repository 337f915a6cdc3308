//! The last line of defence: on any panic the page forgets the key and says so plainly.
//! A page that stopped working must never keep a key.

use crate::platform::store::forget_now;

/// Installs the hook (once, at start).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        forget_now();
        // The message is ours (no key ever reaches a panic message), useful to report the bug.
        console_error_panic_hook::hook(info);
        show_dead_screen();
    }));
}

/// Replaces the page with a plain explanation, built from text nodes only.
fn show_dead_screen() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    body.set_text_content(None);
    let Ok(main) = doc.create_element("main") else {
        return;
    };
    main.set_class_name("connect");
    let _ = main.set_attribute("data-testid", "crashed");
    let _ = main.set_attribute("role", "alert");
    let lines = [
        ("h1", "Keyward hit a bug"),
        (
            "p",
            "Your admin key was forgotten: it is no longer stored in this browser. Work in progress stopped where it \
                was; reload, reconnect and check the keys you were changing.",
        ),
        ("p", "Reload the page to start again."),
    ];
    for (tag, text) in lines {
        if let Ok(el) = doc.create_element(tag) {
            el.set_text_content(Some(text));
            let _ = main.append_child(&el);
        }
    }
    let _ = body.append_child(&main);
}
