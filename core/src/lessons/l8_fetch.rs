//! L8. Thread pool parallel fetch: `multiprocessing.dummy.Pool(4).map(get, urls)`.
//!
//! At most n requests are in flight; each pool thread blocks in its request;
//! results come back in input order even when responses finish out of
//! order; a failed request (404, timeout, network error) is a result, not
//! the end of the pool.

use super::{line_of, network, Body, Check, Flag, Float, Group, Int, Lesson, ParamSpec, Params, Url};
use crate::net;
use crate::pool::{Pool, PoolKind};
use crate::reduce::View;
use crate::trace::{Event, ObjKind, Op, Phase, TraceLog};
use crate::{t, tf, tn, tp};

pub struct ParallelFetch;

/// The bundled practice site (served with the page, in `www/site/`).
const PAGES: &[&str] = &["search", "news", "mail", "chat", "shop", "video", "maps", "music"];
/// A page that does not exist: a real 404.
pub const MISSING: &str = "http://site.lockstep/missing.html";
/// A port nothing listens on: a real network error (connection refused).
pub const UNREACHABLE: &str = "http://127.0.0.1:9/";

const WORKERS: Int = Int::new(
    "workers",
    tn!("Pool size"),
    1,
    8,
    4,
    tn!("ThreadPool(n): how many requests can be in flight"),
)
.bound("pool = ThreadPool(", ")");
const URLS: Int = Int::new(
    "urls",
    tn!("Pages"),
    1,
    8,
    5,
    tn!("how many pages of the bundled site to fetch"),
);
const FAILURES: Flag = Flag::new(
    "failures",
    tn!("Add failing URLs"),
    true,
    tn!("a missing page (404) and an unreachable host (network error)"),
);
const CUSTOM: Url = Url::new(
    "custom",
    tn!("Your URL (optional)"),
    200,
    tn!("fetched too, without credentials; another site must allow CORS or it fails"),
);
const TIMEOUT: Float = Float::new(
    "timeout",
    tn!("Timeout (s)"),
    0.5,
    10.0,
    0.5,
    5.0,
    tn!("requests.get(url, timeout=...): slower requests fail"),
)
.bound("timeout=", ")");
const PARAMS: &[ParamSpec] = &[
    WORKERS.0,
    URLS.0,
    FAILURES.0,
    CUSTOM.0,
    network::LATENCY.0,
    network::JITTER.0,
    network::SLOW.0,
    network::FAIL.0,
    TIMEOUT.0,
];

/// The URLs fetched, in input order.
pub fn urls(p: &Params) -> Vec<String> {
    let mut u: Vec<String> = PAGES
        .iter()
        .take(p.count(&URLS))
        .map(|k| format!("http://{}/{k}.html", net::SITE_HOST))
        .collect();
    if p.of(&FAILURES) {
        u.insert(u.len().min(1), MISSING.to_string());
        u.insert(u.len().min(3), UNREACHABLE.to_string());
    }
    if !p.of(&CUSTOM).is_empty() {
        u.push(p.of(&CUSTOM).to_string());
    }
    u
}

/// The model's draw for each request.
/// The model's draw for each URL of [`urls`], keyed by the URL (as the
/// interpreter's `requests` draws it: `net::url_key`).
pub fn draws(p: &Params, seed: u64) -> Vec<net::Draw> {
    urls(p)
        .iter()
        .map(|u| network::model(p).draw(seed, net::url_key(u)))
        .collect()
}

/// How one request ends, as the draws decide it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The drawn latency is longer than the timeout: `requests` gives up
    /// (modelled) before any answer.
    TimedOut,
    /// The server's failing share: HTTP 503 (modelled).
    Unavailable,
    /// A page of the bundled site: 200.
    Page,
    /// The missing page: a real 404.
    NotFound,
    /// The unreachable host: a real network error (connection refused).
    NetworkError,
    /// The learner's URL: whatever that site answers.
    Custom,
}

/// What happens to each URL of [`urls`] under `seed`: decided by the draws
/// alone, not by timing. An unreachable host has no server to answer a
/// 503, so the failing share does not touch it; its refusal still takes
/// the modelled latency to come back, so it can time out.
pub fn outcomes(p: &Params, seed: u64) -> Vec<Outcome> {
    let list = urls(p);
    let timeout = (p.of(&TIMEOUT) * 1e9) as u64;
    let custom = !p.of(&CUSTOM).is_empty();
    draws(p, seed)
        .iter()
        .zip(&list)
        .enumerate()
        .map(|(i, (d, u))| {
            if d.latency_ns > timeout {
                Outcome::TimedOut
            } else if u == UNREACHABLE {
                Outcome::NetworkError
            } else if d.fails {
                Outcome::Unavailable
            } else if custom && i == list.len() - 1 {
                Outcome::Custom
            } else if u == MISSING {
                Outcome::NotFound
            } else {
                Outcome::Page
            }
        })
        .collect()
}

