//! One plain sentence per traced operation a learner can see ("Thread-2
//! waits for mutex, held by Thread-1"): what the page's slow motion and
//! Step say as each operation happens. Read against the view as it is
//! once the event is applied, so a sentence can name who holds a lock,
//! how many items a queue has, or which update a stale write erased.

use super::View;
use crate::trace::{show_value, Event, ObjKind, Op, Phase, Tid};

/// The sentence for `e`, or `None` for what the page does not draw (the
/// runtime's own objects, an uncontended GIL, a request that will be
/// followed by its outcome). `view` must have `e` applied.
pub fn sentence(view: &View, e: &Event) -> Option<String> {
    let who = name(view, e.tid)?;
    let obj = view.objects.get(&e.obj);
    let kind = obj.map(|o| o.kind);
    if obj.is_some() && kind != Some(ObjKind::Thread) && !view.is_drawn(e.obj) {
        return None;
    }
    let what = obj.map(|o| o.name.as_str()).unwrap_or("?");
    let gil = what == "GIL";
    let s = match (e.op, e.phase) {
        (Op::Spawn, Phase::Done) => {
            let child = name(view, e.value as Tid)?;
            let process = view.lanes.get(&(e.value as Tid)).is_some_and(|l| l.process);
            format!("{who} starts {}{child}.", if process { "process " } else { "" })
        }
        (Op::Run, Phase::End) => format!("{who} finishes."),
        (Op::Run, Phase::Interrupted) => format!("{who} is terminated."),
        (Op::Sleep, Phase::Begin) => format!("{who} sleeps {}.", seconds(e.value)),
        (Op::Join, Phase::Blocked) => {
            format!("{who} waits for {} to finish.", name(view, e.value as Tid)?)
        }
        (Op::Acquire, Phase::Blocked) if matches!(kind, Some(ObjKind::Lock | ObjKind::RLock)) => {
            let holder = view.locks.get(&e.obj).and_then(|l| l.holder);
            match holder {
                Some(h) if h == e.tid => format!(
                    "{who} waits for {what}, which it holds itself: a plain Lock does not know its owner, so this wait never ends."
                ),
                Some(h) => format!("{who} waits for {what}, held by {}.", name(view, h)?),
                None => format!("{who} waits for {what}."),
            }
        }
        (Op::Acquire, Phase::Blocked) => format!("{who} waits for {what} (none left)."),
        (Op::Acquire, Phase::Done) if gil => return None,
        (Op::Acquire, Phase::Done) => match kind {
            Some(ObjKind::Lock | ObjKind::RLock) if e.value > 1 => {
                format!("{who} takes {what} again: its count is {}.", e.value)
            }
            Some(ObjKind::Lock | ObjKind::RLock) => format!("{who} takes {what}."),
            _ => format!("{who} takes {what} ({} left).", e.value),
        },
        (Op::Acquire, Phase::Failed) => format!("{who} could not take {what}."),
        (Op::Release, Phase::Done) if gil => return None,
        (Op::Release, Phase::Done) => match kind {
            Some(ObjKind::Lock | ObjKind::RLock) if e.value > 0 => {
                format!(
                    "{who} releases {what} once: its count is {}, still held.",
                    e.value
                )
            }
            Some(ObjKind::Lock | ObjKind::RLock) => {
                let next = view.locks.get(&e.obj).and_then(|l| l.waiters.first().copied());
                match next.and_then(|t| name(view, t)) {
                    Some(n) => format!("{who} releases {what}; {n} is waiting for it."),
                    None => format!("{who} releases {what}."),
                }
            }
            _ => format!("{who} releases {what} ({} free).", e.value),
        },
        (Op::Release, Phase::Failed) => {
            format!("{who} releases {what}, which it does not hold: RuntimeError.")
        }
        (Op::Load, Phase::Done) if kind == Some(ObjKind::Queue) => match e.value {
            0 => format!("{who} sees {what} is empty."),
            1 => format!("{who} sees {what} holds 1 item."),
            n => format!("{who} sees {what} holds {n} items."),
        },
        (Op::Load, Phase::Done) => format!("{who} reads {what} = {}.", show_value(e.value)),
        (Op::Store, Phase::Done) => {
            let lost = view
                .values
                .get(&e.obj)
                .and_then(|v| v.lost.last())
                .filter(|l| l.event + 1 == view.applied);
            match lost {
                Some(l) => format!(
                    "{who} writes {what} = {}, but it had read {} before {} was written: that update is lost.",
                    show_value(e.value),
                    show_value(l.read),
                    show_value(l.overwrote)
                ),
                None => format!("{who} writes {what} = {}.", show_value(e.value)),
            }
        }
        (Op::Put, Phase::Done) => {
            let n = view.queues.get(&e.obj).map_or(0, |q| q.items.len());
            format!("{who} puts {} into {what} ({}).", show_value(e.value), items(n))
        }
        (Op::Put, Phase::Blocked) => format!("{who} waits: {what} is full."),
        (Op::Get, Phase::Done) if kind == Some(ObjKind::Queue) => {
            format!("{who} takes {} from {what}.", show_value(e.value))
        }
        (Op::Get, Phase::Blocked) if kind == Some(ObjKind::Queue) => format!("{who} waits: {what} is empty."),
        (Op::TaskDone, Phase::Done) => {
            format!("{who} marks an item of {what} done ({} unfinished).", e.value)
        }
        (Op::WaitAll, Phase::Blocked) if kind == Some(ObjKind::Pool) => {
            format!("{who} waits for every task of {what} to finish.")
        }
        (Op::WaitAll, Phase::Blocked) => {
            format!("{who} waits until every item put into {what} is marked done.")
        }
        (Op::Wait, Phase::Blocked | Phase::Begin) => format!("{who} waits on {what}."),
        (Op::Notify, Phase::Done) => format!("{who} notifies {what}."),
        (Op::Set, Phase::Done) => format!("{who} sets {what}."),
        (Op::Clear, Phase::Done) => format!("{who} clears {what}."),
        (Op::Submit, Phase::Done) => format!("{who} submits task {} to {what}.", e.value),
        (Op::Task, Phase::Begin) => format!("{who} starts task {}.", e.value),
        (Op::Task, Phase::End) => format!("{who} finishes task {}.", e.value),
        (Op::Close, Phase::Done) => format!("{who} closes {what}: no more tasks."),
        (Op::Terminate, Phase::Done) => format!("{who} terminates {what}."),
        (Op::Print, _) => {
            let text = view.output.last().map(|l| l.text.as_str()).unwrap_or("");
            format!("{who} prints: {}", cut(text.trim_end(), 80))
        }
        (Op::Raise, _) => {
            let text = view.errors.last().map(|l| l.text.as_str()).unwrap_or("");
            format!("{who} raises {}", cut(text.trim_end(), 80))
        }
        (Op::Fetch, Phase::Begin) => {
            let url = view.fetches.get(&e.value).map(|f| f.url.as_str()).unwrap_or("?");
            format!("{who} requests {url} and waits for the network.")
        }
        (Op::Fetch, _) => {
            let f = view.fetches.get(&e.value)?;
            match f.status {
                Some(0) | None => format!("{who}'s request to {} fails.", f.url),
                Some(s) => format!("{who} gets {s} from {}.", f.url),
            }
        }
        _ => return None,
    };
    Some(s)
}

