//! Each lock, queue, value and pool, drawn once with its live state.

use super::view_ref::ViewRef;
use lockstep_core::reduce::View;
use lockstep_core::trace::{ObjKind, Tid};
use yew::prelude::*;

#[derive(Properties)]
pub struct ObjectsProps {
    pub view: ViewRef,
}

fn chip(v: &View, t: Tid) -> Html {
    let name = v
        .lanes
        .get(&t)
        .map(|l| l.name.clone())
        .unwrap_or_else(|| format!("thread {t}"));
    html! { <span class="chip">{ name }</span> }
}

impl PartialEq for ObjectsProps {
    fn eq(&self, o: &Self) -> bool {
        self.view == o.view
    }
}

fn chips(v: &View, ts: &[Tid]) -> Html {
    if ts.is_empty() {
        return html! { "none" };
    }
    html! { <>{ for ts.iter().map(|t| chip(v, *t)) }</> }
}

#[function_component(Objects)]
pub fn objects(p: &ObjectsProps) -> Html {
    let v = p.view.get();
    let v = &*v;
    let item = lockstep_core::trace::show_value;
    // Not the runtime's own objects, nor variables that hold objects
    // (`View::is_drawn`).
    let cards = v.objects.values().filter(|o| v.is_drawn(o.id)).filter_map(|o| {
        let body = match o.kind {
            ObjKind::Lock | ObjKind::RLock => {
                let l = v.locks.get(&o.id)?;
                html! { <>
                    <p>{"holder: "}{ match l.holder { Some(t) => html!{ <>{ chip(v, t) }{ if o.kind == ObjKind::RLock { format!(" count {}", l.count) } else { String::new() } }</> }, None => html!{ <span class="free">{"free"}</span> } } }</p>
                    <p>{"waiting, in order: "}{ chips(v, &l.waiters) }</p>
                    <p class="dim">{ format!("acquired {} time(s) so far", l.holds.len() + l.holder.is_some() as usize) }</p>
                </> }
            }
            ObjKind::Queue => {
                let q = v.queues.get(&o.id)?;
                // At most MAX_SLOTS drawn: a learner's Queue(10**9) or a
                // queue holding thousands of items is a count, not boxes.
                const MAX_SLOTS: usize = 24;
                let slots = if o.capacity > 0 { o.capacity as usize } else { q.items.len().max(4) };
                let drawn = slots.max(q.items.len()).min(MAX_SLOTS);
                let more = q.items.len().saturating_sub(MAX_SLOTS);
                html! { <>
                    <div class="slots" role="group" aria-label={format!("{} of {} slots used", q.items.len(), if o.capacity > 0 { o.capacity.to_string() } else { "unbounded".into() })}>
                        { for (0..drawn).map(|i| match q.items.get(i) {
                            Some(x) => html!{ <span class="slot full">{ item(*x) }</span> },
                            None => html!{ <span class="slot"></span> },
                        }) }
                        if more > 0 { <span class="dim">{ format!(" +{more} more") }</span> }
                        if slots > MAX_SLOTS && o.capacity > 0 { <span class="dim">{ format!(" (maxsize {})", o.capacity) }</span> }
                        if o.capacity == 0 { <span class="dim">{" (unbounded)"}</span> }
                    </div>
                    <p>{"blocked in put (full): "}{ chips(v, &q.blocked_putters) }</p>
                    <p>{"blocked in get (empty): "}{ chips(v, &q.blocked_getters) }</p>
                    <p class="dim">{ if q.task_dones > 0 {
                        format!("{} put · {} got · {} not yet task_done", q.puts, q.gets, q.unfinished)
                    } else {
                        format!("{} put · {} got", q.puts, q.gets)
                    } }</p>
                </> }
            }
            ObjKind::Value => {
                let val = v.values.get(&o.id)?;
                html! { <>
                    <p class={classes!("big", lockstep_core::trace::is_opaque(val.value).then_some("dim"))}>{ lockstep_core::trace::show_value(val.value) }</p>
                    <p>{"last written by "}{ match val.last_writer { Some(t) => chip(v, t), None => html!{"nobody"} } }</p>
                    if !val.lost.is_empty() {
                        <div class="lost" role="note">
                            <strong>{ format!("{} lost update(s), in {} stale write(s)",
                                val.lost_total(), val.lost.len()) }</strong>
                            <ul>{ for val.lost.iter().take(6).map(|l| html!{
                                <li>{ chip(v, l.tid) }{ { use lockstep_core::trace::show_value as s; match l.erased {
                                    n if n <= 1 => format!(" read {}, wrote {} over {}: the update that made it {} was lost", s(l.read), s(l.wrote), s(l.overwrote), s(l.overwrote)),
                                    n => format!(" read {}, wrote {} over {}: the {n} updates made after its read were lost", s(l.read), s(l.wrote), s(l.overwrote)),
                                } } }</li>
                            }) }</ul>
                        </div>
                    }
                </> }
            }
            ObjKind::Pool => {
                let pool = v.pools.get(&o.id)?;
                html! { <>
                    <p>{ format!("{} worker{}{}", pool.size, if pool.size == 1 { "" } else { "s" }, if pool.terminated { " · terminated" } else if pool.closed { " · closed" } else { "" }) }</p>
                    <div class="tasks">
                        { for pool.tasks.values().map(|t| {
                            let (cls, label) = match (t.started, t.ended) {
                                (None, _) => ("task queued", format!("task {} queued", t.index)),
                                (Some(_), None) => ("task running", format!("task {} on {}", t.index, t.worker.and_then(|w| v.lanes.get(&w)).map(|l| l.name.as_str()).unwrap_or("?"))),
                                (Some(_), Some(_)) => ("task done", format!("task {} done", t.index)),
                            };
                            html!{ <span class={cls} title={label.clone()}>{ t.index }</span> }
                        }) }
                    </div>
                    <p class="dim">{ format!("{} queued · {} running · {} done", pool.queued().count(), pool.running().count(), pool.tasks.values().filter(|t| t.ended.is_some()).count()) }</p>
                </> }
            }
            ObjKind::Semaphore | ObjKind::BoundedSemaphore => html! { <p>{ format!("value {} of {}", o.counter, o.capacity) }</p> },
            ObjKind::Event => html! { <p>{ if o.counter != 0 { "set" } else { "clear" } }</p> },
            ObjKind::Barrier => html! { <p>{ format!("{} parties", o.capacity) }</p> },
            ObjKind::Condition => html! { <p>{"condition"}</p> },
            ObjKind::Thread | ObjKind::Result => return None,
        };
        Some(html! {
            <section class={classes!("card", format!("kind-{}", o.kind.python().to_lowercase()))} aria-label={format!("{} {}", o.kind.python(), o.name)}>
                <h3>{ o.name.clone() }<span class="kind">{ o.kind.python() }</span></h3>
                { body }
            </section>
        })
    });
    html! { <div class="objects">{ for cards }</div> }
}
