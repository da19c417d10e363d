//! What the browser test files (`tests/web*.rs`) share.

use lockstep::runtime;
use wasm_bindgen_futures::JsFuture;

/// Starts the page's worker pool with `workers` workers, once per page (it
/// can only be started once), and the shared clock.
pub async fn pool(workers: usize) {
    thread_local!(static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !STARTED.with(|s| s.replace(true)) {
        JsFuture::from(runtime::start_pool(workers))
            .await
            .expect("pool starts");
        runtime::clock::install();
    }
}
