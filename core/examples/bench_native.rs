//! The native half of the benchmark command (`scripts/bench.sh`): the
//! prime-counting kernel on 1..N OS threads and the traced-event rates, as
//! JSON on stdout. The browser half runs the same `lockstep_core::bench`
//! code on Web Workers; `tests/bench/run.mjs` puts them side by side.
//!
//!   cargo run --release -p lockstep-core --example bench_native -- <n> <max threads> <runs>

use lockstep_core::bench;
use lockstep_core::run::Workers;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("numbers"))
        .collect();
    let n = args.first().copied().unwrap_or(4_000_000);
    let max = args.get(1).copied().unwrap_or(2) as usize;
    let runs = args.get(2).copied().unwrap_or(5) as usize;
    let exec = rayon::ThreadPoolBuilder::new().num_threads(max).build().unwrap();
    // One untimed run warms caches and the pool's threads.
    bench::kernel(&exec, max, n / 10);
    let mut kernel = Vec::new();
    for threads in 1..=max {
        for _ in 0..runs {
            kernel.push(bench::kernel(&exec, threads, n));
        }
    }
    let workers = Workers::new(rayon::ThreadPoolBuilder::new().num_threads(20).build().unwrap());
    let mut events = Vec::new();
    for (rate, drain_ms) in [(0, 1), (2_000_000, 1), (2_000_000, 16)] {
        for _ in 0..3 {
            events.push(bench::events(workers.clone(), 16, rate, 1.0, drain_ms));
        }
    }
    let out = serde_json::json!({
        "n": n,
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "kernel": kernel,
        "events": events,
    });
    println!("{out}");
}
