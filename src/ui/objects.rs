//! Each lock, queue, value and pool, drawn once with its live state.

use super::view_ref::ViewRef;
use lockstep_core::reduce::View;
use lockstep_core::trace::{ObjKind, Tid};
use lockstep_core::{t, tf, tp};
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
        .unwrap_or_else(|| tf!("thread {t}", t));
    html! { <span class="chip">{ name }</span> }
}

impl PartialEq for ObjectsProps {
    fn eq(&self, o: &Self) -> bool {
        self.view == o.view
    }
}

/// A label before a value: a space after it when it ends in a Latin
/// letter or sign (`holder: `), none after a full-width one (`持有者：`).
/// (The catalog cannot hold a message's trailing space.)
pub(crate) fn spaced(s: &str) -> String {
    if s.ends_with(|c: char| c.is_ascii()) {
        format!("{s} ")
    } else {
        s.to_string()
    }
}

fn chips(v: &View, ts: &[Tid]) -> Html {
    if ts.is_empty() {
        return html! { { t!("none") } };
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
                    <p>{ spaced(t!("holder:")) }{ match l.holder { Some(t) => html!{ <>{ chip(v, t) }{ if o.kind == ObjKind::RLock { tf!(" count {count}", count = l.count) } else { String::new() } }</> }, None => html!{ <span class="free">{ t!("free") }</span> } } }</p>
                    <p>{ spaced(t!("waiting, in order:")) }{ chips(v, &l.waiters) }</p>
                    <p class="dim">{ tp!(l.holds.len() + l.holder.is_some() as usize, "acquired {n} time so far", "acquired {n} times so far") }</p>
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
                    <div class="slots" role="group" aria-label={if o.capacity > 0 {
                        tf!("{used} of {cap} slots used", used = q.items.len(), cap = o.capacity)
                    } else {
                        tf!("{used} of unbounded slots used", used = q.items.len())
                    }}>
                        { for (0..drawn).map(|i| match q.items.get(i) {
                            Some(x) => html!{ <span class="slot full">{ item(*x) }</span> },
                            None => html!{ <span class="slot"></span> },
                        }) }
                        if more > 0 { <span class="dim">{ tf!(" +{more} more", more) }</span> }
                        if slots > MAX_SLOTS && o.capacity > 0 { <span class="dim">{ format!(" (maxsize {})", o.capacity) }</span> }
                        if o.capacity == 0 { <span class="dim">{ t!(" (unbounded)") }</span> }
                    </div>
                    <p>{ spaced(t!("blocked in put (full):")) }{ chips(v, &q.blocked_putters) }</p>
                    <p>{ spaced(t!("blocked in get (empty):")) }{ chips(v, &q.blocked_getters) }</p>
                    <p class="dim">{ if q.task_dones > 0 {
                        tf!("{put} put · {got} got · {open} not yet task_done", put = q.puts, got = q.gets, open = q.unfinished)
                    } else {
                        tf!("{put} put · {got} got", put = q.puts, got = q.gets)
                    } }</p>
                </> }
            }
            ObjKind::Value => {
                let val = v.values.get(&o.id)?;
                html! { <>
                    <p class={classes!("big", lockstep_core::trace::is_opaque(val.value).then_some("dim"))}>{ lockstep_core::trace::show_value(val.value) }</p>
                    <p>{ spaced(t!("last written by")) }{ match val.last_writer { Some(t) => chip(v, t), None => html!{ { t!("nobody") } } } }</p>
                    if !val.lost.is_empty() {
                        <div class="lost" role="note">
                            <strong>{ tf!("{lost} lost update(s), in {writes} stale write(s)",
                                lost = val.lost_total(), writes = val.lost.len()) }</strong>
                            <ul>{ for val.lost.iter().take(6).map(|l| html!{
                                <li>{ chip(v, l.tid) }{ { use lockstep_core::trace::show_value as s; match l.erased {
                                    n if n <= 1 => tf!(" read {read}, wrote {wrote} over {over}: the update that made it {over} was lost", read = s(l.read), wrote = s(l.wrote), over = s(l.overwrote)),
                                    n => tf!(" read {read}, wrote {wrote} over {over}: the {n} updates made after its read were lost", read = s(l.read), wrote = s(l.wrote), over = s(l.overwrote), n),
                                } } }</li>
                            }) }</ul>
                        </div>
                    }
                </> }
            }
            ObjKind::Pool => {
                let pool = v.pools.get(&o.id)?;
                html! { <>
                    <p>{ tp!(pool.size, "{n} worker", "{n} workers") }{ if pool.terminated { t!(" · terminated") } else if pool.closed { t!(" · closed") } else { "" } }</p>
                    <div class="tasks">
                        { for pool.tasks.values().map(|t| {
                            let (cls, label) = match (t.started, t.ended) {
                                (None, _) => ("task queued", tf!("task {i} queued", i = t.index)),
                                (Some(_), None) => ("task running", tf!("task {i} on {who}", i = t.index, who = t.worker.and_then(|w| v.lanes.get(&w)).map(|l| l.name.as_str()).unwrap_or("?"))),
                                (Some(_), Some(_)) => ("task done", tf!("task {i} done", i = t.index)),
                            };
                            html!{ <span class={cls} title={label.clone()}>{ t.index }</span> }
                        }) }
                    </div>
                    <p class="dim">{ tf!("{queued} queued · {running} running · {done} done", queued = pool.queued().count(), running = pool.running().count(), done = pool.tasks.values().filter(|t| t.ended.is_some()).count()) }</p>
                </> }
            }
            ObjKind::Semaphore | ObjKind::BoundedSemaphore => html! { <p>{ tf!("value {value} of {max}", value = o.counter, max = o.capacity) }</p> },
            ObjKind::Event => html! { <p>{ if o.counter != 0 { t!("set") } else { t!("clear") } }</p> },
            ObjKind::Barrier => html! { <p>{ tp!(o.capacity, "{n} party", "{n} parties") }</p> },
            ObjKind::Condition => html! { <p>{ t!("condition") }</p> },
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