fn name(view: &View, tid: Tid) -> Option<String> {
    view.lanes
        .get(&tid)
        .map(|l| l.name.clone())
        .filter(|n| !n.is_empty())
}

fn seconds(ns: i64) -> String {
    let s = ns as f64 / 1e9;
    let t = format!("{s:.3}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    format!("{t} s")
}

fn items(n: usize) -> String {
    match n {
        1 => "1 item in it".into(),
        n => format!("{n} items in it"),
    }
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{Meta, TraceLog};

    fn ev(tid: Tid, obj: crate::trace::ObjId, op: Op, phase: Phase, value: i64, aux: i64) -> Event {
        Event::bare(tid, obj, op, phase, value, aux)
    }

    /// Applies `events` in order; returns each one's sentence.
    fn narrate(objs: &[(crate::trace::ObjId, ObjKind, &str)], events: &[Event]) -> Vec<Option<String>> {
        let mut log = TraceLog::default();
        for (tid, n) in [(1, "MainThread"), (2, "Thread-1"), (3, "Thread-2")] {
            log.metas.push(Meta::Thread {
                tid,
                name: n.into(),
                worker: tid as u64,
                process: false,
                parent: 1,
            });
        }
        for (id, kind, name) in objs {
            log.metas.push(Meta::Object {
                id: *id,
                kind: *kind,
                name: name.to_string(),
                capacity: 0,
            });
        }
        let mut v = View::default();
        log.metas.iter().for_each(|m| v.meta(m));
        events
            .iter()
            .map(|e| {
                v.apply(e, &log);
                sentence(&v, e)
            })
            .collect()
    }

    #[test]
    fn a_lock_wait_names_its_holder_and_a_release_names_who_is_next() {
        let s = narrate(
            &[(10, ObjKind::Lock, "mutex")],
            &[
                ev(2, 10, Op::Acquire, Phase::Request, 0, 0),
                ev(2, 10, Op::Acquire, Phase::Done, 1, 0),
                ev(3, 10, Op::Acquire, Phase::Request, 0, 0),
                ev(3, 10, Op::Acquire, Phase::Blocked, 0, 0),
                ev(2, 10, Op::Release, Phase::Done, 0, 0),
                ev(3, 10, Op::Acquire, Phase::Done, 1, 0),
            ],
        );
        assert_eq!(s[0], None, "a request is followed by its outcome");
        assert_eq!(s[1].as_deref(), Some("Thread-1 takes mutex."));
        assert_eq!(
            s[3].as_deref(),
            Some("Thread-2 waits for mutex, held by Thread-1.")
        );
        assert_eq!(
            s[4].as_deref(),
            Some("Thread-1 releases mutex; Thread-2 is waiting for it.")
        );
    }

    #[test]
    fn a_stale_write_says_which_update_it_erased() {
        let s = narrate(
            &[(11, ObjKind::Value, "x")],
            &[
                ev(2, 11, Op::Load, Phase::Done, 0, 0),
                ev(3, 11, Op::Load, Phase::Done, 0, 0),
                ev(3, 11, Op::Store, Phase::Done, 1, 0),
                ev(2, 11, Op::Store, Phase::Done, 1, 1),
            ],
        );
        assert_eq!(s[0].as_deref(), Some("Thread-1 reads x = 0."));
        assert_eq!(s[2].as_deref(), Some("Thread-2 writes x = 1."));
        assert_eq!(
            s[3].as_deref(),
            Some("Thread-1 writes x = 1, but it had read 0 before 1 was written: that update is lost.")
        );
    }

    #[test]
    fn an_rlock_counts_a_plain_lock_taken_twice_waits_for_itself_and_internals_are_silent() {
        let s = narrate(
            &[
                (10, ObjKind::RLock, "r"),
                (12, ObjKind::Lock, "m"),
                (13, ObjKind::Lock, "_hidden"),
                (14, ObjKind::Queue, "q"),
            ],
            &[
                ev(2, 10, Op::Acquire, Phase::Done, 1, 0),
                ev(2, 10, Op::Acquire, Phase::Done, 2, 0),
                ev(2, 10, Op::Release, Phase::Done, 1, 0),
                ev(2, 12, Op::Acquire, Phase::Done, 1, 0),
                ev(2, 12, Op::Acquire, Phase::Blocked, 1, 0),
                ev(3, 13, Op::Acquire, Phase::Done, 1, 0),
                ev(
                    3,
                    14,
                    Op::Put,
                    Phase::Done,
                    crate::trace::text_value("A").unwrap(),
                    1,
                ),
                ev(1, 0, Op::Sleep, Phase::Begin, 1_500_000_000, 0),
            ],
        );
        assert_eq!(s[1].as_deref(), Some("Thread-1 takes r again: its count is 2."));
        assert_eq!(
            s[2].as_deref(),
            Some("Thread-1 releases r once: its count is 1, still held.")
        );
        assert!(s[4]
            .as_deref()
            .unwrap()
            .starts_with("Thread-1 waits for m, which it holds itself"));
        assert_eq!(s[5], None);
        assert_eq!(s[6].as_deref(), Some("Thread-2 puts 'A' into q (1 item in it)."));
        assert_eq!(s[7].as_deref(), Some("MainThread sleeps 1.5 s."));
    }
}
