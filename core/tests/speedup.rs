//! L10, the CPU-bound speedup lab, in its own test binary: it keeps every
//! core busy, which would starve the timing of the other lessons' tests.

mod support;

use lockstep_core::lessons::{self, Params};
use lockstep_core::reduce::View;
use lockstep_core::run::RunOptions;

#[test]
fn l10_gil_serialises_compute_and_processes_overlap_it() {
    use lockstep_core::kernel::count_primes;
    use lockstep_core::reduce::speedup::{amdahl, implied_p};
    assert_eq!(count_primes(0, 100), 25);
    assert_eq!(count_primes(0, 10_000), 1229);
    assert!((amdahl(0.9, 2.0) - 1.818).abs() < 0.01);
    assert!((implied_p(amdahl(0.9, 4.0), 4.0) - 0.9).abs() < 1e-9);
    let l = lessons::by_id("speedup").unwrap();
    for kind in ["threads", "processes"] {
        let (p, notices) =
            Params::from_raw(l.params(), [("kind", kind), ("workers", "3"), ("numbers", "60")]);
        assert!(notices.is_empty());
        let log = support::run(RunOptions::default(), l.body(&p, 1));
        let view = View::of(&log);
        for c in l.check(&p, &log, &view) {
            assert!(c.ok, "{kind}: {} ({})", c.label, c.detail);
        }
        assert_eq!(view.output.len(), 3, "one line per worker count");
        let pts = lockstep_core::reduce::speedup::points(&log);
        assert_eq!(pts.iter().map(|p| p.0).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert!(pts.iter().all(|p| p.1 > 0.0));
    }
    // Default parameters too (100,000 numbers).
    let p = Params::defaults(l.params());
    let log = support::run(RunOptions::default(), l.body(&p, 1));
    let view = View::of(&log);
    assert!(l.check(&p, &log, &view).iter().all(|c| c.ok));
}
