//! Blocking HTTP GET for lessons that fetch, behind a trait so the same
//! lesson runs against a fake natively and against the real network (a
//! synchronous XMLHttpRequest inside the Web Worker) in the browser. The
//! runtime installs the transport at start-up, like the clock.

use std::sync::{Arc, OnceLock};

#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// HTTP status; 0 when no response arrived (network or CORS error).
    pub status: u16,
    pub bytes: usize,
    /// Why it failed, when it did.
    pub error: Option<String>,
}

impl Response {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

pub trait Transport: Send + Sync {
    /// A blocking GET without credentials. Called on lesson threads only.
    fn get(&self, url: &str) -> Response;
}

static TRANSPORT: OnceLock<Arc<dyn Transport>> = OnceLock::new();

/// Installs the process-wide transport (once; later calls are ignored).
pub fn set_transport(t: Arc<dyn Transport>) {
    let _ = TRANSPORT.set(t);
}

pub fn get(url: &str) -> Response {
    match TRANSPORT.get() {
        Some(t) => t.get(url),
        None => Response {
            status: 0,
            bytes: 0,
            error: Some("no network transport installed".into()),
        },
    }
}

/// A transport for tests: 200 for `.html` pages, 404 for anything else or
/// for `missing`, and a network error for the refused port 127.0.0.1:9.
pub struct Fake;

impl Transport for Fake {
    fn get(&self, url: &str) -> Response {
        if url.contains("127.0.0.1:9/") {
            return Response {
                status: 0,
                bytes: 0,
                error: Some("network error".into()),
            };
        }
        if url.ends_with(".html") && !url.contains("missing") {
            Response {
                status: 200,
                bytes: 200 + url.len(),
                error: None,
            }
        } else {
            Response {
                status: 404,
                bytes: 9,
                error: Some("404 Not Found".into()),
            }
        }
    }
}
