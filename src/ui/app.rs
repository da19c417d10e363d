//! The page root.

use super::pool_check::{use_pool_check, PoolCheck};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    pub workers: usize,
    pub notice: Option<String>,
    pub pool_ms: f64,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let check = use_pool_check(props.workers);
    let check_text = match &check {
        PoolCheck::Running => "checking the pool…".to_string(),
        PoolCheck::Passed { distinct, ms } => {
            format!("pool check: {distinct} distinct thread ids, all running at once ({ms:.0} ms)")
        }
        PoolCheck::Failed(e) => format!("pool check failed: {e}"),
    };
    html! {
        <>
            <header class="topbar">
                <h1 class="brand">{"Lockstep"}</h1>
                <p class="tagline">{"Python's concurrency lessons, running as real Rust on real threads"}</p>
                <p class="pool" title="Each lesson thread runs on its own Web Worker; all share one WebAssembly memory.">
                    <strong>{ format!("{} workers ready", props.workers) }</strong>
                    { format!(" in {:.0} ms · {check_text}", props.pool_ms) }
                </p>
            </header>
            if let Some(n) = &props.notice {
                <p class="notice" role="status">{ n }</p>
            }
        </>
    }
}
