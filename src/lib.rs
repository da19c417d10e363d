//! Lockstep's web app: the runtime (wasm threads) and the UI (yew).
//! The concurrency itself lives in `lockstep-core`; see ARCHITECTURE.md.

#[cfg(feature = "bench")]
pub mod bench;
pub mod runtime;
pub mod ui;

use wasm_bindgen::prelude::*;

pub use runtime::{pool_plan, start_pool};

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
