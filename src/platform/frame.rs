//! Keyward never runs inside a frame. A meta CSP can't set `frame-ancestors`, so any site could
//! frame the page and lay its own buttons over Keyward's (clickjacking). Framed, the app does not
//! mount: the frame shows one line that says why, and a link to open Keyward in its own tab.

/// True when this page is inside a frame (or its top window can't be told apart).
pub fn is_framed() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    match w.top() {
        Ok(Some(top)) => !js_sys::Object::is(top.as_ref(), w.as_ref()),
        _ => true,
    }
}

/// Replaces the body with the refusal, built from text nodes only.
pub fn refuse() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    body.set_text_content(None);
    let Ok(main) = doc.create_element("main") else {
        return;
    };
    main.set_class_name("connect");
    let _ = main.set_attribute("data-testid", "framed");
    let Ok(line) = doc.create_element("p") else {
        return;
    };
    line.set_text_content(Some(
        "Keyward does not run inside a frame: another page could hide its own buttons over Keyward's. ",
    ));
    if let Ok(link) = doc.create_element("a") {
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let _ = link.set_attribute("href", &href);
        let _ = link.set_attribute("target", "_blank");
        let _ = link.set_attribute("rel", "noopener noreferrer");
        link.set_text_content(Some("Open Keyward in its own tab"));
        let _ = line.append_child(&link);
    }
    let _ = main.append_child(&line);
    let _ = body.append_child(&main);
}
