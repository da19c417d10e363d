//! What the fetching lessons (L1, L8) share: the parameters of the modelled
//! server (latency, random extra, slow and failing shares) and the model
//! they describe.

use super::{Float, Params};
use crate::net;
use crate::tn;

pub const LATENCY: Float = Float::new(
    "latency",
    tn!("Latency (s)"),
    0.0,
    2.0,
    0.1,
    0.5,
    tn!("modelled server response time"),
);
pub const JITTER: Float = Float::new(
    "jitter",
    tn!("Extra random latency (s)"),
    0.0,
    2.0,
    0.1,
    0.5,
    tn!("plus uniform(0, this), drawn from the seed"),
);
pub const SLOW: Float = Float::new(
    "slow",
    tn!("Share of slow responses"),
    0.0,
    1.0,
    0.05,
    0.0,
    tn!("this share of requests takes 5x the latency"),
);
pub const FAIL: Float = Float::new(
    "fail",
    tn!("Share of failing responses"),
    0.0,
    1.0,
    0.05,
    0.0,
    tn!("this share gets HTTP 503 (modelled: no request is sent)"),
);

/// The server model the parameters describe.
pub fn model(p: &Params) -> net::Model {
    net::Model {
        latency: p.of(&LATENCY),
        jitter: p.of(&JITTER),
        slow_share: p.of(&SLOW),
        fail_share: p.of(&FAIL),
    }
}
