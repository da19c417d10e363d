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
//!
//! The modelled server's latency and 503s are drawn per URL from the seed
//! ([`draw`]), so which pages a crawl finds is decided before it starts
//! ([`plan`]) and is the same in every crawl of a sweep: the settings
//! change when requests are made, never which.

use super::{line_of, network, Body, Check, Flag, Float, Group, Int, Lesson, ParamSpec, Params};
use crate::net;
use crate::reduce::View;
use crate::rng;
use crate::sync::Condition;
use crate::trace::{Event, ObjKind, Op, Phase, TraceLog};
use crate::{t, tf, tn, tp};
use crate::{Ctx, Result};
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

pub struct Crawler;

pub const START: &str = "www/site/crawl/alpha.test/p0.html";

const CONCURRENT: Int = Int::new(
    "concurrent",
    "CONCURRENT_REQUESTS",
    1,
    32,
    16,
    tn!("most requests in flight at once (Scrapy's default 16)"),
);
const PER_DOMAIN: Int = Int::new(
    "per_domain",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    1,
    16,
    8,
    tn!("most requests in flight to one domain (default 8)"),
);
const DELAY: Float = Float::new(
    "delay",
    tn!("DOWNLOAD_DELAY (s)"),
    0.0,
    2.0,
    0.1,
    0.0,
    tn!("least time between requests to one domain (default 0)"),
);
const RANDOMIZE: Flag = Flag::new(
    "randomize",
    "RANDOMIZE_DOWNLOAD_DELAY",
    true,
    tn!("wait 0.5x to 1.5x of DOWNLOAD_DELAY, at random (default on)"),
);
const SWEEP: Flag = Flag::new(
    "sweep",
    tn!("Measure throughput vs CONCURRENT_REQUESTS"),
    false,
    tn!("crawl again with 1, 2, 4, ... up to CONCURRENT_REQUESTS and compare pages/second"),
);
const PARAMS: &[ParamSpec] = &[
    CONCURRENT.0,
    PER_DOMAIN.0,
    DELAY.0,
    RANDOMIZE.0,
    network::LATENCY.0,
    network::JITTER.0,
    network::SLOW.0,
    network::FAIL.0,
    SWEEP.0,
];

/// The modelled domain of a bundled URL: the folder after `crawl/`.
pub fn domain(url: &str) -> &str {
    url.split("crawl/")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("?")
}

/// `href` resolved against the page at `url` (relative paths only).
pub fn resolve(url: &str, href: &str) -> String {
    let mut parts: Vec<&str> = url
        .rsplit_once('/')
        .map(|(d, _)| d.split('/').collect())
        .unwrap_or_default();
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
}

/// Links of a page, resolved against its URL (relative paths only).
pub fn links(url: &str, body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| !href.contains(':') && !href.starts_with('/') && !href.starts_with('#'))
        .map(|href| resolve(url, href))
        .collect()
}

