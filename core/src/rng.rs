//! Seeded randomness. Every random choice in a lesson comes from a PCG
//! stream derived from the run's seed (recorded in the trace), and each use
//! site takes its own stream, so results do not depend on thread timing.

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg32;

/// An independent generator for `stream` under `seed`.
pub fn stream(seed: u64, stream: u64) -> Pcg32 {
    Pcg32::seed_from_u64(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// `random.choice(items)`.
pub fn choice<T: Copy>(rng: &mut Pcg32, items: &[T]) -> T {
    items[below(rng, items.len() as u32) as usize]
}

/// Uniform in `0..n` without modulo bias.
pub fn below(rng: &mut Pcg32, n: u32) -> u32 {
    assert!(n > 0);
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let x = rng.next_u32();
        if x < zone {
            return x % n;
        }
    }
}

/// Uniform in `[lo, hi)`.
pub fn uniform(rng: &mut Pcg32, lo: f64, hi: f64) -> f64 {
    let x = (rng.next_u32() as f64) / (u32::MAX as f64 + 1.0);
    lo + (hi - lo) * x
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_seed_same_choices() {
        let a: Vec<u32> = (0..10)
            .map({
                let mut r = super::stream(7, 1);
                move |_| super::choice(&mut r, &[1, 2, 3, 4])
            })
            .collect();
        let b: Vec<u32> = (0..10)
            .map({
                let mut r = super::stream(7, 1);
                move |_| super::choice(&mut r, &[1, 2, 3, 4])
            })
            .collect();
        let c: Vec<u32> = (0..10)
            .map({
                let mut r = super::stream(8, 1);
                move |_| super::choice(&mut r, &[1, 2, 3, 4])
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.iter().all(|x| (1..=4).contains(x)));
    }
}
