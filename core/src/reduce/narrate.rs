//! One plain sentence per traced operation a learner can see ("Thread-2
//! waits for mutex, held by Thread-1"): what the page's slow motion and
//! Step say as each operation happens. Read against the view as it is
//! once the event is applied, so a sentence can name who holds a lock,
//! how many items a queue has, or which update a stale write erased.
//!
//! Each sentence is one whole template (`tf!`), so a translation can put
//! its words in its own order.

use super::View;
use crate::trace::{show_value, Event, ObjKind, Op, Phase, Tid};
use crate::{tf, tp};

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
            if process {
                tf!("{who} starts process {child}.", who, child)
            } else {
                tf!("{who} starts {child}.", who, child)
            }
        }
        (Op::Run, Phase::End) => tf!("{who} finishes.", who),
        (Op::Run, Phase::Interrupted) => tf!("{who} is terminated.", who),
        (Op::Sleep, Phase::Begin) => tf!("{who} sleeps {secs} s.", who, secs = seconds(e.value)),
        (Op::Join, Phase::Blocked) => {
            tf!(
                "{who} waits for {other} to finish.",
                who,
                other = name(view, e.value as Tid)?
            )
        }
        (Op::Acquire, Phase::Blocked) if matches!(kind, Some(ObjKind::Lock | ObjKind::RLock)) => {
            let holder = view.locks.get(&e.obj).and_then(|l| l.holder);
            match holder {
                Some(h) if h == e.tid => tf!(
                    "{who} waits for {what}, which it holds itself: a plain Lock does not know its owner, so this wait never ends.",
                    who,
                    what
                ),
                Some(h) => tf!("{who} waits for {what}, held by {holder}.", who, what, holder = name(view, h)?),
                None => tf!("{who} waits for {what}.", who, what),
            }
        }
        (Op::Acquire, Phase::Blocked) => tf!("{who} waits for {what} (none left).", who, what),
        (Op::Acquire, Phase::Done) if gil => return None,
        (Op::Acquire, Phase::Done) => match kind {
            Some(ObjKind::Lock | ObjKind::RLock) if e.value > 1 => {
                tf!(
                    "{who} takes {what} again: its count is {count}.",
                    who,
                    what,
                    count = e.value
                )
            }
            Some(ObjKind::Lock | ObjKind::RLock) => tf!("{who} takes {what}.", who, what),
            _ => tf!("{who} takes {what} ({left} left).", who, what, left = e.value),
        },
        (Op::Acquire, Phase::Failed) => tf!("{who} could not take {what}.", who, what),
        (Op::Release, Phase::Done) if gil => return None,
        (Op::Release, Phase::Done) => match kind {
            Some(ObjKind::Lock | ObjKind::RLock) if e.value > 0 => tf!(
                "{who} releases {what} once: its count is {count}, still held.",
                who,
                what,
                count = e.value
            ),
            Some(ObjKind::Lock | ObjKind::RLock) => {
                let next = view.locks.get(&e.obj).and_then(|l| l.waiters.first().copied());
                match next.and_then(|t| name(view, t)) {
                    Some(next) => tf!(
                        "{who} releases {what}; {next} is waiting for it.",
                        who,
                        what,
                        next
                    ),
                    None => tf!("{who} releases {what}.", who, what),
                }
            }
            _ => tf!("{who} releases {what} ({free} free).", who, what, free = e.value),
        },
        (Op::Release, Phase::Failed) => {
            tf!(
                "{who} releases {what}, which it does not hold: RuntimeError.",
                who,
                what
            )
        }
        (Op::Load, Phase::Done) if kind == Some(ObjKind::Queue) => match e.value {
            0 => tf!("{who} sees {what} is empty.", who, what),
            n => tp!(
                n,
                "{who} sees {what} holds {n} item.",
                "{who} sees {what} holds {n} items.",
                who,
                what
            ),
        },
        (Op::Load, Phase::Done) => tf!(
            "{who} reads {what} = {value}.",
            who,
            what,
            value = show_value(e.value)
        ),
        (Op::Store, Phase::Done) => {
            let lost = view
                .values
                .get(&e.obj)
                .and_then(|v| v.lost.last())
                .filter(|l| l.event + 1 == view.applied);
            match lost {
                Some(l) => tf!(
                    "{who} writes {what} = {value}, but it had read {read} before {overwrote} was written: that update is lost.",
                    who,
                    what,
                    value = show_value(e.value),
                    read = show_value(l.read),
                    overwrote = show_value(l.overwrote)
                ),
                None => tf!("{who} writes {what} = {value}.", who, what, value = show_value(e.value)),
            }
        }
        (Op::Put, Phase::Done) => {
            let n = view.queues.get(&e.obj).map_or(0, |q| q.items.len());
            tp!(
                n,
                "{who} puts {value} into {what} ({n} item in it).",
                "{who} puts {value} into {what} ({n} items in it).",
                who,
                what,
                value = show_value(e.value)
            )
        }
        (Op::Put, Phase::Blocked) => tf!("{who} waits: {what} is full.", who, what),
        (Op::Get, Phase::Done) if kind == Some(ObjKind::Queue) => {
            tf!(
                "{who} takes {value} from {what}.",
                who,
                what,
                value = show_value(e.value)
            )
        }
        (Op::Get, Phase::Blocked) if kind == Some(ObjKind::Queue) => {
            tf!("{who} waits: {what} is empty.", who, what)
        }
        (Op::TaskDone, Phase::Done) => tf!(
            "{who} marks an item of {what} done ({left} unfinished).",
            who,
            what,
            left = e.value
        ),
        (Op::WaitAll, Phase::Blocked) if kind == Some(ObjKind::Pool) => {
            tf!("{who} waits for every task of {what} to finish.", who, what)
        }
        (Op::WaitAll, Phase::Blocked) => {
            tf!(
                "{who} waits until every item put into {what} is marked done.",
                who,
                what
            )
        }
        (Op::Wait, Phase::Blocked | Phase::Begin) => tf!("{who} waits on {what}.", who, what),
        (Op::Notify, Phase::Done) => tf!("{who} notifies {what}.", who, what),
        (Op::Set, Phase::Done) => tf!("{who} sets {what}.", who, what),
        (Op::Clear, Phase::Done) => tf!("{who} clears {what}.", who, what),
        (Op::Submit, Phase::Done) => tf!("{who} submits task {task} to {what}.", who, what, task = e.value),
        (Op::Task, Phase::Begin) => tf!("{who} starts task {task}.", who, task = e.value),
        (Op::Task, Phase::End) => tf!("{who} finishes task {task}.", who, task = e.value),
        (Op::Close, Phase::Done) => tf!("{who} closes {what}: no more tasks.", who, what),
        (Op::Terminate, Phase::Done) => tf!("{who} terminates {what}.", who, what),
        (Op::Print, _) => {
            let text = view.output.last().map(|l| l.text.as_str()).unwrap_or("");
            tf!("{who} prints: {text}", who, text = cut(text.trim_end(), 80))
        }
        (Op::Raise, _) => {
            let text = view.errors.last().map(|l| l.text.as_str()).unwrap_or("");
            tf!("{who} raises {text}", who, text = cut(text.trim_end(), 80))
        }
        (Op::Fetch, Phase::Begin) => {
            let url = view.fetches.get(&e.value).map(|f| f.url.as_str()).unwrap_or("?");
            tf!("{who} requests {url} and waits for the network.", who, url)
        }
        (Op::Fetch, _) => {
            let f = view.fetches.get(&e.value)?;
            match f.status {
                Some(0) | None => tf!("{who}'s request to {url} fails.", who, url = f.url),
                Some(status) => tf!("{who} gets {status} from {url}.", who, status, url = f.url),
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

/// Demo nanoseconds as seconds, without trailing zeros: `1.5`.
fn seconds(ns: i64) -> String {
    let s = ns as f64 / 1e9;
    let t = format!("{s:.3}");
    t.trim_end_matches('0').trim_end_matches('.').to_string()
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

    #[test]
    fn sentences_speak_chinese_when_the_page_does() {
        let s = crate::i18n::with_lang(crate::i18n::Lang::Zh, || {
            narrate(
                &[(10, ObjKind::Lock, "mutex")],
                &[
                    ev(2, 10, Op::Acquire, Phase::Done, 1, 0),
                    ev(3, 10, Op::Acquire, Phase::Blocked, 0, 0),
                ],
            )
        });
        assert_eq!(s[0].as_deref(), Some("Thread-1 获取 mutex。"));
        assert_eq!(
            s[1].as_deref(),
            Some("Thread-2 等待 mutex，它正被 Thread-1 持有。")
        );
    }
}
