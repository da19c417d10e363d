//! L8. Thread pool parallel fetch: `multiprocessing.dummy.Pool(4).map(get, urls)`.
//!
//! At most n requests are in flight; each pool thread blocks in its request;
//! results come back in input order even when responses finish out of
//! order; a failed request (404, timeout, network error) is a result, not
//! the end of the pool.

use super::{line_of, network, Body, Check, Group, Lesson, ParamSpec, Params};
use crate::net;
use crate::pool::{Pool, PoolKind};
use crate::reduce::View;
use crate::trace::{Event, ObjKind, Op, Phase, TraceLog};

pub struct ParallelFetch;

/// The bundled practice site (served with the page, in `www/site/`).
const PAGES: &[&str] = &["search", "news", "mail", "chat", "shop", "video", "maps", "music"];
/// A page that does not exist: a real 404.
pub const MISSING: &str = "www/site/missing.html";
/// A port nothing listens on: a real network error (connection refused).
pub const UNREACHABLE: &str = "http://127.0.0.1:9/";

const PARAMS: &[ParamSpec] = &[
    ParamSpec::int(
        "workers",
        "Pool size",
        1,
        8,
        4,
        "ThreadPool(n): how many requests can be in flight",
    ),
    ParamSpec::int(
        "urls",
        "Pages",
        1,
        8,
        5,
        "how many pages of the bundled site to fetch",
    ),
    ParamSpec::flag(
        "failures",
        "Add failing URLs",
        true,
        "a missing page (404) and an unreachable host (network error)",
    ),
    ParamSpec::url(
        "custom",
        "Your URL (optional)",
        200,
        "fetched too, without credentials; another site must allow CORS or it fails",
    ),
    network::LATENCY,
    network::JITTER,
    network::SLOW,
    network::FAIL,
    ParamSpec::float(
        "timeout",
        "Timeout (s)",
        0.5,
        10.0,
        0.5,
        5.0,
        "requests.get(url, timeout=...): slower requests fail",
    ),
];

/// The URLs fetched, in input order.
pub fn urls(p: &Params) -> Vec<String> {
    let mut u: Vec<String> = PAGES
        .iter()
        .take(p.usize("urls"))
        .map(|k| format!("www/site/{k}.html"))
        .collect();
    if p.flag("failures") {
        u.insert(u.len().min(1), MISSING.to_string());
        u.insert(u.len().min(3), UNREACHABLE.to_string());
    }
    if !p.url("custom").is_empty() {
        u.push(p.url("custom").to_string());
    }
    u
}

/// The model's draw for each request.
pub fn draws(p: &Params, seed: u64, n: usize) -> Vec<net::Draw> {
    (0..n).map(|i| network::model(p).draw(seed, i as u64)).collect()
}

