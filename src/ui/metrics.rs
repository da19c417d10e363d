//! Metrics (makespan against the ideal, utilisation, throughput, lost
//! updates), the queue depth plot, and the outcome checks against CPython.

use super::objects::spaced;
use super::view_ref::ViewRef;
use lockstep_core::lessons::Check;
use lockstep_core::reduce::metrics;
use lockstep_core::{t, tf};
use yew::prelude::*;

#[derive(Properties)]
pub struct MetricsProps {
    pub view: ViewRef,
    pub checks: Vec<Check>,
    pub expected: String,
    /// Demo time now (a live run's clock runs on past its last event).
    #[prop_or_default]
    pub now: u64,
}

/// A duration as a compact number: the unit stays `s` in every language.
fn secs(ns: u64) -> String {
    format!("{:.2} s", ns as f64 / 1e9)
}

impl PartialEq for MetricsProps {
    fn eq(&self, o: &Self) -> bool {
        self.view == o.view
            && self.checks == o.checks
            && self.expected == o.expected
            // Redrawn as the clock moves, a tenth of a demo second at most.
            && self.now / 100_000_000 == o.now / 100_000_000
    }
}

#[function_component(Metrics)]
pub fn metrics_panel(p: &MetricsProps) -> Html {
    let v = p.view.get();
    let v = &*v;
    let m = metrics::compute_at(v, p.now);
    // The learner's first queue (not a pool's own task queue).
    let depth_plot = v
        .queues
        .iter()
        .find(|(id, _)| v.is_drawn(**id))
        .map(|(_, q)| q)
        .filter(|q| q.depth.len() > 1)
        .map(|q| {
        let t_end = q.depth.last().map(|d| d.0).unwrap_or(1).max(1) as f64;
        let max = q.depth.iter().map(|d| d.1).max().unwrap_or(1).max(1) as f64;
        let mut pts = String::new();
        let mut last = 0.0;
        for (t, d) in &q.depth {
            let x = *t as f64 / t_end * 300.0;
            pts += &format!("{x:.1},{:.1} {x:.1},{:.1} ", 60.0 - last / max * 56.0, 60.0 - *d as f64 / max * 56.0);
            last = *d as f64;
        }
        html! {
            <figure class="plot">
                <svg viewBox="0 0 300 64" role="img" aria-label={tf!("Queue depth over time, peaking at {max}", max)}>
                    <polyline points={pts} class="depth" />
                </svg>
                <figcaption>{ tf!("queue depth over time (peak {max})", max) }</figcaption>
            </figure>
        }
    });
    html! {
        <section class="metrics" aria-label={t!("Metrics")}>
            <h2>{t!("Measured")}</h2>
            <dl>
                <dt>{t!("makespan")}</dt><dd>{ secs(m.makespan) }</dd>
                if let Some(ideal) = m.ideal_pool_makespan {
                    <dt>{t!("ideal (sum of tasks / pool size)")}</dt><dd>{ secs(ideal) }</dd>
                }
                if m.tasks_per_sec > 0.0 { <dt>{t!("tasks per second")}</dt><dd>{ format!("{:.2}", m.tasks_per_sec) }</dd> }
                if m.items_per_sec > 0.0 { <dt>{t!("items per second")}</dt><dd>{ format!("{:.2}", m.items_per_sec) }</dd> }
                <dt>{t!("lost updates")}</dt><dd>{ m.lost_updates }</dd>
            </dl>
            if let Some(story) = metrics::pool_story(v) {
                <p class="story">{ story }</p>
            }
            <p class="dim key">{ spaced(t!("How each thread spent the run:")) }
                <span class="k k-run">{t!("running")}</span>{ spaced(t!(",")) }<span class="k k-task">{t!("in a pool task")}</span>{ spaced(t!(",")) }
                <span class="k k-sleep">{t!("sleeping")}</span>{ spaced(t!(",")) }<span class="k k-wait">{t!("waiting (blocked, or idle without a task)")}</span>
                {t!(". Waiting is never busy.")}</p>
            <div class="util" role="group" aria-label={t!("How each thread spent the run")}>
                { for m.utilisation.iter().map(|(tid, u)| {
                    let name = v.lanes.get(tid).map(|l| l.name.clone()).unwrap_or_default();
                    // Stacked left to right in the order of the key.
                    let mut x = 0.0;
                    let parts = [("run", u.running), ("task", u.in_task), ("sleep", u.sleeping), ("wait", u.waiting)]
                        .into_iter()
                        .filter(|(_, f)| *f > 0.0)
                        .map(|(c, f)| {
                            let r = html! { <rect class={c} x={format!("{:.2}", x * 100.0)} y="0" width={format!("{:.2}", f * 100.0)} height="8" /> };
                            x += f;
                            r
                        })
                        .collect::<Html>();
                    let pct = |f: f64| format!("{:.0}", f * 100.0);
                    let label = tf!(
                        "{name}: {busy}% busy ({running}% running, {task}% in tasks, {sleeping}% sleeping), {waiting}% waiting",
                        name, busy = pct(u.busy()), running = pct(u.running), task = pct(u.in_task),
                        sleeping = pct(u.sleeping), waiting = pct(u.waiting)
                    );
                    html! { <div class="bar" title={label.clone()}>
                        <span class="name">{ name }</span>
                        <svg viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label={label}>{ parts }</svg>
                        <span class="pct">{ tf!("{busy}% busy", busy = pct(u.busy())) }</span>
                    </div> }
                }) }
            </div>
            { depth_plot.unwrap_or_default() }
            // A lesson says what CPython does; the learner's program has
            // no such text (CPython's answer is the program's own).
            if !p.expected.is_empty() {
                <h2>{t!("What CPython does")}</h2>
                <p>{ p.expected.clone() }</p>
            }
            if !p.checks.is_empty() {
                <ul class="checks" aria-label={t!("Outcome checks")}>
                    { for p.checks.iter().map(|c| html! {
                        <li class={if c.ok { "ok" } else { "fail" }}>
                            <span aria-hidden="true">{ if c.ok { "✓ " } else { "✗ " } }</span>
                            <span class="sr">{ spaced(if c.ok { t!("passed:") } else { t!("failed:") }) }</span>
                            { c.label.clone() }
                            if !c.detail.is_empty() { <span class="detail">{ format!(" — {}", c.detail) }</span> }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
