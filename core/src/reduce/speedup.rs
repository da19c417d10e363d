//! Speedup by workers: what a sweep of the same work over 1, 2, ... n
//! workers measured, and what Amdahl's law says of it. Any run that
//! records its sweep points is drawn by the page's speedup plot.

use crate::trace::{Op, Phase, TraceLog};

/// What a run's sweep varied ("workers", "CONCURRENT_REQUESTS"; the
/// page shows it through [`crate::i18n::tr`]) and its points, (value,
/// wall seconds) in order: the same work each time, so the first point's
/// time over another's is that point's speedup.
pub fn sweep(log: &TraceLog) -> (&'static str, Vec<(usize, f64)>) {
    let crawls: Vec<(usize, f64)> = log
        .events
        .iter()
        .filter(|e| e.op == Op::Print)
        .filter_map(|e| parse_crawl(log.text(e.value)?))
        .collect();
    if !crawls.is_empty() {
        return ("CONCURRENT_REQUESTS", crawls);
    }
    (crate::tn!("workers"), points(log))
}

/// The measured sweep points of a run: (workers, wall seconds), in order.
/// A compiled model records each as a Compute event; a Python program
/// prints it (`2 workers: 0.512 s; ...`).
pub fn points(log: &TraceLog) -> Vec<(usize, f64)> {
    let model: Vec<(usize, f64)> = log
        .events
        .iter()
        .filter(|e| e.op == Op::Compute && e.phase == Phase::Done)
        .map(|e| (e.value as usize, e.aux as f64 / 1e9))
        .collect();
    if !model.is_empty() {
        return model;
    }
    log.events
        .iter()
        .filter(|e| e.op == Op::Print)
        .filter_map(|e| parse_point(log.text(e.value)?))
        .collect()
}

/// `(workers, seconds)` of a printed sweep line.
fn parse_point(line: &str) -> Option<(usize, f64)> {
    let (w, rest) = line.split_once(" workers: ")?;
    let (t, _) = rest.split_once(" s;")?;
    Some((w.trim().parse().ok()?, t.trim().parse().ok()?))
}

/// `(CONCURRENT_REQUESTS, seconds)` of a crawl's line (L1:
/// `CONCURRENT_REQUESTS=4: 18 pages, ..., 4.99 s, 3.61 pages/s`).
fn parse_crawl(line: &str) -> Option<(usize, f64)> {
    let (c, rest) = line.strip_prefix("CONCURRENT_REQUESTS=")?.split_once(": ")?;
    let secs = rest
        .split(", ")
        .find_map(|w| w.strip_suffix(" s")?.parse().ok())?;
    Some((c.parse().ok()?, secs))
}

/// Speedup Amdahl's law predicts with parallel fraction `p` on `w` workers.
pub fn amdahl(p: f64, w: f64) -> f64 {
    1.0 / ((1.0 - p) + p / w)
}

/// The parallel fraction a measured speedup `s` on `w` workers implies.
pub fn implied_p(s: f64, w: f64) -> f64 {
    if w <= 1.0 {
        return f64::NAN;
    }
    (1.0 - 1.0 / s) / (1.0 - 1.0 / w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_points_parse_and_other_lines_do_not() {
        assert_eq!(parse_point("2 workers: 0.512 s; 9592 primes"), Some((2, 0.512)));
        assert_eq!(parse_point("hello"), None);
        assert_eq!(parse_point("x workers: 1 s; y"), None);
        assert_eq!(
            parse_crawl(
                "CONCURRENT_REQUESTS=4: 18 pages, 3 dead links, 40 duplicates filtered, 4.99 s, 3.61 pages/s"
            ),
            Some((4, 4.99))
        );
        assert_eq!(parse_crawl("2 workers: 0.512 s; 9592 primes"), None);
    }
}
