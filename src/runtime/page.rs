//! Browser services the UI needs: the URL, the clipboard, downloads.
//! Nothing here blocks.

use wasm_bindgen::JsCast;

/// The current query string (with its `?`), or "".
pub fn query() -> String {
    gloo::utils::window().location().search().unwrap_or_default()
}

/// The page-level `workers=` value, kept in share links as given.
pub fn workers_param() -> Option<String> {
    web_sys::UrlSearchParams::new_with_str(&query())
        .ok()
        .and_then(|p| p.get("workers"))
}

/// Replaces the URL's query without reloading or adding history entries.
pub fn replace_query(q: &str) {
    let w = gloo::utils::window();
    let path = w.location().pathname().unwrap_or_else(|_| "/".into());
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{q}")));
    }
}

/// The full URL of the page as it is now.
pub fn href() -> String {
    gloo::utils::window().location().href().unwrap_or_default()
}

/// Copies text to the clipboard; resolves to whether it worked.
pub async fn copy(text: String) -> bool {
    let clip = gloo::utils::window().navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clip.write_text(&text))
        .await
        .is_ok()
}

/// Offers `text` as a file download.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let doc = gloo::utils::document();
    if let Ok(a) = doc.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Whether the learner asked for less motion.
pub fn reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// The page's path (links to other states of the page keep it).
pub fn path() -> String {
    gloo::utils::window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".into())
}

/// Where the learner's language choice is kept (`www/boot.js` reads it).
pub const LANG_KEY: &str = "lockstep-lang";

/// Remembers the learner's language for their next visit.
pub fn remember_lang(l: lockstep_core::i18n::Lang) {
    if let Some(st) = gloo::utils::window().local_storage().ok().flatten() {
        let _ = st.set_item(LANG_KEY, l.code());
    }
}
