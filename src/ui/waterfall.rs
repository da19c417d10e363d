//! The request waterfall (L8): each request queued (waiting for a pool
//! thread), in flight, then done or failed, on one time axis.

use super::view_ref::ViewRef;
use lockstep_core::{t, tf};
use yew::prelude::*;

#[derive(Properties)]
pub struct WaterfallProps {
    pub view: ViewRef,
    pub now: u64,
}

impl PartialEq for WaterfallProps {
    fn eq(&self, o: &Self) -> bool {
        self.view == o.view && self.now == o.now
    }
}

const LABEL: f64 = 220.0;
const PLOT: f64 = 520.0;
const ROW: f64 = 22.0;

#[function_component(Waterfall)]
pub fn waterfall(p: &WaterfallProps) -> Html {
    let v = p.view.get();
    let v = &*v;
    if v.fetches.is_empty() && v.pools.values().all(|pl| pl.tasks.is_empty()) {
        return html! {};
    }
    let tasks = v
        .pools
        .values()
        .next()
        .map(|pl| pl.tasks.clone())
        .unwrap_or_default();
    let span = (p.now.max(1) as f64 * 1.05).max(1e9);
    let x = |t: u64| LABEL + t as f64 / span * PLOT;
    let rows = tasks.len().max(v.fetches.len());
    let height = rows as f64 * ROW + 26.0;
    let inflight = v.fetches.values().filter(|f| f.status.is_none()).count();
    html! {
        <figure class="waterfall">
            <figcaption>{ tf!("Requests: {n} in flight now", n = inflight) }</figcaption>
            // At most ~16 rows tall, scrolling inside: a sweep's crawls make
            // a hundred requests and the page must not grow with them.
            <div class="wf-rows" tabindex="0" role="group" aria-label={t!("Requests, one row each")}>
            <svg viewBox={format!("0 0 {} {height}", LABEL + PLOT + 70.0)} role="img" aria-label={t!("Request waterfall")}>
                { for (0..rows as i64).map(|i| {
                    let y = 4.0 + i as f64 * ROW;
                    let task = tasks.get(&i);
                    let f = v.fetches.get(&i);
                    let url = f.map(|f| f.url.clone()).unwrap_or_else(|| tf!("request {i}", i));
                    let queued = task.map(|t| {
                        let end = t.started.unwrap_or(p.now);
                        html! { <rect class="wf-queued" x={format!("{:.1}", x(t.submitted))} y={format!("{:.1}", y + 6.0)}
                            width={format!("{:.1}", (x(end) - x(t.submitted)).max(0.5))} height="6" /> }
                    });
                    let flight = f.map(|f| {
                        let end = f.end.unwrap_or(p.now);
                        let cls = match f.status { None => "wf-flight", Some(200..=299) => "wf-ok", _ => "wf-fail" };
                        html! { <rect class={cls} x={format!("{:.1}", x(f.start))} y={format!("{:.1}", y + 2.0)}
                            width={format!("{:.1}", (x(end) - x(f.start)).max(1.0))} height={(ROW - 6.0).to_string()} /> }
                    });
                    let status = match f.and_then(|f| f.status) {
                        None if f.is_some() => "…".to_string(),
                        None => t!("queued").to_string(),
                        Some(0) => t!("error").to_string(),
                        Some(s) => s.to_string(),
                    };
                    html! { <g>
                        <text class="wf-url" x="4" y={format!("{:.1}", y + ROW / 2.0 + 3.0)}>{ format!("{i}: {url}") }</text>
                        { queued.unwrap_or_default() }
                        { flight.unwrap_or_default() }
                        <text class="wf-status" x={(LABEL + PLOT + 6.0).to_string()} y={format!("{:.1}", y + ROW / 2.0 + 3.0)}>{ status }</text>
                    </g> }
                }) }
            </svg>
            </div>
            <p class="legend"><span class="sw wf-queued"></span>{t!("waiting for a pool thread")}
                <span class="sw wf-ok"></span>{t!("in flight → done")}<span class="sw wf-fail"></span>{t!("failed")}</p>
        </figure>
    }
}
