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

/// Hosts whose pages the bundled site carries: the portals the notes
/// fetch (`www/site/hosts/HOST/`) and `site.lockstep`, the practice site
/// the fetching lessons crawl (`www/site/`).
pub const BUNDLED_HOSTS: &[&str] = &[
    "www.baidu.com",
    "www.sina.com.cn",
    "www.163.com",
    "www.qq.com",
    "www.taobao.com",
    SITE_HOST,
];

/// The bundled practice site's host, as a program writes its URLs
/// (`http://site.lockstep/news.html`).
pub const SITE_HOST: &str = "site.lockstep";

/// `(scheme, host, path)` of an absolute http(s) URL.
pub fn split_url(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let (host, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    Some((scheme, host, path))
}

/// Where the transport fetches `url` from: a bundled host's page from the
/// site served with the page, anything else as it is.
pub fn location(url: &str) -> String {
    if let Some((_, host, path)) = split_url(url) {
        let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
        if BUNDLED_HOSTS.contains(&host.as_str()) {
            let path = match path.split(['?', '#']).next().unwrap_or("") {
                "" => "/",
                p => p,
            };
            let file = if path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            return if host == SITE_HOST {
                format!("www/site{file}")
            } else {
                format!("www/site/hosts/{host}{file}")
            };
        }
    }
    url.to_string()
}

/// The key of a request's draw from the modelled server: the URL itself
/// (FNV-1a), so a request's latency and failure depend on what is fetched
/// and the seed, not on the order threads happen to send them in.
pub fn url_key(url: &str) -> u64 {
    url.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
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

/// The modelled server behaviour the learner sets: a base latency, a random
/// extra, a share of slow responses (5x latency) and a share of failing
/// ones (HTTP 503, modelled: no request is sent for those).
#[derive(Clone, Copy, Debug)]
pub struct Model {
    pub latency: f64,
    pub jitter: f64,
    pub slow_share: f64,
    pub fail_share: f64,
}

/// What the model decided for one request.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Draw {
    pub latency_ns: u64,
    pub slow: bool,
    pub fails: bool,
}

impl Model {
    /// The draw for request `i` under `seed`: independent of timing.
    pub fn draw(&self, seed: u64, i: u64) -> Draw {
        let mut r = crate::rng::stream(seed, 7_000 + i);
        let extra = crate::rng::uniform(&mut r, 0.0, self.jitter);
        let slow = crate::rng::uniform(&mut r, 0.0, 1.0) < self.slow_share;
        let fails = crate::rng::uniform(&mut r, 0.0, 1.0) < self.fail_share;
        let secs = (self.latency + extra) * if slow { 5.0 } else { 1.0 };
        Draw {
            latency_ns: (secs * 1e9) as u64,
            slow,
            fails,
        }
    }

    /// A modelled failing response.
    pub fn failure() -> Response {
        Response {
            status: 503,
            bytes: 0,
            body: String::new(),
            error: Some("HTTP 503 Service Unavailable (modelled)".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_roughly_what_was_asked_and_draws_are_reproducible() {
        let m = Model {
            latency: 0.5,
            jitter: 0.0,
            slow_share: 0.25,
            fail_share: 0.1,
        };
        let draws: Vec<Draw> = (0..4000).map(|i| m.draw(9, i)).collect();
        let slow = draws.iter().filter(|d| d.slow).count() as f64 / 4000.0;
        let fails = draws.iter().filter(|d| d.fails).count() as f64 / 4000.0;
        assert!((slow - 0.25).abs() < 0.03, "{slow}");
        assert!((fails - 0.1).abs() < 0.03, "{fails}");
        assert!(draws
            .iter()
            .all(|d| d.latency_ns == if d.slow { 2_500_000_000 } else { 500_000_000 }));
        assert_eq!(m.draw(9, 17), m.draw(9, 17));
    }
}
