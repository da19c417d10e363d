//! `_net`: the native half of `requests` (`modules/py/requests.py`). A GET
//! goes through the same transport as the fetch lessons (`core::net`: a
//! synchronous XMLHttpRequest in the page's Web Worker, the bundled site
//! from disk natively) after a modelled latency drawn from the run's seed,
//! and is traced as a fetch, so the page's network view shows it.
//!
//! Hosts the bundled site carries (`www/site/hosts/HOST/`: the portals the
//! notes fetch) are served from there; other http(s) URLs go to the
//! transport as they are (in the page: the real network, if CORS allows).

use crate::builtins::nargs;
use crate::error::{Exc, PyResult};
use crate::value::{Kwargs, ModuleNative, Value};
use crate::vm::Vm;
use lockstep_core::trace::{Op, Phase};

/// The modelled network: a base latency and a random extra (seconds).
const LATENCY: f64 = 0.15;
const JITTER: f64 = 0.25;

/// Hosts with pages in the bundled site.
const BUNDLED_HOSTS: &[&str] = &[
    "www.baidu.com",
    "www.sina.com.cn",
    "www.163.com",
    "www.qq.com",
    "www.taobao.com",
];

pub fn create(_vm: &mut Vm) -> Value {
    super::build("_net", ModuleNative::None, &[("get", get)], vec![])
}

/// `(scheme, host, path)` of an absolute http(s) URL.
fn split(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let (host, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    Some((scheme, host, path))
}

/// The URL as `requests` reports it: an empty path becomes `/`.
pub fn normalize(url: &str) -> String {
    match split(url) {
        Some((scheme, host, "")) => format!("{scheme}://{}/", host.to_ascii_lowercase()),
        Some((scheme, host, path)) => format!("{scheme}://{}{path}", host.to_ascii_lowercase()),
        None => url.to_string(),
    }
}

/// Where the transport fetches `url` from.
fn location(url: &str) -> String {
    if let Some((_, host, path)) = split(url) {
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
            return format!("www/site/hosts/{host}{file}");
        }
    }
    url.to_string()
}

/// `get(url, timeout)`: `(status, url, text, error)`; `error` is `None`,
/// `"timeout"` (the modelled latency passed `timeout`) or the transport's
/// message when no response arrived (status 0).
fn get(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("get", &a, 2, 2)?;
    let url = vm.to_str(&a[0])?;
    let timeout = match &a[1] {
        Value::None => None,
        v => Some(crate::modules::time::checked_seconds(vm, v)?),
    };
    let index = vm.ctx.next_name("fetch") as i64;
    let mut r = lockstep_core::rng::stream(vm.ctx.seed(), 9_000 + index as u64);
    let latency = LATENCY + lockstep_core::rng::uniform(&mut r, 0.0, JITTER);
    let shown = normalize(&url);
    let text_id = vm.ctx.text(&shown);
    vm.ctx.checkpoint().map_err(Exc::Stop)?;
    vm.ctx.emit(0, Op::Fetch, Phase::Begin, index, text_id);
    let wait = timeout.map_or(latency, |t| t.min(latency));
    vm.blocking(|c| c.wait_demo((wait * 1e9) as u64))?
        .map_err(Exc::Stop)?;
    if timeout.is_some_and(|t| t < latency) {
        vm.ctx.emit(0, Op::Fetch, Phase::Failed, index, 0);
        return tuple(vec![
            Value::Int(0),
            Value::str(&shown),
            Value::str(""),
            Value::str("timeout"),
        ]);
    }
    let where_ = location(&url);
    let resp = vm.blocking(|_| lockstep_core::net::get(&where_))?;
    let phase = if resp.status == 0 {
        Phase::Failed
    } else {
        Phase::End
    };
    vm.ctx.emit(0, Op::Fetch, phase, index, resp.status as i64);
    let error = match (&resp.error, resp.status) {
        (Some(e), 0) => Value::str(e),
        _ => Value::None,
    };
    let body = Value::from_string(resp.body);
    tuple(vec![
        Value::Int(resp.status as i64),
        Value::str(&shown),
        body,
        error,
    ])
}

fn tuple(items: Vec<Value>) -> PyResult<Value> {
    Value::try_tuple(items).ok_or_else(crate::error::memory_error)
}
