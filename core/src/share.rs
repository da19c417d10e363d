//! The share link: every state of the page as a URL query, versioned.
//!
//! Format v1 (documented in the README):
//! `?v=1&lesson=<id>&seed=<u64>&speed=<0.1..10>&p.<param>=<value>...`
//! plus the page-level `workers=<n>` (read by the boot script, kept as is).
//! Decoding never fails: unknown, malformed or out-of-range values load the
//! nearest valid state and come back as notices to show.

use crate::clock::clamp_speed;
use crate::lessons::{self, Lesson, Params};

pub const VERSION: u32 = 1;

/// The lesson a link without one opens: L3, the process pool.
pub fn default_lesson() -> &'static dyn Lesson {
    lessons::by_id("pool").expect("L3 exists")
}

#[derive(Clone)]
pub struct ShareState {
    pub lesson: &'static dyn Lesson,
    pub params: Params,
    pub seed: u64,
    pub speed: f64,
}

impl PartialEq for ShareState {
    fn eq(&self, o: &Self) -> bool {
        self.lesson.id() == o.lesson.id()
            && self.params == o.params
            && self.seed == o.seed
            && self.speed == o.speed
    }
}

impl std::fmt::Debug for ShareState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ShareState({}, {:?}, seed {}, speed {})",
            self.lesson.id(),
            self.params,
            self.seed,
            self.speed
        )
    }
}

impl ShareState {
    pub fn new(lesson: &'static dyn Lesson) -> ShareState {
        ShareState {
            lesson,
            params: Params::defaults(lesson.params()),
            seed: 1,
            speed: 1.0,
        }
    }
}

fn clip(s: &str) -> String {
    s.chars().take(24).collect()
}

/// Decodes a query string (with or without the leading `?`).
pub fn decode(query: &str) -> (ShareState, Vec<String>) {
    let query = query.strip_prefix('?').unwrap_or(query);
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let mut notices = Vec::new();
    let get = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };

    match get("v") {
        None | Some("1") => {}
        Some(v) => notices.push(format!(
            "This link is format v{}; this page reads v{VERSION}: loaded what it could.",
            clip(v)
        )),
    }
    let lesson = match get("lesson") {
        None => default_lesson(),
        Some(id) => lessons::by_id(id).unwrap_or_else(|| {
            notices.push(format!(
                "Unknown lesson \"{}\"; showing {} instead.",
                clip(id),
                default_lesson().number()
            ));
            default_lesson()
        }),
    };
    let mut state = ShareState::new(lesson);
    if let Some(s) = get("seed") {
        match s.trim().parse::<u64>() {
            Ok(v) => state.seed = v,
            Err(_) => notices.push(format!(
                "seed = \"{}\" is not a whole number from 0 to 2^64-1; using 1.",
                clip(s)
            )),
        }
    }
    if let Some(s) = get("speed") {
        match s.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => {
                state.speed = clamp_speed(v);
                if state.speed != v {
                    notices.push(format!(
                        "speed = {} is outside 0.1..10; using {}.",
                        clip(s),
                        state.speed
                    ));
                }
            }
            _ => notices.push(format!("speed = \"{}\" is not a number; using 1.", clip(s))),
        }
    }
    let raw = pairs
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("p.").map(|k| (k, v.as_str())));
    let (params, mut pn) = Params::from_raw(lesson.params(), raw);
    state.params = params;
    notices.append(&mut pn);
    for (k, _) in &pairs {
        if !k.starts_with("p.") && !["v", "lesson", "seed", "speed", "workers"].contains(&k.as_str()) {
            notices.push(format!("Ignored unknown setting \"{}\".", clip(k)));
        }
    }
    (state, notices)
}

/// Encodes a state; `workers` (the page's pool size) is kept if given.
pub fn encode(s: &ShareState, workers: Option<&str>) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("v", &VERSION.to_string());
    q.append_pair("lesson", s.lesson.id());
    q.append_pair("seed", &s.seed.to_string());
    let speed = format!("{:.2}", s.speed);
    q.append_pair("speed", speed.trim_end_matches('0').trim_end_matches('.'));
    for spec in s.lesson.params() {
        if matches!(spec.kind, crate::lessons::ParamKind::Url { .. }) {
            let u = s.params.url(spec.key);
            if !u.is_empty() {
                q.append_pair(&format!("p.{}", spec.key), u);
            }
        } else {
            q.append_pair(&format!("p.{}", spec.key), &spec.show(s.params.get(spec.key)));
        }
    }
    if let Some(w) = workers {
        q.append_pair("workers", w);
    }
    format!("?{}", q.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_lesson() {
        for l in lessons::all() {
            let mut s = ShareState::new(*l);
            s.seed = 987654321;
            s.speed = 2.5;
            let (back, notices) = decode(&encode(&s, None));
            assert!(notices.is_empty(), "{notices:?}");
            assert_eq!(back, s);
        }
    }

    #[test]
    fn bad_links_load_the_nearest_valid_state_with_notices() {
        let (s, n) =
            decode("?v=9&lesson=pool&seed=-3&speed=1e9&p.workers=1000000&p.late=maybe&evil=%3Cscript%3E");
        assert_eq!(s.lesson.id(), "pool");
        assert_eq!(s.params.int("workers"), 8);
        assert_eq!(s.seed, 1);
        assert_eq!(s.speed, 10.0);
        assert_eq!(n.len(), 6, "{n:?}");
        let (s, n) = decode("lesson=%00%ff&&&=&p.=");
        assert_eq!(s.lesson.id(), "pool");
        assert!(!n.is_empty());
        let (_, n) = decode("");
        assert!(n.is_empty());
    }
}
