//! L1. Scrapy concurrency settings: `CONCURRENT_REQUESTS`,
//! `CONCURRENT_REQUESTS_PER_DOMAIN`, `DOWNLOAD_DELAY`,
//! `RANDOMIZE_DOWNLOAD_DELAY`, over the bundled practice site
//! (`www/site/crawl/`: three "domains" of pages that link to each other,
//! with duplicate and dead links).
//!
//! Scrapy's downloader is one async thread; here each download slot is a
//! real thread (`MainThread` is one of them) so the limits are visible as
//! lanes. The rules are Scrapy's: never more than `CONCURRENT_REQUESTS`
//! in flight, nor more than `CONCURRENT_REQUESTS_PER_DOMAIN` to one domain;
//! requests to one domain start at least `DOWNLOAD_DELAY` apart
//! (randomised to 0.5x-1.5x when `RANDOMIZE_DOWNLOAD_DELAY` is on); every
//! URL is fetched once (the seen-set filters duplicates).

use super::{line_of, network, Body, Check, Group, Lesson, ParamSpec, Params};
use crate::net;
use crate::reduce::View;
use crate::rng;
use crate::sync::Condition;
use crate::trace::{Event, ObjKind, Op, Phase, TraceLog};
use crate::{Ctx, Result};
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

pub struct Crawler;

pub const START: &str = "www/site/crawl/alpha.test/p0.html";

const PARAMS: &[ParamSpec] = &[
    ParamSpec::int(
        "concurrent",
        "CONCURRENT_REQUESTS",
        1,
        32,
        16,
        "most requests in flight at once (Scrapy's default 16)",
    ),
    ParamSpec::int(
        "per_domain",
        "CONCURRENT_REQUESTS_PER_DOMAIN",
        1,
        16,
        8,
        "most requests in flight to one domain (default 8)",
    ),
    ParamSpec::float(
        "delay",
        "DOWNLOAD_DELAY (s)",
        0.0,
        2.0,
        0.1,
        0.0,
        "least time between requests to one domain (default 0)",
    ),
    ParamSpec::flag(
        "randomize",
        "RANDOMIZE_DOWNLOAD_DELAY",
        true,
        "wait 0.5x to 1.5x of DOWNLOAD_DELAY, at random (default on)",
    ),
    network::LATENCY,
    network::JITTER,
    network::SLOW,
    network::FAIL,
    ParamSpec::flag(
        "sweep",
        "Measure throughput vs CONCURRENT_REQUESTS",
        false,
        "crawl again with 1, 2, 4, ... up to CONCURRENT_REQUESTS and compare pages/second",
    ),
];

/// The modelled domain of a bundled URL: the folder after `crawl/`.
pub fn domain(url: &str) -> &str {
    url.split("crawl/")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("?")
}

/// Links of a page, resolved against its URL (relative paths only).
pub fn links(url: &str, body: &str) -> Vec<String> {
    let base: Vec<&str> = url
        .rsplit_once('/')
        .map(|(d, _)| d.split('/').collect())
        .unwrap_or_default();
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| !href.contains(':') && !href.starts_with('/') && !href.starts_with('#'))
        .map(|href| {
            let mut parts = base.clone();
            for seg in href.split('/') {
                match seg {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    s => parts.push(s),
                }
            }
            parts.join("/")
        })
        .collect()
}

#[derive(Default)]
struct Sched {
    frontier: VecDeque<String>,
    seen: HashSet<String>,
    per_domain: BTreeMap<String, usize>,
    in_flight: usize,
    /// Demo ns before which a domain may not get another request.
    next_ok: BTreeMap<String, u64>,
    pages: usize,
    failed: usize,
    duplicates: usize,
    requests: u64,
}

struct Settings {
    concurrent: usize,
    per_domain: usize,
    delay: f64,
    randomize: bool,
    model: net::Model,
    seed: u64,
}