/// The request for `url` in the trace (the interpreter's `requests`
/// records the URL as it normalises it: a lowercase host, a `/` path).
fn fetch_of<'a>(view: &'a View, url: &str) -> Option<&'a crate::reduce::FetchView> {
    view.fetches.values().find(|f| same_url(url, &f.url))
}

fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

impl Lesson for ParallelFetch {
    fn id(&self) -> &'static str {
        "fetch"
    }
    fn number(&self) -> &'static str {
        "L8"
    }
    fn title(&self) -> &'static str {
        t!("Thread pool parallel fetch: ThreadPool(4).map(requests.get, urls)")
    }
    fn group(&self) -> Group {
        Group::Fetching
    }
    fn network(&self, p: &Params) -> Option<net::Model> {
        Some(network::model(p))
    }
    fn fetches(&self) -> bool {
        true
    }
    fn panels(&self) -> &'static [super::Panel] {
        &[super::Panel::Waterfall]
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn python(&self, p: &Params) -> String {
        // A Python string literal: the learner's URL may hold a quote.
        let lit = |u: &str| u.replace('\\', "\\\\").replace('\'', "\\'");
        let list: String = urls(p).iter().map(|u| format!("    '{}',\n", lit(u))).collect();
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

for url, r in zip(urls, results):
    print(url, getattr(r, 'status_code', 'failed: %s' % r))
"#,
            timeout = p.of(&TIMEOUT),
            n = p.of(&WORKERS),
        )
    }

    fn explain(&self) -> &'static str {
        t!("Each pool thread takes the next URL and blocks until its response arrives, so at most n requests are \
         in flight and the rest wait their turn. Responses finish in any order (latency varies), yet map() \
         returns the results in the order of the input. A request that fails is one result among the others; \
         the pool carries on.")
    }

    fn modelled(&self) -> Option<&'static str> {
        Some(t!("Requests are real HTTP requests (see the browser's network panel), sent by requests.get on the pool's Web Workers without credentials; site.lockstep is the practice site served with the page. Network latency is modelled: each request waits its drawn latency (demo time) first. Timeouts and the failing share's 503s are modelled too (an unreachable host has no server to answer 503); 404s and network errors are real."))
    }

    fn expected(&self, p: &Params) -> String {
        let timeout = p.of(&TIMEOUT);
        let timeout_ns = (timeout * 1e9) as u64;
        let (lat, jit, slow, fail) = (
            p.of(&network::LATENCY),
            p.of(&network::JITTER),
            p.of(&network::SLOW),
            p.of(&network::FAIL),
        );
        // The shortest and longest latency the model can draw.
        let min = lat * if slow >= 1.0 { 5.0 } else { 1.0 };
        let max = (lat + jit) * if slow > 0.0 { 5.0 } else { 1.0 };
        // Clauses joined by "; " (a template: a catalog line cannot end in a space).
        let semi = |a: String, b: String| tf!("{a}; {b}", a, b);
        let head = tp!(
            p.count(&WORKERS),
            "At most {n} request in flight; results printed in input order, each failure one result among the others",
            "At most {n} requests in flight; results printed in input order, each failure one result among the others"
        );
        if (min * 1e9) as u64 > timeout_ns {
            let rest = if p.of(&FAILURES) {
                t!(", and neither the 404 nor the network error gets a chance to show")
            } else {
                ""
            };
            return semi(
                head,
                tf!(
                    "every request's latency ({min} s or more) is longer than the {timeout} s timeout, so every request times out: no page arrives{rest}.",
                    min = format!("{min:.1}"),
                    timeout,
                    rest
                ),
            );
        }
        let mut s = head;
        let times_out = (max * 1e9) as u64 > timeout_ns;
        if times_out {
            s = semi(
                s,
                tf!(
                    "requests whose drawn latency (up to {max} s) is longer than the {timeout} s timeout time out",
                    max = format!("{max:.1}"),
                    timeout
                ),
            );
        }
        if fail > 0.0 {
            s = semi(
                s,
                tf!(
                    "about {pct}% of the requests get a modelled 503",
                    pct = format!("{:.0}", fail * 100.0)
                ),
            );
        }
        if p.of(&FAILURES) {
            let missing_unless = match (times_out, fail > 0.0) {
                (true, true) => t!(" (unless its request times out or gets the 503 first)"),
                (true, false) => t!(" (unless its request times out first)"),
                (false, true) => t!(" (unless its request gets the 503 first)"),
                (false, false) => "",
            };
            let host_unless = if times_out {
                t!(" (unless its request times out first)")
            } else {
                ""
            };
            s = semi(
                s,
                tf!(
                    "the missing page fails with 404{missing_unless} and the unreachable host with a network error{host_unless}",
                    missing_unless,
                    host_unless
                ),
            );
        }
        let last = if times_out || fail > 0.0 || p.of(&FAILURES) {
            t!("every other page arrives.")
        } else {
            t!("every page arrives.")
        };
        semi(s, last.to_string())
    }

    fn threads(&self, p: &Params) -> usize {
        p.count(&WORKERS) + 1
    }

    fn body(&self, p: &Params, seed: u64) -> Body {
        let (n, timeout) = (p.count(&WORKERS), (p.of(&TIMEOUT) * 1e9) as u64);
        let urls = urls(p);
        let draws = draws(p, seed);
        let outcomes = outcomes(p, seed);
        Box::new(move |ctx| {
            let pool = Pool::new(ctx, n, PoolKind::Threads)?;
            let list = urls.clone();
            let results = pool.map(ctx, (0..urls.len()).collect(), move |c, i: usize| {
                c.checkpoint()?;
                let id = c.text(&list[i]);
                c.emit(0, Op::Fetch, Phase::Begin, i as i64, id);
                let r = match outcomes[i] {
                    Outcome::TimedOut => {
                        c.wait_demo(timeout)?;
                        net::Response::failed("timeout (modelled)")
                    }
                    Outcome::Unavailable => {
                        c.wait_demo(draws[i].latency_ns)?;
                        net::Model::failure()
                    }
                    _ => {
                        c.wait_demo(draws[i].latency_ns)?;
                        net::get(&net::location(&list[i]))
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
        let seed = log.seed().unwrap_or(0);
        let outs = outcomes(p, seed);
        let drawn = draws(p, seed);
        let timeout = p.of(&TIMEOUT);
        let timeout_ns = (timeout * 1e9) as u64;
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
            let mut ends: Vec<(u64, usize)> = view
                .fetches
                .values()
                .filter_map(|f| Some((f.end?, want.iter().position(|u| same_url(u, &f.url))?)))
                .collect();
            ends.sort();
            ends.windows(2).all(|w| w[0].1 < w[1].1)
        };
        // Whether request i ended as its draw says.
        let ended_as_drawn = |i: usize| -> bool {
            let Some(f) = fetch_of(view, &want[i]) else {
                return false;
            };
            let line = view
                .output
                .get(i)
                .map(|l| l.text.as_str())
                .filter(|t| t.split(' ').next() == Some(want[i].as_str()))
                .unwrap_or("");
            // The model's words, or requests' ReadTimeout.
            let timed_out = line.contains("timeout (modelled)") || line.contains("timed out");
            match outs[i] {
                Outcome::TimedOut => {
                    f.status == Some(0)
                        && timed_out
                        && f.end
                            .is_some_and(|e| e.saturating_sub(f.start) + 1_000_000 >= timeout_ns)
                }
                Outcome::Unavailable => f.status == Some(503),
                Outcome::Page => f.status == Some(200),
                Outcome::NotFound => f.status == Some(404),
                Outcome::NetworkError => f.status == Some(0) && !timed_out,
                Outcome::Custom => f.status.is_some() && !timed_out,
            }
        };
        let count = |o: Outcome| outs.iter().filter(|x| **x == o).count();
        let mut parts = Vec::new();
        match count(Outcome::Page) {
            0 => {}
            k => parts.push(tp!(k, "{n} page arrived", "{n} pages arrived")),
        }
        if count(Outcome::NotFound) > 0 {
            parts.push(t!("the missing page answered 404").to_string());
        }
        if count(Outcome::NetworkError) > 0 {
            parts.push(t!("the unreachable host refused the connection").to_string());
        }
        if count(Outcome::Custom) > 0 {
            parts.push(t!("your URL answered").to_string());
        }
        match count(Outcome::TimedOut) {
            0 => {}
            k if k == want.len() => parts.push(tf!("every one timed out after {timeout} s", timeout)),
            k => parts.push(tf!("{k} timed out after {timeout} s", k, timeout)),
        }
        match count(Outcome::Unavailable) {
            0 => {}
            k => parts.push(tf!("{k} got a modelled 503", k)),
        }
        // Joined by ", " (a template: a catalog line cannot end in a space).
        let parts = parts
            .into_iter()
            .reduce(|a, b| tf!("{a}, {b}", a, b))
            .unwrap_or_default();
        let wrong: Vec<String> = (0..want.len())
            .filter(|i| !ended_as_drawn(*i))
            .map(|i| {
                let got = fetch_of(view, &want[i]).and_then(|f| f.status);
                tf!(
                    "{url}: expected {outcome}, got {got}",
                    url = want[i],
                    outcome = format!("{:?}", outs[i]),
                    got = got.map_or(t!("no answer").to_string(), |s| s.to_string())
                )
            })
            .collect();
        let mut out = vec![
            Check::new(
                tp!(
                    p.count(&WORKERS),
                    "at most {n} request in flight",
                    "at most {n} requests in flight"
                ),
                peak <= p.of(&WORKERS),
                tf!("peak {peak}", peak),
            ),
            Check::new(
                match want.len() {
                    1 => tf!(
                        "the one request was made and ended as the draws decide: {parts}",
                        parts
                    ),
                    n => tf!(
                        "all {n} requests were made and ended as the draws decide: {parts}",
                        n,
                        parts
                    ),
                },
                done == want.len() && wrong.is_empty(),
                if wrong.is_empty() {
                    tf!("{done} ended", done)
                } else {
                    wrong.join("; ")
                },
            ),
            Check::new(
                t!("results come back in input order"),
                printed == want,
                if finished_in_order {
                    t!("responses also finished in order this time")
                } else {
                    t!("though responses finished out of order")
                },
            ),
        ];
        if p.of(&FAILURES) {
            let i = want
                .iter()
                .position(|u| u == MISSING)
                .expect("the missing page is listed");
            let latency = drawn[i].latency_ns as f64 / 1e9;
            let label = match outs[i] {
                Outcome::TimedOut => tf!(
                    "the request for the missing page timed out after {timeout} s before the server could answer 404 (its drawn latency was {latency} s)",
                    timeout,
                    latency = format!("{latency:.2}")
                ),
                Outcome::Unavailable => t!(
                    "the request for the missing page got the modelled 503 (the failing share) before it could reach the 404"
                )
                .to_string(),
                _ => t!("the missing page failed with 404, the pool carried on").to_string(),
            };
            out.push(Check::new(label, ended_as_drawn(i) && done == want.len(), ""));
            let i = want
                .iter()
                .position(|u| u == UNREACHABLE)
                .expect("the unreachable host is listed");
            let latency = drawn[i].latency_ns as f64 / 1e9;
            let label = match outs[i] {
                Outcome::TimedOut => tf!(
                    "the request to the unreachable host timed out after {timeout} s before its refusal could come back (its drawn latency was {latency} s)",
                    timeout,
                    latency = format!("{latency:.2}")
                ),
                _ => t!("the unreachable host failed with a network error").to_string(),
            };
            out.push(Check::new(label, ended_as_drawn(i), ""));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn params(kv: &[(&str, &str)]) -> Params {
        let (p, notices) = Params::from_raw(PARAMS, kv.iter().copied());
        assert!(notices.is_empty(), "{notices:?}");
        p
    }

    #[test]
    fn a_timeout_shorter_than_every_latency_times_out_every_request() {
        let p = params(&[("latency", "2"), ("jitter", "0"), ("timeout", "0.5")]);
        assert!(outcomes(&p, 1).iter().all(|o| *o == Outcome::TimedOut));
        assert!(ParallelFetch.expected(&p).contains("every request times out"));
    }

    #[test]
    fn the_unreachable_host_never_answers_503_and_the_missing_page_may() {
        let p = params(&[("fail", "1"), ("latency", "0.1"), ("jitter", "0")]);
        let list = urls(&p);
        for (u, o) in list.iter().zip(outcomes(&p, 3)) {
            let want = if u == UNREACHABLE {
                Outcome::NetworkError
            } else {
                Outcome::Unavailable
            };
            assert_eq!(o, want, "{u}");
        }
    }

    #[test]
    fn by_default_every_page_arrives_beside_the_404_and_the_network_error() {
        let p = params(&[]);
        let o = outcomes(&p, 1);
        let list = urls(&p);
        assert_eq!(
            o[list.iter().position(|u| u == MISSING).unwrap()],
            Outcome::NotFound
        );
        assert_eq!(
            o[list.iter().position(|u| u == UNREACHABLE).unwrap()],
            Outcome::NetworkError
        );
        assert_eq!(o.iter().filter(|x| **x == Outcome::Page).count(), 5);
    }
}