impl Lesson for ParallelFetch {
    fn id(&self) -> &'static str {
        "fetch"
    }
    fn number(&self) -> &'static str {
        "L8"
    }
    fn title(&self) -> &'static str {
        "Thread pool parallel fetch: ThreadPool(4).map(requests.get, urls)"
    }
    fn group(&self) -> Group {
        Group::Fetching
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn python(&self, p: &Params) -> String {
        let list: String = urls(p).iter().map(|u| format!("    '{u}',\n")).collect();
        format!(
            r#"import requests
from multiprocessing.dummy import Pool as ThreadPool

urls = [
{list}]

def fetch(url):                  # a failure must not stop the pool
    try:
        return requests.get(url, timeout={timeout})
    except requests.RequestException as e:
        return e

# start a pool of threads
pool = ThreadPool({n})
# results, in the order of urls
results = pool.map(fetch, urls)
# close the pool and wait for the work to finish
pool.close()
pool.join()

for r in results:
    print(getattr(r, 'url', r), getattr(r, 'status_code', ''))
"#,
            timeout = p.float("timeout"),
            n = p.int("workers"),
        )
    }

    fn explain(&self) -> &'static str {
        "Each pool thread takes the next URL and blocks until its response arrives, so at most n requests are \
         in flight and the rest wait their turn. Responses finish in any order (latency varies), yet map() \
         returns the results in the order of the input. A request that fails is one result among the others; \
         the pool carries on."
    }

    fn modelled(&self) -> Option<&'static str> {
        Some("Requests are real HTTP requests (see the browser's network panel), sent from the pool's Web Workers without credentials. Network latency is modelled: each worker waits the drawn latency (demo time) before its request. Timeouts are modelled too; 404s and network errors are real.")
    }

    fn expected(&self, p: &Params) -> String {
        format!(
            "At most {} requests in flight; results printed in input order; {}",
            p.int("workers"),
            if p.flag("failures") {
                "the 404 and the network error show as failed results and every other page still arrives."
            } else {
                "every page arrives."
            }
        )
    }

    fn threads(&self, p: &Params) -> usize {
        p.usize("workers") + 1
    }

    fn body(&self, p: &Params, seed: u64) -> Body {
        let (n, timeout) = (p.usize("workers"), (p.float("timeout") * 1e9) as u64);
        let urls = urls(p);
        let draws = draws(p, seed, urls.len());
        Box::new(move |ctx| {
            let pool = Pool::new(ctx, n, PoolKind::Threads)?;
            let list = urls.clone();
            let results = pool.map(ctx, (0..urls.len()).collect(), move |c, i: usize| {
                c.checkpoint()?;
                let id = c.text(&list[i]);
                c.emit(0, Op::Fetch, Phase::Begin, i as i64, id);
                let d = draws[i];
                let r = if d.latency_ns > timeout {
                    c.wait_demo(timeout)?;
                    net::Response::failed("timeout (modelled)")
                } else {
                    c.wait_demo(d.latency_ns)?;
                    if d.fails {
                        net::Model::failure()
                    } else {
                        net::get(&list[i])
                    }
                };
                let phase = if r.ok() { Phase::End } else { Phase::Failed };
                c.emit(0, Op::Fetch, phase, i as i64, r.status as i64);
                Ok(r)
            })?;
            pool.close(ctx)?;
            pool.join(ctx)?;
            for (u, r) in urls.iter().zip(results) {
                match r.error {
                    Some(e) if !r.ok() => ctx.print(format!("{u} failed: {e}"))?,
                    _ => ctx.print(format!("{u} {}", r.status))?,
                }
            }
            Ok(())
        })
    }

    fn check(&self, p: &Params, log: &TraceLog, view: &View) -> Vec<Check> {
        let want = urls(p);
        let printed: Vec<String> = view
            .output
            .iter()
            .map(|l| l.text.split(' ').next().unwrap_or("").to_string())
            .collect();
        let mut inflight = 0i64;
        let mut peak = 0i64;
        for e in log.events.iter().filter(|e| e.op == Op::Fetch) {
            inflight += if e.phase == Phase::Begin { 1 } else { -1 };
            peak = peak.max(inflight);
        }
        let done = view.fetches.values().filter(|f| f.status.is_some()).count();
        let finished_in_order = {
            let mut ends: Vec<(u64, i64)> = view
                .fetches
                .values()
                .filter_map(|f| Some((f.end?, f.index)))
                .collect();
            ends.sort();
            ends.windows(2).all(|w| w[0].1 < w[1].1)
        };
        let mut out = vec![
            Check::new(
                format!("at most {} requests in flight", p.int("workers")),
                peak <= p.int("workers"),
                format!("peak {peak}"),
            ),
            Check::new(
                format!("all {} requests were made and answered", want.len()),
                done == want.len(),
                format!("{done}"),
            ),
            Check::new(
                "results come back in input order",
                printed == want,
                if finished_in_order {
                    "responses also finished in order this time".to_string()
                } else {
                    "though responses finished out of order".to_string()
                },
            ),
        ];
        if p.flag("failures") {
            let failed404 = view
                .fetches
                .values()
                .any(|f| f.url == MISSING && f.status == Some(404));
            let neterr = view
                .fetches
                .values()
                .any(|f| f.url == UNREACHABLE && f.status == Some(0));
            out.push(Check::new(
                "the missing page failed with 404, the pool carried on",
                failed404,
                "",
            ));
            out.push(Check::new(
                "the unreachable host failed with a network error",
                neterr,
                "",
            ));
        }
        out
    }

    fn line(&self, p: &Params, e: &Event, _kind: Option<ObjKind>) -> Option<usize> {
        let code = self.python(p);
        let needle = match e.op {
            Op::Fetch => "requests.get(url",
            Op::Submit | Op::Get if e.tid == 1 => "results = pool.map",
            Op::Close => "pool.close()",
            Op::WaitAll | Op::Join => "pool.join()",
            Op::Print => "print(",
            _ => return None,
        };
        line_of(&code, needle)
    }
}
