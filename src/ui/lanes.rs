//! The lanes: one per thread, named as Python names it, time flowing right.
//! Running, blocked, sleeping, idle and waiting-on-network have distinct
//! patterns (not colour alone). On the right, each object, with an arrow
//! from every thread acting on or waiting for it right now.

use super::view_ref::ViewRef;
use lockstep_core::reduce::spans::{spans, Span};
use lockstep_core::reduce::{LaneState, Waiting};
use lockstep_core::trace::{ObjId, Tid};
use lockstep_core::{t, tf, tp};
use yew::prelude::*;

#[derive(Properties)]
pub struct LanesProps {
    pub view: ViewRef,
    /// Demo ns at the right edge of what has happened.
    pub now: u64,
    /// Threads on a deadlock cycle.
    pub cycle: Vec<Tid>,
    /// When set (a live run), each lane name is a control that lets exactly
    /// one traced operation of that thread through.
    #[prop_or_default]
    pub on_step: Option<Callback<Tid>>,
    /// Draw the axis out to at least this demo time (a pinned run and the
    /// live one share one scale, so their lengths compare by eye).
    #[prop_or_default]
    pub axis_end: u64,
}

/// Where things go across the drawing, in CSS pixels: the SVG's user units
/// are the figure's own pixels, so its 11 px text is 11 px on any screen.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Geom {
    label: f64,
    plot: f64,
    gap: f64,
    obj_w: f64,
}

impl Geom {
    /// The layout for a drawing `width` px wide. Narrow (a phone), the
    /// objects' column goes (their cards are below the lanes) and the
    /// names get less room.
    fn for_width(width: f64) -> Geom {
        let width = width.max(280.0);
        if width >= 700.0 {
            Geom {
                label: 150.0,
                plot: width - 370.0,
                gap: 70.0,
                obj_w: 150.0,
            }
        } else {
            let label = (width * 0.3).min(130.0);
            Geom {
                label,
                // Room right of the plot for the last tick's label.
                plot: width - label - 20.0,
                gap: 0.0,
                obj_w: 0.0,
            }
        }
    }
    fn width(&self) -> f64 {
        self.label + self.plot + self.gap + self.obj_w
    }
    /// A lane name cut to fit its column (11 px monospace, ~6.7 px a
    /// character).
    fn name(&self, name: &str) -> String {
        let fit = ((self.label - 12.0) / 6.7).max(4.0) as usize;
        if name.chars().count() <= fit {
            name.to_string()
        } else {
            let cut: String = name.chars().take(fit - 1).collect();
            format!("{cut}…")
        }
    }
}
const ROW: f64 = 30.0;
const TOP: f64 = 22.0;

fn class(s: LaneState) -> &'static str {
    match s {
        LaneState::Running => "seg running",
        LaneState::Blocked => "seg blocked",
        LaneState::Sleeping => "seg sleeping",
        LaneState::Idle => "seg idle",
        LaneState::Io => "seg io",
        LaneState::Done => "seg",
    }
}

pub fn state_word(s: LaneState) -> &'static str {
    match s {
        LaneState::Running => t!("running"),
        LaneState::Blocked => t!("blocked"),
        LaneState::Sleeping => t!("sleeping"),
        LaneState::Idle => t!("idle"),
        LaneState::Io => t!("waiting on network"),
        LaneState::Done => t!("finished"),
    }
}

/// The lane's spans other than running, as one outline per state: a
/// `(class, path)` each, in a fixed order. One element per state, not one
/// per span: a busy lane has hundreds of spans, and building, diffing and
/// painting thousands of rectangles was most of a frame while 16 Python
/// threads ran (issue 17).
fn outlines(spans: &[Span], y: f64, h: f64) -> Vec<(&'static str, String)> {
    use std::fmt::Write;
    const ORDER: [Option<LaneState>; 6] = [
        Some(LaneState::Blocked),
        Some(LaneState::Sleeping),
        Some(LaneState::Idle),
        Some(LaneState::Io),
        Some(LaneState::Done),
        None,
    ];
    ORDER
        .iter()
        .filter_map(|state| {
            let mut d = String::new();
            for s in spans.iter().filter(|s| s.state == *state) {
                let w = tenths((s.x1 - s.x0).max(1.0));
                let _ = write!(d, "M{} {}h{w}v{}h-{w}z", tenths(s.x0), tenths(y), tenths(h));
            }
            (!d.is_empty()).then(|| (state.map(class).unwrap_or("seg mixed"), d))
        })
        .collect()
}