/// One crawl with `slots` download threads (the calling thread is one of
/// them). Returns (pages, failed, duplicates, demo seconds).
fn crawl(
    ctx: &Ctx,
    s: Arc<Settings>,
    slots: usize,
    req_ids: Arc<AtomicI64>,
) -> Result<(usize, usize, usize, f64)> {
    let cv = Condition::new(ctx, "scheduler");
    let sched = Arc::new(Mutex::new(Sched::default()));
    {
        let mut st = sched.lock().unwrap();
        st.frontier.push_back(START.to_string());
        st.seen.insert(START.to_string());
    }
    let start = ctx.shared().demo_now();
    let mut hs = Vec::new();
    for _ in 1..slots {
        let (cv, sched, s, ids) = (cv.clone(), sched.clone(), s.clone(), req_ids.clone());
        hs.push(ctx.spawn(None, move |c| downloader(c, &cv, &sched, &s, &ids))?);
    }
    downloader(ctx, &cv, &sched, &s, &req_ids)?;
    for h in hs {
        h.join(ctx)?;
    }
    let secs = (ctx.shared().demo_now() - start) as f64 / 1e9;
    let st = sched.lock().unwrap();
    Ok((st.pages, st.failed, st.duplicates, secs))
}

/// A download slot: takes the next URL the settings allow, fetches it,
/// adds its unseen links to the frontier; until nothing is left.
fn downloader(c: &Ctx, cv: &Condition, sched: &Mutex<Sched>, s: &Settings, ids: &AtomicI64) -> Result<()> {
    loop {
        cv.acquire(c)?;
        let next = loop {
            let now = c.shared().demo_now();
            // The std Mutex is only ever taken while holding the traced
            // scheduler lock, so it is never contended: it is here for Rust.
            let mut st = sched.lock().unwrap();
            let pick = st.frontier.iter().position(|u| {
                let d = domain(u);
                st.in_flight < s.concurrent
                    && st.per_domain.get(d).copied().unwrap_or(0) < s.per_domain
                    && st.next_ok.get(d).is_none_or(|t| now >= *t)
            });
            if let Some(i) = pick {
                let url = st.frontier.remove(i).expect("picked");
                let d = domain(&url).to_string();
                *st.per_domain.entry(d.clone()).or_default() += 1;
                st.in_flight += 1;
                st.requests += 1;
                let factor = if s.randomize {
                    rng::uniform(&mut rng::stream(s.seed, 1000 + st.requests), 0.5, 1.5)
                } else {
                    1.0
                };
                // The request starts here, inside the scheduler's critical
                // section where the delay rule is enforced, so the trace
                // shows the spacing the rule made.
                let id = ids.fetch_add(1, Ordering::Relaxed);
                let started = c.shared().demo_now();
                st.next_ok.insert(d, started + (s.delay * factor * 1e9) as u64);
                let text = c.text(&url);
                c.emit(0, Op::Fetch, Phase::Begin, id, text);
                break Some((url, id));
            }
            if st.frontier.is_empty() && st.in_flight == 0 {
                break None;
            }
            // Wait for a finished request, or until a delayed domain opens.
            let wake = st
                .frontier
                .iter()
                .filter_map(|u| st.next_ok.get(domain(u)))
                .filter(|t| **t > now)
                .min();
            let timeout = wake.map(|t| (t - now) as f64 / 1e9);
            drop(st);
            cv.wait(c, timeout)?;
        };
        cv.notify_all(c)?;
        cv.release(c)?;
        let Some((url, id)) = next else { return Ok(()) };
        let d = s.model.draw(s.seed, id as u64);
        c.wait_demo(d.latency_ns)?;
        let r = if d.fails {
            net::Model::failure()
        } else {
            net::get(&url)
        };
        c.emit(
            0,
            Op::Fetch,
            if r.ok() { Phase::End } else { Phase::Failed },
            id,
            r.status as i64,
        );

        cv.acquire(c)?;
        {
            let mut st = sched.lock().unwrap();
            st.in_flight -= 1;
            *st.per_domain.entry(domain(&url).to_string()).or_default() -= 1;
            if r.ok() {
                st.pages += 1;
                for l in links(&url, &r.body) {
                    if st.seen.insert(l.clone()) {
                        st.frontier.push_back(l);
                    } else {
                        st.duplicates += 1;
                    }
                }
            } else {
                st.failed += 1;
            }
        }
        cv.notify_all(c)?;
        cv.release(c)?;
    }
}

