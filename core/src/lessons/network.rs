//! What the fetching lessons (L1, L8) share: the parameters of the modelled
//! server (latency, random extra, slow and failing shares) and the model
//! they describe.

use super::{ParamSpec, Params};
use crate::net;

pub const LATENCY: ParamSpec = ParamSpec::float(
    "latency",
    "Latency (s)",
    0.0,
    2.0,
    0.1,
    0.5,
    "modelled server response time",
);
pub const JITTER: ParamSpec = ParamSpec::float(
    "jitter",
    "Extra random latency (s)",
    0.0,
    2.0,
    0.1,
    0.5,
    "plus uniform(0, this), drawn from the seed",
);
pub const SLOW: ParamSpec = ParamSpec::float(
    "slow",
    "Share of slow responses",
    0.0,
    1.0,
    0.05,
    0.0,
    "this share of requests takes 5x the latency",
);
pub const FAIL: ParamSpec = ParamSpec::float(
    "fail",
    "Share of failing responses",
    0.0,
    1.0,
    0.05,
    0.0,
    "this share gets HTTP 503 (modelled: no request is sent)",
);

/// The server model the parameters describe.
pub fn model(p: &Params) -> net::Model {
    net::Model {
        latency: p.float(LATENCY.key),
        jitter: p.float(JITTER.key),
        slow_share: p.float(SLOW.key),
        fail_share: p.float(FAIL.key),
    }
}