/// The bundled site's pages (under `www/site/crawl/`) and the links each
/// holds (space-separated, in page order), as the files have them (a test
/// keeps the two the same). The checks use it to work out what a crawl
/// finds.
const SITE: &[(&str, &str)] = &[
    (
        "alpha.test/p0.html",
        "p1.html p2.html ../beta.test/p0.html ../alpha.test/p0.html",
    ),
    ("alpha.test/p1.html", "p2.html p3.html ../beta.test/p1.html"),
    ("alpha.test/p2.html", "p3.html p4.html ../beta.test/p2.html"),
    (
        "alpha.test/p3.html",
        "p4.html p5.html ../beta.test/p3.html gone0.html",
    ),
    ("alpha.test/p4.html", "p5.html p0.html ../beta.test/p4.html"),
    ("alpha.test/p5.html", "p0.html p1.html ../beta.test/p5.html"),
    (
        "beta.test/p0.html",
        "p1.html p2.html ../gamma.test/p0.html ../alpha.test/p0.html",
    ),
    ("beta.test/p1.html", "p2.html p3.html ../gamma.test/p1.html"),
    ("beta.test/p2.html", "p3.html p4.html ../gamma.test/p2.html"),
    (
        "beta.test/p3.html",
        "p4.html p5.html ../gamma.test/p3.html gone1.html",
    ),
    ("beta.test/p4.html", "p5.html p0.html ../gamma.test/p4.html"),
    ("beta.test/p5.html", "p0.html p1.html ../gamma.test/p5.html"),
    (
        "gamma.test/p0.html",
        "p1.html p2.html ../alpha.test/p0.html ../alpha.test/p0.html",
    ),
    ("gamma.test/p1.html", "p2.html p3.html ../alpha.test/p1.html"),
    ("gamma.test/p2.html", "p3.html p4.html ../alpha.test/p2.html"),
    (
        "gamma.test/p3.html",
        "p4.html p5.html ../alpha.test/p3.html gone2.html",
    ),
    ("gamma.test/p4.html", "p5.html p0.html ../alpha.test/p4.html"),
    ("gamma.test/p5.html", "p0.html p1.html ../alpha.test/p5.html"),
];

/// The links of a bundled page, or None for a URL the site does not have
/// (a dead link: 404).
pub fn site_links(url: &str) -> Option<Vec<String>> {
    let page = url.strip_prefix("www/site/crawl/")?;
    SITE.iter()
        .find(|(p, _)| *p == page)
        .map(|(_, hrefs)| hrefs.split(' ').map(|h| resolve(url, h)).collect())
}

/// The modelled server's draw for a URL: keyed by the URL, not by when it
/// is requested, so what the server does is the seed's alone (not the
/// threads' timing), and every crawl of a sweep meets the same server.
pub fn draw(model: &net::Model, seed: u64, url: &str) -> net::Draw {
    // FNV-1a, 32 bits: a stable number for the URL.
    let key = url
        .bytes()
        .fold(0x811c_9dc5u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193));
    model.draw(seed, key as u64)
}

/// How a request ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 200: its links join the frontier.
    Page,
    /// 404: a dead link.
    Dead,
    /// The failing share's 503 (modelled): its links stay unknown.
    Unavailable,
}

/// What one crawl does with these parameters and this seed, whatever the
/// concurrency settings: the URLs it requests (each once), how each ends,
/// and the links it filters as already seen. Settings change only when
/// and in which order, never what.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub requests: BTreeMap<String, Outcome>,
    pub duplicates: usize,
}

impl Plan {
    pub fn count(&self, o: Outcome) -> usize {
        self.requests.values().filter(|x| **x == o).count()
    }

    /// The summary a crawl prints, up to its timing.
    pub fn summary(&self) -> String {
        summary(
            self.count(Outcome::Page),
            self.count(Outcome::Dead),
            self.count(Outcome::Unavailable),
            0,
            self.duplicates,
        )
    }
}

pub fn plan(p: &Params, seed: u64) -> Plan {
    plan_with(&network::model(p), seed)
}

pub fn plan_with(model: &net::Model, seed: u64) -> Plan {
    let mut requests = BTreeMap::new();
    let mut seen: HashSet<String> = HashSet::from([START.to_string()]);
    let mut frontier = VecDeque::from([START.to_string()]);
    let mut duplicates = 0;
    while let Some(url) = frontier.pop_front() {
        let found = site_links(&url);
        let outcome = if draw(model, seed, &url).fails {
            Outcome::Unavailable
        } else if found.is_some() {
            Outcome::Page
        } else {
            Outcome::Dead
        };
        if outcome == Outcome::Page {
            for l in found.unwrap_or_default() {
                if seen.insert(l.clone()) {
                    frontier.push_back(l);
                } else {
                    duplicates += 1;
                }
            }
        }
        requests.insert(url, outcome);
    }
    Plan { requests, duplicates }
}

