//! The yew UI: one component per file, state in reducers, the URL as the
//! source of truth for parameters.

pub mod app;
pub mod pool_check;
