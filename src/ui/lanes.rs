//! The lanes: one per thread, named as Python names it, time flowing right.
//! Running, blocked, sleeping, idle and waiting-on-network have distinct
//! patterns (not colour alone). On the right, each object, with an arrow
//! from every thread acting on or waiting for it right now.

use super::view_ref::ViewRef;
use lockstep_core::reduce::spans::spans;
use lockstep_core::reduce::{LaneState, Waiting};
use lockstep_core::trace::{ObjId, Tid};
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
}

const LABEL: f64 = 150.0;
const PLOT: f64 = 560.0;
const GAP: f64 = 70.0;
const OBJ_W: f64 = 150.0;
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
        LaneState::Running => "running",
        LaneState::Blocked => "blocked",
        LaneState::Sleeping => "sleeping",
        LaneState::Idle => "idle",
        LaneState::Io => "waiting on network",
        LaneState::Done => "finished",
    }
}

/// A round span for the time axis, so it does not jitter every frame.
fn span_for(now: u64) -> u64 {
    let s = (now as f64 / 1e9).max(1.0) * 1.1;
    let step = if s <= 5.0 {
        1.0
    } else if s <= 20.0 {
        5.0
    } else {
        10.0
    };
    ((s / step).ceil() * step * 1e9) as u64
}

impl PartialEq for LanesProps {
    fn eq(&self, o: &Self) -> bool {
        self.view == o.view && self.now == o.now && self.cycle == o.cycle && self.on_step == o.on_step
    }
}

#[function_component(Lanes)]
pub fn lanes(p: &LanesProps) -> Html {
    let v = p.view.get();
    let v = &*v;
    let span = span_for(p.now);
    let x = |t: u64| LABEL + (t as f64 / span as f64) * PLOT;
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
    let rows = v.lanes.len().max(objs.len()).max(1);
    let height = TOP + rows as f64 * ROW + 24.0;
    let width = LABEL + PLOT + GAP + OBJ_W;
    let obj_y = |id: ObjId| {
        objs.iter()
            .position(|(o, _)| *o == id)
            .map(|i| TOP + i as f64 * ROW + ROW / 2.0)
    };
    let ticks: Vec<u64> = {
        let secs = span / 1_000_000_000;
        let step = if secs <= 5 {
            1
        } else if secs <= 20 {
            5
        } else {
            10
        };
        (0..=secs).step_by(step as usize).collect()
    };
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
        let segs = spans.into_iter().filter(|s| s.state != Some(LaneState::Running)).map(|s| {
            let cls = s.state.map(class).unwrap_or("seg mixed");
            html! { <rect class={cls} x={format!("{:.1}", s.x0)} y={format!("{:.1}", y + 5.0)}
                width={format!("{:.1}", (s.x1 - s.x0).max(1.0))} height={format!("{:.1}", ROW - 10.0)} /> }
        });
        // Pool tasks this lane ran: outlined and numbered on top.
        let tasks = v.pools.values().flat_map(|pool| pool.tasks.values()).filter(|t| t.worker == Some(lane.tid)).map(|t| {
            let (Some(s0), e0) = (t.started, t.ended) else { return html! {} };
            let (x0, x1) = (x(s0), x(e0.unwrap_or(p.now)));
            html! { <g class="task-mark">
                <rect x={format!("{x0:.1}")} y={format!("{:.1}", y + 3.0)} width={format!("{:.1}", (x1 - x0).max(1.0))} height={format!("{:.1}", ROW - 6.0)} />
                <text x={format!("{:.1}", x0 + 3.0)} y={format!("{:.1}", y + ROW / 2.0 + 4.0)}>{ format!("task {}", t.index) }</text>
            </g> }
        });
        let title = format!("{}: {}", lane.name, state_word(lane.state));
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
                                role="button" tabindex="0" aria-label={format!("Step {}", lane.name)}
                                onclick={move |_| cb.emit(tid)} {onkeydown}>
                                { lane.name.clone() }{ if lane.process { " ▣" } else { "" } }
                            </text>
                        }
                    }
                    _ => html! {
                        <text class="lane-name" x="6" y={format!("{:.1}", y + ROW / 2.0 + 4.0)}>
                            { lane.name.clone() }{ if lane.process { " ▣" } else { "" } }
                        </text>
                    },
                } }
                <line class="lane-base" x1={LABEL.to_string()} x2={(LABEL + PLOT).to_string()}
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
            <line class={cls} x1={format!("{:.1}", x(p.now).min(LABEL + PLOT))} y1={format!("{y:.1}")}
                x2={format!("{:.1}", LABEL + PLOT + GAP - 2.0)} y2={format!("{oy:.1}")} marker-end="url(#arrowhead)" />
        })
    });
    let obj_boxes = objs.iter().enumerate().map(|(i, (id, name))| {
        let y = TOP + i as f64 * ROW;
        let held = v.locks.get(id).and_then(|l| l.holder).is_some();
        html! {
            <g class={classes!("obj", held.then_some("held"))}>
                <rect x={(LABEL + PLOT + GAP).to_string()} y={format!("{:.1}", y + 3.0)} width={OBJ_W.to_string()}
                    height={(ROW - 6.0).to_string()} rx="4" />
                <text x={(LABEL + PLOT + GAP + 6.0).to_string()} y={format!("{:.1}", y + ROW / 2.0 + 4.0)}>{ name.clone() }</text>
            </g>
        }
    });
    html! {
        <figure class="lanes">
            <svg viewBox={format!("0 0 {width} {height}")} role="img"
                aria-label={format!("Timeline of {} threads", v.lanes.len())}>
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
                { for ticks.iter().map(|s| {
                    let tx = x(s * 1_000_000_000);
                    html! { <g class="tick">
                        <line x1={format!("{tx:.1}")} x2={format!("{tx:.1}")} y1={(TOP - 4.0).to_string()} y2={format!("{:.1}", height - 20.0)} />
                        <text x={format!("{tx:.1}")} y={(TOP - 8.0).to_string()}>{ format!("{s} s") }</text>
                    </g> }
                }) }
                { for lane_rows }
                { for arrows }
                { for obj_boxes }
                <line class="now" x1={format!("{:.1}", x(p.now))} x2={format!("{:.1}", x(p.now))} y1={TOP.to_string()} y2={format!("{:.1}", height - 20.0)} />
            </svg>
            <figcaption class="legend">
                <span><svg width="22" height="12"><rect class="seg running" width="22" height="12"/></svg>{"running"}</span>
                <span><svg width="22" height="12"><rect class="seg blocked" width="22" height="12"/></svg>{"blocked (lock, queue, join)"}</span>
                <span><svg width="22" height="12"><rect class="seg sleeping" width="22" height="12"/></svg>{"sleeping"}</span>
                <span><svg width="22" height="12"><rect class="seg idle" width="22" height="12"/></svg>{"idle (pool worker without a task)"}</span>
                <span><svg width="22" height="12"><rect class="seg io" width="22" height="12"/></svg>{"waiting on network"}</span>
                <span><svg width="22" height="12"><rect class="seg mixed" width="22" height="12"/></svg>{"changing faster than the lane can show (replay to see)"}</span>
                <span>{"▣ = a Python process"}</span>
            </figcaption>
        </figure>
    }
}
