//! The CPU-bound kernel the speedup lab (L10) and the benchmarks time:
//! counting primes by trial division, as the lesson's Python does.

pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return n == 2;
    }
    if n.is_multiple_of(2) {
        return n == 2;
    }
    let mut d = 3;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    true
}

/// Primes in `[lo, hi)`.
pub fn count_primes(lo: u64, hi: u64) -> u64 {
    (lo..hi).filter(|n| is_prime(*n)).count() as u64
}
