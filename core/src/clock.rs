//! Time: a real monotonic clock shared by all threads, and the demo clock
//! the learner controls (speed 0.1x-10x, frozen while paused).
//!
//! `std::time::Instant` does not work on `wasm32-unknown-unknown`, and each
//! Web Worker's `performance.now()` has its own origin, so the runtime layer
//! installs a source with [`set_time_source`] (it uses
//! `performance.timeOrigin + performance.now()`, which all workers agree on).
//! Natively the default source is `Instant`.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

static SOURCE: AtomicUsize = AtomicUsize::new(0);

/// Installs the process-wide source of absolute nanoseconds. Call once,
/// before any run starts (the web runtime does so at start-up).
pub fn set_time_source(f: fn() -> u64) {
    SOURCE.store(f as usize, Ordering::Release);
}

/// Absolute monotonic nanoseconds from the installed source.
#[inline]
pub fn real_now_ns() -> u64 {
    let f = SOURCE.load(Ordering::Acquire);
    if f != 0 {
        // SAFETY: only ever stored from a `fn() -> u64` in `set_time_source`.
        let f: fn() -> u64 = unsafe { std::mem::transmute(f) };
        return f();
    }
    default_now()
}

#[cfg(not(target_arch = "wasm32"))]
fn default_now() -> u64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_nanos() as u64
}

#[cfg(target_arch = "wasm32")]
fn default_now() -> u64 {
    panic!("lockstep_core::clock: no time source installed (call set_time_source at start-up)")
}

/// `ns` scaled by `speed_milli` / 1000. Every traced event computes this:
/// in u64 (a multiply and a shift) while the product fits, which is any
/// run shorter than 21 days at 10x; in u128 (a library division, 3.7% of
/// a traced loop's profile when it was always u128) beyond.
#[inline]
fn scale(ns: u64, speed_milli: u64) -> u64 {
    match ns.checked_mul(speed_milli) {
        Some(p) => p / 1000,
        None => (ns as u128 * speed_milli as u128 / 1000) as u64,
    }
}

/// Demo time: real time scaled by the speed, frozen while paused.
///
/// Read on every traced event by every thread and changed rarely (by the UI
/// thread), so it is a seqlock over atomics: readers never take a lock and
/// never block; a reader that races a change retries.
pub struct DemoClock {
    seq: AtomicU64,
    /// Real ns at the last change.
    base_real: AtomicU64,
    /// Demo ns at the last change.
    base_demo: AtomicU64,
    /// Speed in thousandths (1000 = 1x).
    speed_milli: AtomicU64,
    paused: AtomicBool,
}

/// How far two threads' readings of the shared clock may disagree, in real
/// nanoseconds. Natively there is one clock; in the browser each Web Worker
/// computes `timeOrigin + now()` itself, and isolated pages coarsen timers
/// to 5 us with jitter, so two events a few microseconds apart on different
/// workers can come out in the wrong order. Checks that compare times across
/// threads ignore differences smaller than this.
pub const CROSS_THREAD_SKEW_NS: u64 = 50_000;

pub const MIN_SPEED: f64 = 0.1;
pub const MAX_SPEED: f64 = 10.0;

/// Clamps a speed into the supported 0.1x-10x range (NaN becomes 1x).
pub fn clamp_speed(speed: f64) -> f64 {
    if speed.is_nan() {
        1.0
    } else {
        speed.clamp(MIN_SPEED, MAX_SPEED)
    }
}

impl DemoClock {
    pub fn new(real_start: u64, speed: f64) -> Self {
        DemoClock {
            seq: AtomicU64::new(0),
            base_real: AtomicU64::new(real_start),
            base_demo: AtomicU64::new(0),
            speed_milli: AtomicU64::new((clamp_speed(speed) * 1000.0).round() as u64),
            paused: AtomicBool::new(false),
        }
    }