/// CONCURRENT_REQUESTS values a sweep measures.
pub fn sweep_points(max: usize) -> Vec<usize> {
    let mut v: Vec<usize> = std::iter::successors(Some(1usize), |x| Some(x * 2))
        .take_while(|x| *x < max)
        .collect();
    v.push(max);
    v
}

impl Lesson for Crawler {
    fn id(&self) -> &'static str {
        "crawler"
    }
    fn number(&self) -> &'static str {
        "L1"
    }
    fn title(&self) -> &'static str {
        "Scrapy concurrency settings: CONCURRENT_REQUESTS and friends"
    }
    fn group(&self) -> Group {
        Group::Fetching
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn python(&self, p: &Params) -> String {
        format!(
            r#"# settings.py
CONCURRENT_REQUESTS = {c}
CONCURRENT_REQUESTS_PER_DOMAIN = {d}
DOWNLOAD_DELAY = {delay}
RANDOMIZE_DOWNLOAD_DELAY = {rnd}

# spiders/site.py
import scrapy

class SiteSpider(scrapy.Spider):
    name = "site"
    start_urls = ["{START}"]

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.parse)   # duplicates are filtered
"#,
            c = p.int("concurrent"),
            d = p.int("per_domain"),
            delay = p.float("delay"),
            rnd = if p.flag("randomize") { "True" } else { "False" },
        )
    }

    fn explain(&self) -> &'static str {
        "A crawler's speed is set by its settings. Each download slot takes the next URL the rules allow: \
         never more than CONCURRENT_REQUESTS in flight, nor more than CONCURRENT_REQUESTS_PER_DOMAIN to one \
         domain, and with a DOWNLOAD_DELAY, requests to one domain are spaced out. Links already seen are \
         filtered. More concurrency helps while it hides network latency; once the site runs out of known \
         links to fetch (or a limit binds), adding more stops paying: run the sweep to see the curve flatten."
    }

    fn modelled(&self) -> Option<&'static str> {
        Some("Each download slot is a real Web Worker making real HTTP requests to the bundled site; the \"domains\" are folders of it, and server latency is modelled (the worker waits before requesting). Scrapy itself runs its downloads on one async thread.")
    }

    fn expected(&self, p: &Params) -> String {
        format!(
            "18 pages crawled and 3 dead links reported, each URL fetched once; at most {} requests in flight and {} per domain{}.",
            p.int("concurrent"),
            p.int("per_domain"),
            if p.float("delay") > 0.0 { "; requests to one domain spaced by DOWNLOAD_DELAY" } else { "" }
        )
    }

    fn threads(&self, p: &Params) -> usize {
        p.usize("concurrent")
    }

    fn body(&self, p: &Params, seed: u64) -> Body {
        let s = Arc::new(Settings {
            concurrent: p.usize("concurrent"),
            per_domain: p.usize("per_domain"),
            delay: p.float("delay"),
            randomize: p.flag("randomize"),
            model: network::model(p),
            seed,
        });
        let sweep = p.flag("sweep");
        Box::new(move |ctx| {
            let ids = Arc::new(AtomicI64::new(0));
            let points = if sweep {
                sweep_points(s.concurrent)
            } else {
                vec![s.concurrent]
            };
            for c in points {
                let settings = Arc::new(Settings { concurrent: c, ..*s });
                let (pages, failed, dupes, secs) = crawl(ctx, settings, c, ids.clone())?;
                ctx.print(format!(
                    "CONCURRENT_REQUESTS={c}: {pages} pages, {failed} dead links, {dupes} duplicates filtered, {secs:.2} s, {:.2} pages/s",
                    pages as f64 / secs.max(1e-9)
                ))?;
            }
            Ok(())
        })
    }

    fn check(&self, p: &Params, log: &TraceLog, view: &View) -> Vec<Check> {
        let mut peak = 0i64;
        let mut inflight = 0i64;
        let mut dom_now: BTreeMap<String, i64> = BTreeMap::new();
        let mut dom_peak = 0i64;
        let mut starts: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        let mut urls_per_crawl: Vec<String> = Vec::new();
        for e in log.events.iter().filter(|e| e.op == Op::Fetch) {
            let url = view
                .fetches
                .get(&e.value)
                .map(|f| f.url.clone())
                .unwrap_or_default();
            let d = domain(&url).to_string();
            if e.phase == Phase::Begin {
                inflight += 1;
                let n = dom_now.entry(d.clone()).or_default();
                *n += 1;
                dom_peak = dom_peak.max(*n);
                starts.entry(d).or_default().push(e.t_demo);
                urls_per_crawl.push(url);
            } else {
                inflight -= 1;
                *dom_now.entry(d).or_default() -= 1;
            }
            peak = peak.max(inflight);
        }
        let crawls = if p.flag("sweep") {
            sweep_points(p.usize("concurrent")).len()
        } else {
            1
        };
        let distinct: HashSet<&String> = urls_per_crawl.iter().collect();
        let mut out = vec![
            Check::new(
                format!("never more than {} requests in flight", p.int("concurrent")),
                peak <= p.int("concurrent"),
                format!("peak {peak}"),
            ),
            Check::new(
                format!("never more than {} per domain", p.int("per_domain")),
                dom_peak <= p.int("per_domain"),
                format!("peak {dom_peak}"),
            ),
            Check::new(
                "each URL fetched once per crawl (duplicates filtered)",
                urls_per_crawl.len() == distinct.len() * crawls
                    && (p.float("fail") > 0.0 || distinct.len() == 21),
                format!(
                    "{} requests, {} distinct URLs",
                    urls_per_crawl.len(),
                    distinct.len()
                ),
            ),
        ];
        if p.float("fail") == 0.0 {
            out.push(Check::new(
                "the crawl finished: 18 pages, 3 dead links reported",
                !view.output.is_empty()
                    && view
                        .output
                        .iter()
                        .all(|l| l.text.contains(": 18 pages, 3 dead links")),
                "",
            ));
        } else {
            // A failed page hides its links: fewer pages, but the crawl ends.
            out.push(Check::new(
                "the crawl finished despite the failing responses",
                view.output.len() == crawls,
                view.output.first().map(|l| l.text.clone()).unwrap_or_default(),
            ));
        }
        if p.float("delay") > 0.0 && !p.flag("sweep") {
            let min_gap = (p.float("delay") * if p.flag("randomize") { 0.5 } else { 1.0 } * 1e9) as u64;
            let tight = starts
                .values()
                .flat_map(|v| v.windows(2).map(|w| w[1].saturating_sub(w[0])))
                .filter(|g| *g + 1_000_000 < min_gap)
                .count();
            out.push(Check::new(
                "requests to one domain are spaced by DOWNLOAD_DELAY",
                tight == 0,
                format!("{tight} too close"),
            ));
        }
        out
    }

    fn line(&self, p: &Params, e: &Event, kind: Option<ObjKind>) -> Option<usize> {
        let code = self.python(p);
        let needle = match (e.op, kind) {
            (Op::Fetch, _) => "def parse",
            (Op::Wait, _) | (Op::Acquire, Some(ObjKind::Lock)) => "CONCURRENT_REQUESTS =",
            (Op::Print, _) => return None,
            _ => return None,
        };
        line_of(&code, needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_relative_to_the_page() {
        let body =
            r#"<a href="p1.html">x</a> <a href="../beta.test/p0.html">y</a> <a href="http://e.com/">z</a>"#;
        assert_eq!(
            links(START, body),
            vec![
                "www/site/crawl/alpha.test/p1.html",
                "www/site/crawl/beta.test/p0.html"
            ]
        );
        assert_eq!(domain(START), "alpha.test");
        assert_eq!(sweep_points(16), vec![1, 2, 4, 8, 16]);
        assert_eq!(sweep_points(6), vec![1, 2, 4, 6]);
    }
}