/// `v` to a tenth, for a path: `{:.1}` takes the exact (and, for some
/// values, big-number) route through float formatting, which was most of
/// the time spent writing the lanes' outlines.
struct Tenths(i64);

fn tenths(v: f64) -> Tenths {
    Tenths((v * 10.0).round() as i64)
}

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{}", a / 10, a % 10)
    }
}

/// A round span for the time axis a little past `now` (at least 1 ms):
/// 1, 1.2, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 5, 6, 7 or 8 times a power of ten
/// (without 1.75, a run of 1.45 ms filled 72% of a 2 ms axis). Round, so
/// the axis does not jitter every frame; fine-grained, so a run fills at
/// least 75% of the width whatever its length (a run of 40 ms is drawn
/// as wide as one of 40 s).
pub fn span_for(now: u64) -> u64 {
    let want = now.max(1_000_000) as f64 * 1.04;
    let p = 10f64.powi(want.log10().floor() as i32);
    [
        1.0, 1.2, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0,
    ]
    .iter()
    .map(|m| m * p)
    .find(|v| *v >= want)
    .unwrap_or(10.0 * p) as u64
}

/// Tick spacing for a span: 1, 2 or 5 times a power of ten, at most
/// `most` intervals.
pub fn tick_step(span: u64, most: u64) -> u64 {
    let mut p = 1u64;
    loop {
        for m in [1, 2, 5] {
            if span / (m * p) <= most.max(1) {
                return m * p;
            }
        }
        p *= 10;
    }
}

/// A tick's label: seconds with as many decimals as the step needs, or
/// milliseconds below 10 ms. The units stay `s` and `ms` in every language
/// (a compact axis label; sentences say 秒).
pub fn tick_label(t: u64, step: u64) -> String {
    if step < 10_000_000 {
        format!("{} ms", t / 1_000_000)
    } else {
        let decimals = (9 - (step as f64).log10().floor() as i32).max(0) as usize;
        format!("{:.*} s", decimals, t as f64 / 1e9)
    }
}

impl PartialEq for LanesProps {
    fn eq(&self, o: &Self) -> bool {
        self.view == o.view
            && self.now == o.now
            && self.cycle == o.cycle
            && self.on_step == o.on_step
            && self.axis_end == o.axis_end
    }
}