    /// Demo nanoseconds at real time `real`.
    #[inline]
    pub fn demo_at(&self, real: u64) -> u64 {
        loop {
            let s1 = self.seq.load(Ordering::Acquire);
            if s1 & 1 == 1 {
                std::hint::spin_loop();
                continue;
            }
            let br = self.base_real.load(Ordering::Acquire);
            let bd = self.base_demo.load(Ordering::Acquire);
            let sp = self.speed_milli.load(Ordering::Acquire);
            let paused = self.paused.load(Ordering::Acquire);
            if self.seq.load(Ordering::Acquire) != s1 {
                continue;
            }
            if paused {
                return bd;
            }
            return bd + scale(real.saturating_sub(br), sp);
        }
    }

    pub fn speed(&self) -> f64 {
        self.speed_milli.load(Ordering::Acquire) as f64 / 1000.0
    }

    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Acquire)
    }

    /// Real nanoseconds it takes for `demo_ns` of demo time to pass at the
    /// current speed (`None` while paused: it does not pass).
    pub fn real_for(&self, demo_ns: u64) -> Option<u64> {
        if self.is_paused() {
            return None;
        }
        let sp = self.speed_milli.load(Ordering::Acquire).max(1) as u128;
        Some((demo_ns as u128 * 1000 / sp) as u64)
    }

    /// Applies a change atomically with respect to readers. Writers are rare
    /// (the UI) and only spin against each other, never wait.
    fn change(&self, real: u64, f: impl FnOnce(&Self)) {
        loop {
            let s = self.seq.load(Ordering::Acquire);
            if s & 1 == 0
                && self
                    .seq
                    .compare_exchange(s, s + 1, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
            {
                break;
            }
            std::hint::spin_loop();
        }
        // Rebase: demo time so far is kept, only its future rate changes.
        let now_demo = {
            let br = self.base_real.load(Ordering::Acquire);
            let bd = self.base_demo.load(Ordering::Acquire);
            if self.paused.load(Ordering::Acquire) {
                bd
            } else {
                bd + scale(real.saturating_sub(br), self.speed_milli.load(Ordering::Acquire))
            }
        };
        self.base_real.store(real, Ordering::Release);
        self.base_demo.store(now_demo, Ordering::Release);
        f(self);
        self.seq.fetch_add(1, Ordering::Release);
    }

    pub fn set_speed(&self, real: u64, speed: f64) {
        let sp = (clamp_speed(speed) * 1000.0).round() as u64;
        self.change(real, |c| c.speed_milli.store(sp, Ordering::Release));
    }

    pub fn set_paused(&self, real: u64, paused: bool) {
        self.change(real, |c| c.paused.store(paused, Ordering::Release));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_scales_and_pause_freezes() {
        let c = DemoClock::new(1_000, 1.0);
        assert_eq!(c.demo_at(2_000), 1_000);
        c.set_speed(2_000, 10.0);
        assert_eq!(c.demo_at(3_000), 1_000 + 10_000);
        c.set_paused(3_000, true);
        assert_eq!(c.demo_at(9_000), 11_000);
        assert_eq!(c.real_for(5), None);
        c.set_paused(9_000, false);
        assert_eq!(c.demo_at(9_100), 12_000);
        assert_eq!(c.real_for(1_000), Some(100));
    }

    #[test]
    fn scaling_is_exact_past_where_u64_overflows() {
        assert_eq!(scale(1_000, 1000), 1_000);
        assert_eq!(scale(1_234_567, 100), 123_456);
        // 21 days of ns at 10x still fit in u64; 50 years do not.
        let far = 50 * 365 * 86_400 * 1_000_000_000u64;
        assert!(far.checked_mul(10_000).is_none());
        assert_eq!(scale(far, 10_000), far * 10);
        assert_eq!(scale(u64::MAX, 100), u64::MAX / 10);
    }

    #[test]
    fn speed_is_clamped() {
        assert_eq!(clamp_speed(1000.0), MAX_SPEED);
        assert_eq!(clamp_speed(0.0), MIN_SPEED);
        assert_eq!(clamp_speed(f64::NAN), 1.0);
        let c = DemoClock::new(0, 50.0);
        assert_eq!(c.speed(), 10.0);
    }
}