/// "18 pages, 3 dead links, 40 duplicates filtered", with the 503s and
/// other failures when there are any.
fn summary(pages: usize, dead: usize, unavailable: usize, other: usize, dupes: usize) -> String {
    let mut s = format!(
        "{pages} {}, {dead} dead {}",
        if pages == 1 { "page" } else { "pages" },
        if dead == 1 { "link" } else { "links" }
    );
    if unavailable > 0 {
        s += &format!(", {unavailable} answered 503");
    }
    if other > 0 {
        s += &format!(", {other} failed");
    }
    s + &format!(
        ", {dupes} {} filtered",
        if dupes == 1 { "duplicate" } else { "duplicates" }
    )
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
    dead: usize,
    unavailable: usize,
    other_failures: usize,
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
/// them). Returns its summary, pages, and demo seconds.
fn crawl(
    ctx: &Ctx,
    cv: &Condition,
    s: Arc<Settings>,
    slots: usize,
    req_ids: Arc<AtomicI64>,
) -> Result<(String, usize, f64)> {
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
    downloader(ctx, cv, &sched, &s, &req_ids)?;
    for h in hs {
        h.join(ctx)?;
    }
    let secs = (ctx.shared().demo_now() - start) as f64 / 1e9;
    let st = sched.lock().unwrap();
    let text = summary(
        st.pages,
        st.dead,
        st.unavailable,
        st.other_failures,
        st.duplicates,
    );
    Ok((text, st.pages, secs))
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
                let text = c.text(&url);
                c.emit(0, Op::Fetch, Phase::Begin, id, text);
                // The clock is read after the start is recorded, so the
                // next start is DOWNLOAD_DELAY after the recorded one even
                // if this thread was held up between the two.
                let started = c.shared().demo_now();
                st.next_ok.insert(d, started + (s.delay * factor * 1e9) as u64);
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
        let d = draw(&s.model, s.seed, &url);
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
            } else if r.status == 404 {
                st.dead += 1;
            } else if d.fails {
                st.unavailable += 1;
            } else {
                st.other_failures += 1;
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
        t!("Scrapy concurrency settings: CONCURRENT_REQUESTS and friends")
    }
    fn group(&self) -> Group {
        Group::Fetching
    }
    fn runs_python(&self) -> bool {
        false
    }
    fn fetches(&self) -> bool {
        true
    }
    fn panels(&self) -> &'static [super::Panel] {
        &[super::Panel::Waterfall, super::Panel::Speedup]
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

# What runs it: each lane is a download slot. It asks Scrapy's scheduler
# for the next URL the settings allow, and waits on it ("scheduler" in the
# lanes) while none is: every slot busy, the domain at its limit, its
# DOWNLOAD_DELAY not over, or no link found yet.

class SiteSpider(scrapy.Spider):
    name = "site"
    start_urls = ["{START}"]

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.parse)   # duplicates are filtered
"#,
            c = p.of(&CONCURRENT),
            d = p.of(&PER_DOMAIN),
            delay = p.of(&DELAY),
            rnd = if p.of(&RANDOMIZE) { "True" } else { "False" },
        )
    }

    fn explain(&self) -> &'static str {
        t!("A crawler's speed is set by its settings. Each download slot takes the next URL the rules allow: \
         never more than CONCURRENT_REQUESTS in flight, nor more than CONCURRENT_REQUESTS_PER_DOMAIN to one \
         domain, and with a DOWNLOAD_DELAY, requests to one domain are spaced out. Links already seen are \
         filtered. More concurrency helps while it hides network latency; once the site runs out of known \
         links to fetch (or a limit binds), adding more stops paying: run the sweep to see the curve flatten.")
    }

    fn modelled(&self) -> Option<&'static str> {
        Some(t!("Each download slot is a real Web Worker making real HTTP requests to the bundled site; the \"domains\" are folders of it, and server latency is modelled (the worker waits before requesting). Scrapy itself runs its downloads on one async thread."))
    }

    fn expected(&self, p: &Params) -> String {
        let whole = plan_with(
            &net::Model {
                fail_share: 0.0,
                ..network::model(p)
            },
            0,
        );
        let (urls, pages) = (whole.requests.len(), whole.count(Outcome::Page));
        let mut s = if p.of(&network::FAIL) > 0.0 {
            tf!(
                "About {pct}% of the pages answer 503 (modelled) and a page that fails hides its links, so the crawl may \
                 find fewer than its {pages} pages; each URL it finds is fetched once, duplicates filtered",
                pct = format!("{:.0}", p.of(&network::FAIL) * 100.0),
                pages
            )
        } else {
            tf!(
                "{pages} pages crawled, {dead} dead links reported and {dupes} duplicate links filtered: each of the \
                 {urls} URLs fetched once",
                pages,
                dead = whole.count(Outcome::Dead),
                dupes = whole.duplicates,
                urls
            )
        };
        if p.of(&SWEEP) {
            let points: Vec<String> = sweep_points(p.count(&CONCURRENT))
                .iter()
                .map(|c| c.to_string())
                .collect();
            s += &tf!(
                "; the sweep crawls with CONCURRENT_REQUESTS = {points}, and every crawl finds the same pages (the \
                 settings change when requests are made, not which)",
                points = points.join(", ")
            );
        }
        tp!(
            p.of(&CONCURRENT),
            "{s}; at most {n} request in flight and {per} per domain{delay}.",
            "{s}; at most {n} requests in flight and {per} per domain{delay}.",
            s,
            per = p.of(&PER_DOMAIN),
            delay = if p.of(&DELAY) > 0.0 {
                t!("; requests to one domain spaced by DOWNLOAD_DELAY")
            } else {
                ""
            }
        )
    }

    fn threads(&self, p: &Params) -> usize {
        p.count(&CONCURRENT)
    }

    fn body(&self, p: &Params, seed: u64) -> Body {
        let s = Arc::new(Settings {
            concurrent: p.count(&CONCURRENT),
            per_domain: p.count(&PER_DOMAIN),
            delay: p.of(&DELAY),
            randomize: p.of(&RANDOMIZE),
            model: network::model(p),
            seed,
        });
        let sweep = p.of(&SWEEP);
        Box::new(move |ctx| {
            let ids = Arc::new(AtomicI64::new(0));
            let points = if sweep {
                sweep_points(s.concurrent)
            } else {
                vec![s.concurrent]
            };
            // One scheduler for every crawl of a sweep (one card, one name
            // for what the lanes wait on).
            let cv = Condition::new(ctx, "scheduler");
            for c in points {
                let settings = Arc::new(Settings { concurrent: c, ..*s });
                let (text, pages, secs) = crawl(ctx, &cv, settings, c, ids.clone())?;
                ctx.print(format!(
                    "CONCURRENT_REQUESTS={c}: {text}, {secs:.2} s, {:.2} pages/s",
                    pages as f64 / secs.max(1e-9)
                ))?;
            }
            Ok(())
        })
    }

    fn check(&self, p: &Params, log: &TraceLog, view: &View) -> Vec<Check> {
        let plan = plan(p, log.seed().unwrap_or(0));
        let points = if p.of(&SWEEP) {
            sweep_points(p.count(&CONCURRENT))
        } else {
            vec![p.count(&CONCURRENT)]
        };
        // The trace, crawl by crawl: MainThread prints a crawl's line after
        // all its requests have ended and before the next crawl starts.
        #[derive(Default)]
        struct Crawl {
            urls: Vec<String>,
            statuses: BTreeMap<String, i64>,
            starts: BTreeMap<String, Vec<u64>>,
            peak: i64,
            dom_peak: i64,
        }
        let mut crawls = vec![Crawl::default()];
        let (mut inflight, mut dom_now) = (0i64, BTreeMap::<String, i64>::new());
        for e in &log.events {
            if e.op == Op::Print {
                crawls.push(Crawl::default());
                continue;
            }
            if e.op != Op::Fetch {
                continue;
            }
            let c = crawls.last_mut().expect("a crawl");
            let url = view
                .fetches
                .get(&e.value)
                .map(|f| f.url.clone())
                .unwrap_or_default();
            let d = domain(&url).to_string();
            let n = dom_now.entry(d.clone()).or_default();
            if e.phase == Phase::Begin {
                inflight += 1;
                *n += 1;
                c.dom_peak = c.dom_peak.max(*n);
                c.starts.entry(d).or_default().push(e.t_demo);
                c.urls.push(url);
            } else {
                inflight -= 1;
                *n -= 1;
                c.statuses.insert(url, e.aux);
            }
            c.peak = c.peak.max(inflight);
        }
        while crawls.len() > points.len() && crawls.last().is_some_and(|c| c.urls.is_empty()) {
            crawls.pop();
        }
        let all_crawls = crawls.len() == points.len();
        let each = if points.len() > 1 {
            t!("each crawl")
        } else {
            t!("the crawl")
        };
        // One crawl's figure, or each crawl's ("1, 2, 4"), or "each crawl: x".
        let list = |f: &dyn Fn(&Crawl) -> String| {
            let v: Vec<String> = crawls.iter().map(f).collect();
            match v.first() {
                Some(x) if v.len() > 1 && v.iter().all(|y| y == x) => tf!("each crawl: {x}", x),
                _ => v.join(", "),
            }
        };

        let mut out = vec![
            Check::new(
                if points.len() > 1 {
                    tf!(
                        "never more than CONCURRENT_REQUESTS in flight in each crawl ({points})",
                        points = points
                            .iter()
                            .map(|c| c.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                } else {
                    tp!(
                        points[0],
                        "never more than {n} request in flight",
                        "never more than {n} requests in flight"
                    )
                },
                crawls.len() <= points.len() && crawls.iter().zip(&points).all(|(c, n)| c.peak <= *n as i64),
                tf!("peak {peak}", peak = list(&|c| c.peak.to_string())),
            ),
            Check::new(
                tf!("never more than {n} per domain", n = p.of(&PER_DOMAIN)),
                crawls.iter().all(|c| c.dom_peak <= p.of(&PER_DOMAIN)),
                tf!("peak {peak}", peak = list(&|c| c.dom_peak.to_string())),
            ),
        ];

        // How each ends, and what each crawl reports.
        let summary = plan.summary();
        let answered = |c: &Crawl| {
            plan.requests.iter().all(|(u, o)| {
                let want = match o {
                    Outcome::Page => 200,
                    Outcome::Dead => 404,
                    Outcome::Unavailable => 503,
                };
                c.statuses.get(u) == Some(&want)
            })
        };
        let reported = view.output.len() == points.len()
            && view.output.iter().zip(&points).all(|(l, c)| {
                l.text
                    .starts_with(&format!("CONCURRENT_REQUESTS={c}: {summary}, "))
            });
        out.push(Check::new(
            tf!("{each} finished: {summary}", each, summary),
            all_crawls && crawls.iter().all(answered) && reported,
            match log.raised().first() {
                // e.g. too few workers for the slots: CPython would not fail.
                Some((_, e)) => tf!("the run raised {e}", e),
                None if view.output.len() < points.len() => tf!(
                    "the run stopped after {done} of {total} crawls",
                    done = view.output.len(),
                    total = points.len()
                ),
                None => view.output.first().map(|l| l.text.clone()).unwrap_or_default(),
            },
        ));

        // Which URLs, each once: the site and the draws decide, not timing.
        let want: Vec<&String> = plan.requests.keys().collect();
        // Only the start page when it answers 503: a crawl that finds
        // anything finds more than one URL.
        let found = if want.len() == 1 && plan.count(Outcome::Unavailable) == 1 {
            None
        } else if plan.count(Outcome::Unavailable) > 0 {
            Some(tf!(
                "the {n} URLs it can find (a page that answers 503 hides its links)",
                n = want.len()
            ))
        } else {
            Some(tf!("the {n} URLs it finds", n = want.len()))
        };
        let same = |c: &Crawl| {
            let mut got: Vec<&String> = c.urls.iter().collect();
            got.sort();
            got == want
        };
        out.push(Check::new(
            match found {
                None => tf!(
                    "{each} requests only the start page, which answers 503 (modelled), so it finds no link",
                    each
                ),
                Some(found) => tf!(
                    "{each} requests {found}, each once (duplicates filtered)",
                    each,
                    found
                ),
            },
            all_crawls && crawls.iter().all(same),
            list(&|c| {
                let distinct: HashSet<&String> = c.urls.iter().collect();
                tp!(
                    c.urls.len(),
                    "{n} request, {distinct} distinct",
                    "{n} requests, {distinct} distinct",
                    distinct = distinct.len()
                )
            }),
        ));

        if p.of(&DELAY) > 0.0 {
            let min_gap = (p.of(&DELAY) * if p.of(&RANDOMIZE) { 0.5 } else { 1.0 } * 1e9) as u64;
            let tight = crawls
                .iter()
                .flat_map(|c| c.starts.values())
                .flat_map(|v| v.windows(2).map(|w| w[1].saturating_sub(w[0])))
                .filter(|g| *g + 1_000_000 < min_gap)
                .count();
            out.push(Check::new(
                t!("requests to one domain are spaced by DOWNLOAD_DELAY"),
                tight == 0,
                tf!("{tight} too close", tight),
            ));
        }
        out
    }

    fn line(&self, p: &Params, e: &Event, kind: Option<ObjKind>) -> Option<usize> {
        let code = self.python(p);
        let needle = match (e.op, kind) {
            (Op::Fetch, _) => "def parse",
            (Op::Wait, _) | (Op::Acquire, Some(ObjKind::Lock)) => "waits on it (",
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

    #[test]
    fn the_site_table_is_the_bundled_site() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../www/site/crawl");
        let mut pages = Vec::new();
        for d in std::fs::read_dir(&root).unwrap() {
            let d = d.unwrap();
            for f in std::fs::read_dir(d.path()).unwrap() {
                let f = f.unwrap();
                let page = format!(
                    "{}/{}",
                    d.file_name().to_string_lossy(),
                    f.file_name().to_string_lossy()
                );
                let url = format!("www/site/crawl/{page}");
                let body = std::fs::read_to_string(f.path()).unwrap();
                assert_eq!(site_links(&url), Some(links(&url, &body)), "{page}");
                pages.push(page);
            }
        }
        pages.sort();
        let mut table: Vec<String> = SITE.iter().map(|(p, _)| p.to_string()).collect();
        table.sort();
        assert_eq!(pages, table);
    }

    #[test]
    fn without_failures_a_crawl_finds_the_whole_site() {
        let model = net::Model {
            latency: 0.5,
            jitter: 0.5,
            slow_share: 0.0,
            fail_share: 0.0,
        };
        let plan = plan_with(&model, 1);
        assert_eq!(plan.requests.len(), 21);
        assert_eq!(plan.count(Outcome::Page), 18);
        assert_eq!(plan.count(Outcome::Dead), 3);
        assert_eq!(plan.summary(), "18 pages, 3 dead links, 40 duplicates filtered");
        // With failures, the seed decides which pages answer 503, and a
        // page that does hides its links.
        let plan = plan_with(
            &net::Model {
                fail_share: 0.35,
                ..model
            },
            12586797386046485072,
        );
        assert!(plan.count(Outcome::Unavailable) > 0);
        assert_eq!(
            plan.requests.len(),
            plan.count(Outcome::Page) + plan.count(Outcome::Dead) + plan.count(Outcome::Unavailable)
        );
    }
}
