//! `_net`: the native half of `requests` (`modules/py/requests.py`). A GET
//! goes through the same transport as the fetch lessons (`core::net`: a
//! synchronous XMLHttpRequest in the page's Web Worker, the bundled site
//! from disk natively) after a modelled latency drawn from the run's seed,
//! and is traced as a fetch, so the page's network view shows it.
//!
//! Hosts the bundled site carries (`core::net::BUNDLED_HOSTS`: the portals
//! the notes fetch, and `site.lockstep`, the fetching lessons' practice
//! site) are served from there; other http(s) URLs go to the transport as
//! they are (in the page: the real network, if CORS allows). A lesson's
//! modelled server (`RunConfig::network`) decides each request's latency
//! and whether it fails, by URL and seed, as the lesson's checks expect.

use crate::builtins::nargs;
use crate::error::{Exc, PyResult};
use crate::value::{Kwargs, ModuleNative, Value};
use crate::vm::Vm;
use lockstep_core::trace::{Op, Phase};

/// The modelled network: a base latency and a random extra (seconds).
const LATENCY: f64 = 0.15;
const JITTER: f64 = 0.25;

use lockstep_core::net::{location, split_url as split};

pub fn create(_vm: &mut Vm) -> Value {
    super::build("_net", ModuleNative::None, &[("get", get)], vec![])
}

/// The URL as `requests` reports it: an empty path becomes `/`.
pub fn normalize(url: &str) -> String {
    match split(url) {
        Some((scheme, host, "")) => format!("{scheme}://{}/", host.to_ascii_lowercase()),
        Some((scheme, host, path)) => format!("{scheme}://{}{path}", host.to_ascii_lowercase()),
        None => url.to_string(),
    }
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
    // The lesson's modelled server, drawn per URL (core::net::Model), or
    // the default latency.
    let model = vm.interp.config.network;
    let (latency, fails) = match model {
        Some(m) => {
            let d = m.draw(vm.ctx.seed(), lockstep_core::net::url_key(&url));
            (d.latency_ns as f64 / 1e9, d.fails)
        }
        None => {
            let mut r = lockstep_core::rng::stream(vm.ctx.seed(), 9_000 + index as u64);
            (LATENCY + lockstep_core::rng::uniform(&mut r, 0.0, JITTER), false)
        }
    };
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
    let mut resp = vm.blocking(|_| lockstep_core::net::get(&where_))?;
    // The server's failing share answers 503 (modelled); a host that did
    // not answer at all has no server to say so.
    if fails && resp.status != 0 {
        resp = lockstep_core::net::Model::failure();
    }
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
