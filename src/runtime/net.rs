//! The browser transport for lessons that fetch: a synchronous
//! XMLHttpRequest, made inside the lesson thread's Web Worker (dedicated
//! workers allow sync XHR; it blocks only that worker, never the page).
//! No credentials are sent. URLs are resolved against the page's address,
//! captured on the main thread (a blob worker's own base is useless).

use lockstep_core::net::{Response, Transport};
use std::sync::Arc;

struct Xhr {
    base: String,
}

impl Transport for Xhr {
    fn get(&self, url: &str) -> Response {
        let fail = |e: String| Response::failed(&e);
        let Ok(abs) = web_sys::Url::new_with_base(url, &self.base) else {
            return fail(format!("not a URL: {url}"));
        };
        let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
            return fail("XMLHttpRequest unavailable".into());
        };
        if xhr.open_with_async("GET", &abs.href(), false).is_err() {
            return fail("could not open the request".into());
        }
        xhr.set_with_credentials(false);
        if xhr.send().is_err() {
            return fail("network or CORS error".into());
        }
        let status = xhr.status().unwrap_or(0);
        let body = xhr.response_text().ok().flatten().unwrap_or_default();
        let error = match status {
            200..=299 => None,
            0 => Some("network or CORS error".into()),
            s => Some(format!("HTTP {s} {}", xhr.status_text().unwrap_or_default())),
        };
        Response {
            status,
            bytes: body.len(),
            body,
            error,
        }
    }
}

/// Installs the XHR transport; call on the main thread at start-up.
pub fn install() {
    let base = gloo::utils::window().location().href().unwrap_or_default();
    lockstep_core::net::set_transport(Arc::new(Xhr { base }));
}
