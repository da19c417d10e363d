//! The speedup plot (L10's): measured speedup against the number of workers, beside the
//! linear ideal and Amdahl's law fitted to the last measured point.

use lockstep_core::reduce::speedup::{amdahl, implied_p};
use lockstep_core::{t, tf};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SpeedupProps {
    /// What the sweep varied ("workers", "CONCURRENT_REQUESTS").
    pub axis: AttrValue,
    /// (value, wall seconds), from the run's trace.
    pub points: Vec<(usize, f64)>,
}

#[function_component(SpeedupPlot)]
pub fn speedup_plot(p: &SpeedupProps) -> Html {
    // A curve needs two points (a crawl without its sweep has one).
    let Some(&(_, base)) = p.points.first().filter(|_| p.points.len() >= 2) else {
        return html! {};
    };
    let max_w = p.points.iter().map(|q| q.0).max().unwrap_or(1).max(2) as f64;
    let measured: Vec<(f64, f64)> = p
        .points
        .iter()
        .map(|&(w, s)| (w as f64, base / s.max(1e-9)))
        .collect();
    let top = measured.iter().map(|q| q.1).fold(max_w, f64::max).ceil();
    let (w, h, pad) = (300.0, 160.0, 28.0);
    let x = |v: f64| pad + (v - 1.0) / (max_w - 1.0) * (w - 2.0 * pad);
    let y = |v: f64| h - pad - (v / top) * (h - 2.0 * pad);
    let line = |pts: &[(f64, f64)]| {
        pts.iter()
            .map(|&(a, b)| format!("{:.1},{:.1}", x(a), y(b)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let fit = measured
        .last()
        .filter(|q| q.0 > 1.0)
        .map(|&(wl, sl)| implied_p(sl, wl).clamp(0.0, 1.0));
    let steps: Vec<f64> = (0..=20).map(|i| 1.0 + (max_w - 1.0) * i as f64 / 20.0).collect();
    let ideal: Vec<(f64, f64)> = steps.iter().map(|&v| (v, v)).collect();
    let amd: Vec<(f64, f64)> = fit
        .map(|pf| steps.iter().map(|&v| (v, amdahl(pf, v))).collect())
        .unwrap_or_default();
    html! {
        <figure class="plot speedup">
            <svg viewBox={format!("0 0 {w} {h}")} role="img"
                aria-label={tf!("Speedup by {axis}: {points}", axis = p.axis, points = measured.iter().map(|q| format!("{} {:.2}x", q.0, q.1)).collect::<Vec<_>>().join(", "))}>
                <line class="axis" x1={pad.to_string()} y1={(h - pad).to_string()} x2={(w - pad).to_string()} y2={(h - pad).to_string()} />
                <line class="axis" x1={pad.to_string()} y1={pad.to_string()} x2={pad.to_string()} y2={(h - pad).to_string()} />
                // A tick at each measured point (1 to 32 would crowd).
                { for p.points.iter().map(|&(k, _)| html! {
                    <text class="tick" x={format!("{:.1}", x(k as f64))} y={(h - pad + 14.0).to_string()}>{ k }</text>
                }) }
                <text class="tick" x="4" y={format!("{:.1}", y(top) + 4.0)}>{ format!("{top}x") }</text>
                <text class="tick" x="4" y={format!("{:.1}", y(1.0) + 4.0)}>{"1x"}</text>
                <polyline class="ideal" points={line(&ideal)} />
                if !amd.is_empty() { <polyline class="amdahl" points={line(&amd)} /> }
                <polyline class="measured" points={line(&measured)} />
                { for measured.iter().map(|&(a, b)| html! { <circle class="measured" cx={format!("{:.1}", x(a))} cy={format!("{:.1}", y(b))} r="3.5" /> }) }
            </svg>
            <figcaption>
                { super::objects::spaced(&tf!("speedup against {axis} (the first point's time over each point's):", axis = p.axis)) }<span class="k measured">{t!("● measured")}</span>
                <span class="k ideal">{t!(" — linear")}</span>
                if let Some(pf) = fit { <span class="k amdahl">{ tf!(" ┄ Amdahl, {pct}% parallel", pct = format!("{:.0}", pf * 100.0)) }</span> }
            </figcaption>
        </figure>
    }
}
