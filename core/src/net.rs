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
    /// The response text (pages are small; the crawler reads their links).
    pub body: String,
    /// Why it failed, when it did.
    pub error: Option<String>,
}

impl Response {
    pub fn failed(why: &str) -> Response {
        Response {
            status: 0,
            bytes: 0,
            body: String::new(),
            error: Some(why.into()),
        }
    }

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
        None => Response::failed("no network transport installed"),
    }
}

/// A transport for native tests: serves the bundled site from disk as the
/// page's static server would (relative URLs under `root`), 404 for files
/// that do not exist, and a network error for the refused port
/// 127.0.0.1:9.
pub struct Files {
    pub root: std::path::PathBuf,
}

#[cfg(not(target_arch = "wasm32"))]
impl Transport for Files {
    fn get(&self, url: &str) -> Response {
        if url.starts_with("http://127.0.0.1:9/") {
            return Response::failed("network error");
        }
        if url.contains("://") || url.contains("..") {
            return Response::failed("outside the bundled site");
        }
        match std::fs::read_to_string(self.root.join(url)) {
            Ok(body) => Response {
                status: 200,
                bytes: body.len(),
                body,
                error: None,
            },
            Err(_) => Response {
                status: 404,
                bytes: 0,
                body: String::new(),
                error: Some("HTTP 404 Not Found".into()),
            },
        }
    }
}
