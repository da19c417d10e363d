//! Lockstep's web app: the runtime (wasm threads) and the UI (yew).
//! The concurrency itself lives in `lockstep-core`; see ARCHITECTURE.md.

#[cfg(feature = "bench")]
pub mod bench;
pub mod runtime;
pub mod ui;

use wasm_bindgen::prelude::*;

pub use runtime::{pool_plan, start_pool};

/// Called by `www/boot.js` first, with the language it chose (`en`, `zh`)
/// and, for Chinese, the catalog it fetched (`www/i18n/zh.txt`): every text
/// after this, the pool's notice included, is in it. Without a usable
/// catalog the page stays English.
#[wasm_bindgen]
pub fn set_lang(code: &str, catalog: Option<String>) {
    use lockstep_core::i18n::{self, Lang};
    let mut lang = Lang::from_code(code).unwrap_or_default();
    if lang == Lang::Zh && !catalog.is_some_and(|c| i18n::install_zh(&c).is_ok_and(|n| n > 0)) {
        lang = Lang::En;
    }
    i18n::set_lang(lang);
    if let Some(html) = gloo::utils::document().document_element() {
        let _ = html.set_attribute("lang", lang.html());
    }
}

/// Called by `www/boot.js` once the Web Worker pool is running.
#[wasm_bindgen]
pub fn start_app(workers: usize, notice: Option<String>, pool_ms: f64) {
    runtime::clock::install();
    runtime::net::install();
    let root = gloo::utils::document()
        .get_element_by_id("app")
        .expect("#app exists");
    yew::Renderer::<ui::app::App>::with_root_and_props(
        root,
        ui::app::AppProps {
            workers,
            notice,
            pool_ms,
        },
    )
    .render();
}