#[function_component(Lanes)]
pub fn lanes(p: &LanesProps) -> Html {
    // The drawing is as many units wide as the figure is pixels: measured
    // now and on every resize.
    let fig = use_node_ref();
    let measured = use_state_eq(|| 930.0);
    {
        let (fig, measured) = (fig.clone(), measured.clone());
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = fig.cast::<web_sys::Element>() {
                    let w = el.client_width() as f64 - 13.0;
                    if w > 0.0 {
                        measured.set(w.round());
                    }
                }
            };
            measure();
            let resize =
                gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(resize)
        });
    }
    let g = Geom::for_width(*measured);
    let v = p.view.get();
    let v = &*v;
    let span = span_for(p.now.max(p.axis_end));
    let x = |t: u64| g.label + (t as f64 / span as f64) * g.plot;
    // Objects worth drawing: everything except pool results, threads and
    // what `View::is_drawn` leaves out (the runtime's own objects,
    // variables holding objects).
    let objs: Vec<(ObjId, String)> = v
        .objects
        .values()
        .filter(|o| {
            !matches!(
                o.kind,
                lockstep_core::trace::ObjKind::Result | lockstep_core::trace::ObjKind::Thread
            ) && v.is_drawn(o.id)
        })
        .map(|o| (o.id, format!("{} ({})", o.name, o.kind.python())))
        .collect();
    // Narrow, the objects are only their cards below.
    let objs = if g.obj_w > 0.0 { objs } else { Vec::new() };
    let rows = v.lanes.len().max(objs.len()).max(1);
    let height = TOP + rows as f64 * ROW + 24.0;
    let width = g.width();
    let obj_y = |id: ObjId| {
        objs.iter()
            .position(|(o, _)| *o == id)
            .map(|i| TOP + i as f64 * ROW + ROW / 2.0)
    };
    // A label every 70 px at most.
    let step = tick_step(span, (g.plot / 70.0) as u64);
    let ticks: Vec<u64> = (0..=span / step).map(|i| i * step).collect();
    let lane_rows = v.lanes.values().enumerate().map(|(i, lane)| {
        let y = TOP + i as f64 * ROW;
        let on_cycle = p.cycle.contains(&lane.tid);
        // At most one rectangle per pixel run, however busy the lane; and
        // running, the commonest state, is one rectangle under the lane's
        // whole life with the other states drawn over it (painting many
        // patterned, stroked rectangles is what slows a frame down).
        let spans = spans(&lane.segments, p.now, x);
        let life = spans.first().zip(spans.last()).map(|(a, b)| html! {
            <rect class="seg running" x={format!("{:.1}", a.x0)} y={format!("{:.1}", y + 5.0)}
                width={format!("{:.1}", (b.x1 - a.x0).max(1.0))} height={format!("{:.1}", ROW - 10.0)} />
        });
        let segs = outlines(&spans, y + 5.0, ROW - 10.0)
            .into_iter()
            .map(|(cls, d)| html! { <path class={cls} d={d} /> });
        // Pool tasks this lane ran: outlined and numbered on top.
        let tasks = v.pools.values().flat_map(|pool| pool.tasks.values()).filter(|t| t.worker == Some(lane.tid)).map(|t| {
            let (Some(s0), e0) = (t.started, t.ended) else { return html! {} };
            let (x0, x1) = (x(s0), x(e0.unwrap_or(p.now)));
            html! { <g class="task-mark">
                <rect x={format!("{x0:.1}")} y={format!("{:.1}", y + 3.0)} width={format!("{:.1}", (x1 - x0).max(1.0))} height={format!("{:.1}", ROW - 6.0)} />
                // As much of the label as the box holds (10 px text).
                if x1 - x0 >= 14.0 {
                    <text x={format!("{:.1}", x0 + 3.0)} y={format!("{:.1}", y + ROW / 2.0 + 4.0)}>{
                        if x1 - x0 >= 44.0 { tf!("task {i}", i = t.index) } else { t.index.to_string() }
                    }</text>
                }
            </g> }
        });
        let title = tf!("{name}: {state}", name = lane.name, state = state_word(lane.state));
        html! {
            <g class={classes!("lane", on_cycle.then_some("on-cycle"))}>
                <title>{ title }</title>
                { match (&p.on_step, lane.state) {
                    (Some(cb), st) if st != LaneState::Done => {
                        let (cb, cb2, tid) = (cb.clone(), cb.clone(), lane.tid);
                        let onkeydown = Callback::from(move |e: KeyboardEvent| {
                            if e.key() == "Enter" || e.key() == " " {
                                e.prevent_default();
                                e.stop_propagation();
                                cb2.emit(tid);
                            }
                        });
                        html! {
                            <text class="lane-name steppable" x="6" y={format!("{:.1}", y + ROW / 2.0 + 4.0)}
                                role="button" tabindex="0" aria-label={tf!("Step {name}", name = lane.name)}
                                onclick={move |_| cb.emit(tid)} {onkeydown}>
                                { g.name(&lane.name) }{ if lane.process { " ▣" } else { "" } }
                            </text>
                        }
                    }
                    _ => html! {
                        <text class="lane-name" x="6" y={format!("{:.1}", y + ROW / 2.0 + 4.0)}>
                            { g.name(&lane.name) }{ if lane.process { " ▣" } else { "" } }
                        </text>
                    },
                } }
                <line class="lane-base" x1={g.label.to_string()} x2={(g.label + g.plot).to_string()}
                    y1={format!("{:.1}", y + ROW / 2.0)} y2={format!("{:.1}", y + ROW / 2.0)} />
                { for life }
                { for segs }
                { for tasks }
            </g>
        }
    });
    // Arrows: from each live lane's "now" to the object it waits on, or
    // acted on within the last 0.3 s of demo time.
    let arrows = v.lanes.values().enumerate().filter_map(|(i, lane)| {
        if lane.state == LaneState::Done {
            return None;
        }
        let (obj, waiting) = match lane.waiting_on {
            Some(Waiting::Object(o)) => (o, true),
            _ => {
                let recent = lane.last.is_some_and(|e| p.now.saturating_sub(e.t_demo) < 300_000_000);
                if !recent || lane.last_obj == 0 {
                    return None;
                }
                (lane.last_obj, false)
            }
        };
        let oy = obj_y(obj)?;
        let y = TOP + i as f64 * ROW + ROW / 2.0;
        let cls = classes!("arrow", waiting.then_some("waiting"), p.cycle.contains(&lane.tid).then_some("on-cycle"));
        Some(html! {
            <line class={cls} x1={format!("{:.1}", x(p.now).min(g.label + g.plot))} y1={format!("{y:.1}")}
                x2={format!("{:.1}", (g.label + g.plot + g.gap) - 2.0)} y2={format!("{oy:.1}")} marker-end="url(#arrowhead)" />
        })
    });
    let obj_boxes = objs.iter().enumerate().map(|(i, (id, name))| {
        let y = TOP + i as f64 * ROW;
        let held = v.locks.get(id).and_then(|l| l.holder).is_some();
        html! {
            <g class={classes!("obj", held.then_some("held"))}>
                <rect x={(g.label + g.plot + g.gap).to_string()} y={format!("{:.1}", y + 3.0)} width={g.obj_w.to_string()}
                    height={(ROW - 6.0).to_string()} rx="4" />
                <text x={((g.label + g.plot + g.gap) + 6.0).to_string()} y={format!("{:.1}", y + ROW / 2.0 + 4.0)}>{ name.clone() }</text>
            </g>
        }
    });
    html! {
        <figure class="lanes" ref={fig}>
            <svg viewBox={format!("0 0 {width} {height}")} role="group"
                aria-label={tp!(v.lanes.len(), "Timeline of {n} thread", "Timeline of {n} threads")}>
                <defs>
                    <pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
                        <rect width="6" height="6" class="hatch-bg" /><line x1="0" y1="0" x2="0" y2="6" class="hatch-line" />
                    </pattern>
                    <pattern id="dots" patternUnits="userSpaceOnUse" width="5" height="5">
                        <rect width="5" height="5" class="dots-bg" /><circle cx="2.5" cy="2.5" r="1.2" class="dots-dot" />
                    </pattern>
                    <pattern id="stripes" patternUnits="userSpaceOnUse" width="5" height="5">
                        <rect width="5" height="5" class="stripes-bg" /><line x1="2.5" y1="0" x2="2.5" y2="5" class="stripes-line" />
                    </pattern>
                    <pattern id="mixed" patternUnits="userSpaceOnUse" width="4" height="4">
                        <rect width="4" height="4" class="mixed-bg" /><rect width="2" height="4" class="mixed-fg" />
                    </pattern>
                    <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                    </marker>
                </defs>
                { for ticks.iter().map(|&t| {
                    let tx = x(t);
                    html! { <g class="tick">
                        <line x1={format!("{tx:.1}")} x2={format!("{tx:.1}")} y1={(TOP - 4.0).to_string()} y2={format!("{:.1}", height - 20.0)} />
                        <text x={format!("{tx:.1}")} y={(TOP - 8.0).to_string()}>{ tick_label(t, step) }</text>
                    </g> }
                }) }
                { for lane_rows }
                { for arrows }
                { for obj_boxes }
                <line class="now" x1={format!("{:.1}", x(p.now))} x2={format!("{:.1}", x(p.now))} y1={TOP.to_string()} y2={format!("{:.1}", height - 20.0)} />
            </svg>
            <figcaption class="legend">
                <span><svg width="22" height="12"><rect class="seg running" width="22" height="12"/></svg>{t!("running")}</span>
                <span><svg width="22" height="12"><rect class="seg blocked" width="22" height="12"/></svg>{t!("blocked (lock, queue, join)")}</span>
                <span><svg width="22" height="12"><rect class="seg sleeping" width="22" height="12"/></svg>{t!("sleeping")}</span>
                <span><svg width="22" height="12"><rect class="seg idle" width="22" height="12"/></svg>{t!("idle (pool worker without a task)")}</span>
                <span><svg width="22" height="12"><rect class="seg io" width="22" height="12"/></svg>{t!("waiting on network")}</span>
                <span><svg width="22" height="12"><rect class="seg mixed" width="22" height="12"/></svg>{t!("changing faster than the lane can show (replay to see)")}</span>
                <span>{t!("▣ = a Python process")}</span>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_is_round_and_the_run_fills_most_of_it() {
        for now in [
            0u64,
            3_000_000,
            40_000_000,
            999_000_000,
            1_000_000_000,
            1_010_000_000,
            9_050_000_000,
            61_000_000_000,
        ] {
            let span = span_for(now);
            assert!(span as f64 >= now as f64 * 1.04, "{now}: {span}");
            assert!(
                now < 1_000_000 || now as f64 / span as f64 > 0.75,
                "{now}: {span}"
            );
            let step = tick_step(span, 8);
            assert!(span / tick_step(span, 3) <= 3);
            assert!(span / step <= 8 && span / step >= 2, "{span}: {step}");
        }
        assert_eq!(span_for(1_010_000_000), 1_200_000_000);
        // Every length from 1 ms to 100 s, 0.1% apart, fills over 75%
        // (a CI run of L6 ended at 74% when 1.5 was followed by 2).
        let mut now = 1_000_000f64;
        while now < 1e11 {
            let span = span_for(now as u64);
            assert!(now / span as f64 > 0.75, "{now}: {span}");
            let step = tick_step(span, 8);
            assert!(span / step <= 8 && span / step >= 2, "{span}: {step}");
            now *= 1.001;
        }
        assert_eq!(tick_label(500_000_000, 100_000_000), "0.5 s");
        assert_eq!(tick_label(2_000_000_000, 1_000_000_000), "2 s");
        assert_eq!(tick_label(4_000_000, 1_000_000), "4 ms");
        assert_eq!(tick_label(250_000_000, 50_000_000), "0.25 s");
    }

    #[test]
    fn tenths_write_what_the_float_format_wrote() {
        for v in [
            0.0,
            0.04,
            0.06,
            1.0,
            12.34,
            12.35,
            150.96,
            999.99,
            -3.25,
            -0.5,
            1e6 / 3.0,
        ] {
            let want = format!("{:.1}", (v * 10.0f64).round() / 10.0);
            assert_eq!(tenths(v).to_string(), want, "{v}");
        }
    }

    #[test]
    fn each_state_is_one_outline_of_all_its_spans() {
        let span = |x0, x1, state| Span { x0, x1, state };
        let got = outlines(
            &[
                span(0.0, 10.0, Some(LaneState::Running)),
                span(10.0, 12.5, Some(LaneState::Blocked)),
                span(12.5, 13.0, None),
                span(13.0, 20.0, Some(LaneState::Blocked)),
            ],
            5.0,
            20.0,
        );
        assert_eq!(
            got,
            vec![
                (
                    "seg blocked",
                    "M10.0 5.0h2.5v20.0h-2.5zM13.0 5.0h7.0v20.0h-7.0z".to_string()
                ),
                ("seg mixed", "M12.5 5.0h1.0v20.0h-1.0z".to_string()),
            ]
        );
    }
}
