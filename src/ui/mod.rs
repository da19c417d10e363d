//! The yew UI: one component per file, state in reducers, the URL as the
//! source of truth for parameters.
//!
//! `app` lays out the page; `state` is the learner's choice (mirrored in
//! the URL); `session` holds the live run, its trace and its reduced view.

pub mod app;
pub mod challenge;
pub mod code;
pub mod console;
pub mod controls;
pub mod editor;
pub mod lanes;
pub mod metrics;
pub mod objects;
pub mod params_panel;
pub mod picker;
pub mod pool_check;
pub mod session;
pub mod speedup_plot;
pub mod state;
pub mod view_ref;
pub mod waterfall;
