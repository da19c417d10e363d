//! How many Web Workers the page starts, and the notice when the learner's
//! request had to change.
//!
//! Every lesson thread holds one worker for its lifetime and mostly waits
//! (on a lock, a queue, a sleep), as Python threads do. So the pool is sized
//! for the largest lesson, not for the cores: at least [`DEFAULT_WORKERS`],
//! more on machines with more cores, at most [`MAX_WORKERS`].

/// Enough for the largest lesson at its largest parameters.
pub const DEFAULT_WORKERS: usize = 16;
pub const MIN_WORKERS: usize = 4;
pub const MAX_WORKERS: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolPlan {
    pub workers: usize,
    /// Shown to the learner when the `workers=` request was changed.
    pub notice: Option<String>,
}

/// Chooses the pool size from the hardware and an optional `workers=`
/// value from the URL (any string: it is validated here).
pub fn plan(hardware_concurrency: usize, requested: Option<&str>) -> PoolPlan {
    let default = hardware_concurrency.clamp(DEFAULT_WORKERS, MAX_WORKERS);
    let Some(raw) = requested.map(str::trim).filter(|s| !s.is_empty()) else {
        return PoolPlan {
            workers: default,
            notice: None,
        };
    };
    match raw.parse::<i64>() {
        Ok(n) if (MIN_WORKERS as i64..=MAX_WORKERS as i64).contains(&n) => PoolPlan {
            workers: n as usize,
            notice: None,
        },
        Ok(n) => {
            let w = n.clamp(MIN_WORKERS as i64, MAX_WORKERS as i64) as usize;
            PoolPlan {
                workers: w,
                notice: Some(crate::tf!(
                    "workers={n} is outside {min}..{max}; started {w} workers instead.",
                    n,
                    min = MIN_WORKERS,
                    max = MAX_WORKERS,
                    w
                )),
            }
        }
        Err(_) => PoolPlan {
            workers: default,
            notice: Some(crate::tf!(
                "workers=\"{value}\" is not a number; started the default {default} workers.",
                value = raw.chars().take(40).collect::<String>(),
                default
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_follows_hardware_within_bounds() {
        assert_eq!(plan(2, None).workers, DEFAULT_WORKERS);
        assert_eq!(plan(32, None).workers, 32);
        assert_eq!(plan(1000, None).workers, MAX_WORKERS);
        assert_eq!(plan(2, None).notice, None);
    }

    #[test]
    fn requests_are_clamped_with_a_notice() {
        assert_eq!(
            plan(2, Some("8")),
            PoolPlan {
                workers: 8,
                notice: None
            }
        );
        let p = plan(2, Some("1000000"));
        assert_eq!(p.workers, MAX_WORKERS);
        assert!(p.notice.unwrap().contains("1000000"));
        let p = plan(2, Some("0"));
        assert_eq!(p.workers, MIN_WORKERS);
        let p = plan(2, Some("<script>"));
        assert_eq!(p.workers, DEFAULT_WORKERS);
        assert!(p.notice.is_some());
    }
}
