//! Cause before effect, for any parameters (issue 11).
//!
//! The fixtures are real traces of the defects, recorded from the code
//! before the fix (commit 6d2e4f2): the validator must flag them, so it
//! would flag those defects if they came back. Then every lesson runs
//! with random valid parameters and seeds on real threads, and each trace
//! must pass the validator and each of the lesson's CPython checks.

mod support;

use lockstep_core::lessons::{self, Lesson, Params};
use lockstep_core::run::RunOptions;
use lockstep_core::trace::{Op, Phase, TraceLog};
use lockstep_core::validate;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(path).expect("fixture")
}

fn fixture_log(name: &str) -> TraceLog {
    serde_json::from_str(&fixture(name)).expect("a TraceLog")
}

#[test]
fn the_old_pool_trace_with_a_task_before_its_submit_is_flagged() {
    // `?lesson=pool&seed=5&p.workers=3&p.tasks=8`, as the issue saw it.
    let log = fixture_log("pool-task-before-submit.json");
    let v = validate::check(&log);
    assert!(
        v.iter()
            .any(|v| v.rule == "pool" && v.detail.contains("before it was submitted")),
        "{v:?}"
    );
}

#[test]
fn the_old_export_of_a_failed_fetch_is_flagged_and_the_new_one_balances() {
    let old: serde_json::Value =
        serde_json::from_str(&fixture("fetch-failure-unclosed.old-export.json")).unwrap();
    assert!(!validate::check_chrome_slices(&old).is_empty());
    let log = fixture_log("fetch-failure-unclosed.json");
    assert!(log
        .events
        .iter()
        .any(|e| e.op == Op::Fetch && e.phase == Phase::Failed));
    assert_eq!(validate::check_export(&log), vec![]);
    // Each failed request's slice ends with the failure's own event.
    let doc = lockstep_core::export::chrome_trace(&log);
    let failed_ends = doc["traceEvents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["ph"] == "E" && e["args"]["phase"] == "Failed")
        .count();
    let failed = log
        .events
        .iter()
        .filter(|e| e.op == Op::Fetch && e.phase == Phase::Failed)
        .count();
    assert_eq!(failed_ends, failed);
}

#[test]
fn an_aborted_run_still_exports_balanced_slices() {
    // A run cut while threads sleep, wait and fetch: every slice closes.
    for id in ["fetch", "queue", "locks"] {
        let lesson = lessons::by_id(id).unwrap();
        let p = Params::defaults(lesson.params());
        let run = lockstep_core::run::Run::start(
            support::exec(),
            RunOptions {
                speed: 1.0,
                ..Default::default()
            },
            lesson.body(&p, 3),
        )
        .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        run.abort();
        let mut log = TraceLog::default();
        while !run.poll(&mut log).1 {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        run.drain_into(&mut log);
        log.sort();
        assert_eq!(validate::check(&log), vec![], "{id}");
    }
}

/// Parameter sets per lesson: 200 in CI, more with
/// `LOCKSTEP_PROPERTY_CASES` (scripts/test-long.sh sets it).
fn cases() -> usize {
    std::env::var("LOCKSTEP_PROPERTY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200)
}

/// Runs at once: lesson threads mostly sleep, so several runs share two
/// cores without starving each other's wake-ups.
const AT_ONCE: usize = 6;

/// Runs `lesson` on `cases()` random parameter sets and seeds (drawn from
/// its `ParamSpec`s by `Params::random`, reproducibly), several at a time; every trace must be complete, causal, and
/// pass every check the page shows. Failures list their parameters.
fn property(lesson: &'static dyn Lesson, speed: f64) -> Vec<String> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..AT_ONCE {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= cases() {
                    return;
                }
                // Case i: parameters and seed both drawn from i, reproducibly.
                let seed = 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i as u64 + 1);
                let p = Params::random(lesson.params(), seed);
                if let Err(f) = one_case(lesson, &p, seed, speed) {
                    failures.lock().unwrap().push(f);
                }
            });
        }
    });
    failures.into_inner().unwrap()
}

fn one_case(lesson: &dyn Lesson, p: &Params, seed: u64, speed: f64) -> Result<(), String> {
    let link = p
        .to_raw(lesson.params())
        .iter()
        .map(|(k, v)| format!("p.{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let case = format!("?v=1&lesson={}&seed={seed}&{link}", lesson.id());
    let (log, view) = support::run_lesson(lesson, p, seed, speed);
    lessons::judge(lesson, p, &log, &view).map_err(|e| format!("{case}: {e}"))
}

/// Every lesson but the CPU-bound speed-up lab (its own file,
/// tests/speedup.rs, since its checks measure CPU time and must not share
/// the cores), on random parameters. Demo time runs at the page's top
/// speed (10x, `clock::MAX_SPEED`): checks allow for wake-up latency in
/// real time, not in demo time.
#[test]
fn every_lesson_keeps_cause_before_effect_and_passes_its_checks_on_random_parameters() {
    let mut failures = Vec::new();
    let only = std::env::var("LOCKSTEP_PROPERTY_LESSON").ok();
    for lesson in lessons::all()
        .iter()
        .copied()
        .filter(|l| l.id() != "speedup" && only.as_deref().is_none_or(|o| o == l.id()))
    {
        let t = std::time::Instant::now();
        let f = property(lesson, 10.0);
        eprintln!(
            "{}: {} random parameter sets in {:.1} s, {} failed",
            lesson.number(),
            cases(),
            t.elapsed().as_secs_f64(),
            f.len()
        );
        failures.extend(f);
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
