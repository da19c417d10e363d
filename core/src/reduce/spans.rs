//! What a lane draws at a given scale. A busy lane can change state
//! thousands of times a second; one rectangle per change would make every
//! frame slower as a run goes on, and most would be narrower than a pixel.
//! So neighbours in the same state merge, and a stretch where the state
//! changes faster than a pixel can show becomes one "mixed" span (drawn with
//! its own pattern, so the detail is marked, not hidden). Replay shows any
//! moment exactly.

use super::{LaneState, Segment};

#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// Drawing units (pixels of the lanes' viewBox).
    pub x0: f64,
    pub x1: f64,
    /// `None`: several states, each shorter than a pixel.
    pub state: Option<LaneState>,
}

/// Spans for `segments` (in time order), drawn with `x(t)` up to `now`.
/// The number of spans is bounded by the lane's width in pixels, however
/// many segments there are.
pub fn spans(segments: &[Segment], now: u64, x: impl Fn(u64) -> f64) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for s in segments {
        let end = s.end.unwrap_or(now).min(now.max(s.start));
        let (x0, x1) = (x(s.start), x(end));
        let narrow = x1 - x0 < 1.0;
        if let Some(last) = out.last_mut() {
            let touching = x0 - last.x1 < 1.0;
            let last_narrow = last.x1 - last.x0 < 1.0 || last.state.is_none();
            if touching && last.state == Some(s.state) {
                last.x1 = last.x1.max(x1);
                continue;
            }
            if touching && narrow && last_narrow {
                last.x1 = last.x1.max(x1);
                last.state = None;
                continue;
            }
        }
        out.push(Span {
            x0,
            x1,
            state: Some(s.state),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(start: u64, end: u64, state: LaneState) -> Segment {
        Segment {
            start,
            end: Some(end),
            state,
            obj: 0,
        }
    }

    /// `n` one-nanosecond segments, running and blocked in turn.
    fn alternating(n: u64) -> Vec<Segment> {
        (0..n)
            .map(|i| {
                seg(
                    i,
                    i + 1,
                    [LaneState::Running, LaneState::Blocked][(i % 2) as usize],
                )
            })
            .collect()
    }

    #[test]
    fn wide_segments_stay_as_they_are() {
        let s = [seg(0, 10, LaneState::Running), seg(10, 30, LaneState::Blocked)];
        let got = spans(&s, 30, |t| t as f64);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[1],
            Span {
                x0: 10.0,
                x1: 30.0,
                state: Some(LaneState::Blocked)
            }
        );
    }

    #[test]
    fn fast_alternation_becomes_one_mixed_span() {
        // 10,000 alternations within 10 pixels.
        let s = alternating(10_000);
        let got = spans(&s, 10_000, |t| t as f64 / 1000.0);
        assert_eq!(
            got,
            vec![Span {
                x0: 0.0,
                x1: 10.0,
                state: None
            }]
        );
    }

    #[test]
    fn a_wide_state_after_a_mixed_stretch_is_drawn_as_itself() {
        let mut s = alternating(100);
        s.push(seg(100, 5_000, LaneState::Sleeping));
        let got = spans(&s, 5_000, |t| t as f64 / 100.0);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].state, None);
        assert_eq!(got[1].state, Some(LaneState::Sleeping));
        // A lone short spell still shows, as itself, at least a pixel wide
        // when drawn.
        let s = [
            seg(0, 1000, LaneState::Running),
            seg(1000, 1001, LaneState::Blocked),
            seg(1001, 2000, LaneState::Running),
        ];
        let got = spans(&s, 2000, |t| t as f64 / 10.0);
        assert_eq!(
            got.iter().map(|g| g.state).collect::<Vec<_>>(),
            vec![
                Some(LaneState::Running),
                Some(LaneState::Blocked),
                Some(LaneState::Running)
            ]
        );
    }

    #[test]
    fn spans_are_bounded_by_the_width() {
        let s: Vec<_> = (0..100_000u64)
            .map(|i| {
                seg(
                    i * 10,
                    i * 10 + 10,
                    [LaneState::Running, LaneState::Blocked, LaneState::Sleeping][(i % 3) as usize],
                )
            })
            .collect();
        let got = spans(&s, 1_000_000, |t| t as f64 / 1_000_000.0 * 560.0);
        assert!(got.len() <= 560, "{}", got.len());
    }
}
