//! Numbers that summarise a run: makespan, utilisation, throughput, lost
//! updates.

use super::{LaneState, View};
use crate::trace::Tid;
use crate::{t, tf, tp};
use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize)]
pub struct Metrics {
    /// Demo ns from the first thread start to the last thread end (or now).
    pub makespan: u64,
    /// Per lane: how it spent the run (shares of the makespan).
    pub utilisation: Vec<(Tid, Use)>,
    /// Pool tasks finished per demo second.
    pub tasks_per_sec: f64,
    /// Queue items taken per demo second.
    pub items_per_sec: f64,
    pub lost_updates: usize,
    /// Sum of pool task durations / pool size: the ideal makespan.
    pub ideal_pool_makespan: Option<u64>,
}

/// How one thread spent the run, as shares of the makespan (they add up
/// to at most 1: the rest it did not exist yet, or had finished).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Use {
    /// Running Python, or waiting on the network.
    pub running: f64,
    /// In `time.sleep` (a pool worker's task that sleeps is `in_task`).
    pub sleeping: f64,
    /// Blocked on a lock, queue, join or condition, or a pool worker idle
    /// without a task: never busy.
    pub waiting: f64,
    /// A pool worker running a task (whatever the task does).
    pub in_task: f64,
}

impl Use {
    /// Busy: running, sleeping as work, or in a pool task. A blocked or
    /// idle thread is not busy.
    pub fn busy(&self) -> f64 {
        (self.running + self.sleeping + self.in_task).min(1.0)
    }
}

pub fn compute(view: &View) -> Metrics {
    compute_at(view, view.now)
}

/// As [`compute`], with what is still going on (a thread blocked, a task
/// running) counted up to demo time `now`: a live run's clock, which runs
/// on past its last event (a deadlock records nothing more).
pub fn compute_at(view: &View, now: u64) -> Metrics {
    let now = now.max(view.now);
    let mut first = u64::MAX;
    let mut last = 0u64;
    for lane in view.lanes.values() {
        let Some(s) = lane.segments.first() else { continue };
        first = first.min(s.start);
        last = last.max(lane.segments.last().and_then(|s| s.end).unwrap_or(now));
    }
    let span = last.saturating_sub(first).max(1) as f64;
    let mut utilisation = Vec::new();
    for lane in view.lanes.values() {
        let tasks: Vec<(u64, u64)> = view
            .pools
            .values()
            .flat_map(|p| p.tasks.values())
            .filter(|t| t.worker == Some(lane.tid))
            .filter_map(|t| Some((t.started?, t.ended.unwrap_or(now))))
            .collect();
        let in_a_task = |a: u64, b: u64| -> u64 {
            tasks
                .iter()
                .map(|(s, e)| b.min(*e).saturating_sub(a.max(*s)))
                .sum()
        };
        let mut u = Use::default();
        for seg in &lane.segments {
            let (a, b) = (seg.start, seg.end.unwrap_or(now));
            let d = b.saturating_sub(a);
            let task = in_a_task(a, b).min(d);
            u.in_task += task as f64;
            let rest = (d - task) as f64;
            match seg.state {
                LaneState::Running | LaneState::Io => u.running += rest,
                LaneState::Sleeping => u.sleeping += rest,
                LaneState::Blocked | LaneState::Idle => u.waiting += rest,
                LaneState::Done => {}
            }
        }
        for x in [&mut u.running, &mut u.sleeping, &mut u.waiting, &mut u.in_task] {
            *x = (*x / span).min(1.0);
        }
        if !lane.segments.is_empty() {
            utilisation.push((lane.tid, u));
        }
    }
    let makespan = if first == u64::MAX {
        0
    } else {
        last.saturating_sub(first)
    };
    let secs = (makespan as f64 / 1e9).max(1e-9);
    let done_tasks = view
        .pools
        .values()
        .flat_map(|p| p.tasks.values())
        .filter(|t| t.ended.is_some())
        .count();
    let gets: u64 = view
        .queues
        .iter()
        .filter(|(id, _)| !view.is_internal(**id))
        // Items done, where the program marks them (L9's stop signals
        // are got but never task_done()); else items got.
        .map(|(_, q)| if q.task_dones > 0 { q.task_dones } else { q.gets })
        .sum();
    let ideal_pool_makespan = view.pools.values().next().map(|p| {
        let total: u64 = p
            .tasks
            .values()
            .filter_map(|t| Some(t.ended?.saturating_sub(t.started?)))
            .sum();
        total / p.size.max(1) as u64
    });
    Metrics {
        makespan,
        utilisation,
        tasks_per_sec: done_tasks as f64 / secs,
        items_per_sec: gets as f64 / secs,
        lost_updates: view.lost_updates(),
        ideal_pool_makespan,
    }
}

/// Makespan of greedy list scheduling: each task, in order, goes to the
/// worker that frees up first. What CPython's `Pool` achieves.
pub fn greedy_makespan(durations: &[u64], workers: usize) -> u64 {
    let mut free = vec![0u64; workers.max(1)];
    for d in durations {
        let i = (0..free.len()).min_by_key(|i| free[*i]).unwrap();
        free[i] += d;
    }
    free.into_iter().max().unwrap_or(0)
}

/// Why a finished pool took its makespan and not the ideal sum/n, in plain
/// sentences: a task runs on one worker from start to end, so the work
/// cannot be split evenly; which worker finished last with which tasks,
/// and which sat idle at the end with no task left to take. `None` until
/// every submitted task has finished.
pub fn pool_story(view: &View) -> Option<String> {
    let (_, pool) = view
        .pools
        .iter()
        .find(|(id, p)| view.is_drawn(**id) && !p.tasks.is_empty())?;
    if pool.tasks.values().any(|t| t.ended.is_none()) {
        return None;
    }
    let name = |t: Tid| view.lanes.get(&t).map_or("?".to_string(), |l| l.name.clone());
    let s = |ns: u64| tf!("{secs} s", secs = format!("{:.2}", ns as f64 / 1e9));
    let zh = crate::i18n::lang() == crate::i18n::Lang::Zh;
    // Between items of a list, and between sentences.
    let (comma, space) = if zh { ("、", "") } else { (", ", " ") };
    // Per worker, in the order they took their first task.
    let mut workers: Vec<(Tid, Vec<i64>, u64, u64)> = Vec::new();
    let mut tasks: Vec<_> = pool.tasks.values().collect();
    tasks.sort_by_key(|t| t.started);
    for t in tasks {
        let (Some(w), Some(a), Some(b)) = (t.worker, t.started, t.ended) else {
            continue;
        };
        match workers.iter_mut().find(|x| x.0 == w) {
            Some(x) => {
                x.1.push(t.index);
                x.2 += b - a;
                x.3 = x.3.max(b);
            }
            None => workers.push((w, vec![t.index], b - a, b)),
        }
    }
    let start = pool.tasks.values().filter_map(|t| t.started).min()?;
    let end = workers.iter().map(|w| w.3).max()?;
    let work: u64 = workers.iter().map(|w| w.2).sum();
    let n = pool.size.max(1) as u64;
    let last = workers.iter().max_by_key(|w| w.3)?;
    let list = |ix: &[i64]| match ix {
        [task] => tf!("task {task}", task),
        [init @ .., last] => tf!(
            "tasks {tasks} and {last}",
            tasks = init.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(comma),
            last
        ),
        [] => String::new(),
    };
    // One worker has nothing to share: it runs every task in turn.
    if n == 1 {
        return Some(tf!(
            "The tasks are {work} of work, and one worker runs them one after another: {worker} ran {tasks}.",
            work = s(work),
            worker = name(last.0),
            tasks = list(&last.1),
        ));
    }
    let mut out = vec![tf!(
        "The tasks are {work} of work: {share} per worker if {n} workers could share it evenly. \
         They cannot: each task runs on one worker from start to end. \
         {worker} ran {tasks} ({busy}) and finished last.",
        work = s(work),
        share = s(work / n),
        n,
        worker = name(last.0),
        tasks = list(&last.1),
        busy = s(last.2),
    )];
    // Idle at the end: a tail longer than 2% of the pool's run.
    let slack = (end - start) / 50;
    let idle: Vec<String> = workers
        .iter()
        .filter(|w| end - w.3 > slack)
        .map(|w| {
            tf!(
                "{worker} for its last {secs}",
                worker = name(w.0),
                secs = s(end - w.3)
            )
        })
        .collect();
    let never = n.saturating_sub(workers.len() as u64);
    if idle.len() == 1 {
        out.push(tf!(
            "With no task left to take, one worker sat idle: {idle}.",
            idle = idle.join(comma)
        ));
    } else if !idle.is_empty() {
        out.push(tf!(
            "With no task left to take, workers sat idle: {idle}.",
            idle = idle.join(comma)
        ));
    } else if never == 0 {
        out.push(t!("Every worker stayed busy to the end.").to_string());
    }
    if never > 0 {
        out.push(tp!(
            never,
            "One worker never got a task: the others took every one first.",
            "{n} workers never got a task: the others took every one first."
        ));
    }
    Some(out.join(space))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reduce::{PoolView, TaskView};
    use crate::trace::Meta;

    const S: u64 = 1_000_000_000;

    /// Pool(3), three tasks: worker 1 runs task 0 (3 s); worker 2 runs
    /// tasks 1 and 2 (1 s each); worker 3 gets none.
    fn view() -> View {
        let mut v = View::default();
        for (tid, name) in [(1, "MainThread"), (2, "W-1"), (3, "W-2"), (4, "W-3")] {
            v.meta(&Meta::Thread {
                tid,
                name: name.into(),
                worker: tid as u64,
                process: true,
                parent: 1,
            });
        }
        let task = |index, worker, a, b| TaskView {
            index,
            submitted: 0,
            started: Some(a),
            ended: Some(b),
            worker: Some(worker),
        };
        let mut pool = PoolView {
            size: 3,
            ..PoolView::default()
        };
        pool.tasks.insert(0, task(0, 2, 0, 3 * S));
        pool.tasks.insert(1, task(1, 3, 0, S));
        pool.tasks.insert(2, task(2, 3, S, 2 * S));
        v.pools.insert(9, pool);
        v
    }

    #[test]
    fn the_pool_story_names_the_last_worker_the_idle_tail_and_the_worker_without_a_task() {
        let story = pool_story(&view()).unwrap();
        assert!(
            story.starts_with("The tasks are 5.00 s of work: 1.67 s per worker if 3 workers"),
            "{story}"
        );
        assert!(
            story.contains("W-1 ran task 0 (3.00 s) and finished last."),
            "{story}"
        );
        assert!(
            story.contains("one worker sat idle: W-2 for its last 1.00 s."),
            "{story}"
        );
        assert!(story.contains("One worker never got a task"), "{story}");
        let mut running = view();
        running
            .pools
            .get_mut(&9)
            .unwrap()
            .tasks
            .get_mut(&2)
            .unwrap()
            .ended = None;
        assert_eq!(pool_story(&running), None, "told once every task has finished");
    }

    #[test]
    fn a_blocked_or_idle_thread_is_never_busy_and_a_task_that_sleeps_is() {
        use crate::reduce::{LaneState, Segment};
        let mut v = view();
        let seg = |start, end, state| Segment {
            start,
            end: Some(end),
            state,
            obj: 0,
        };
        v.lanes.get_mut(&1).unwrap().segments = vec![seg(0, 3 * S, LaneState::Blocked)];
        v.lanes.get_mut(&2).unwrap().segments = vec![seg(0, 3 * S, LaneState::Sleeping)];
        v.lanes.get_mut(&3).unwrap().segments = vec![
            seg(0, 2 * S, LaneState::Sleeping),
            seg(2 * S, 3 * S, LaneState::Idle),
        ];
        let m = compute_at(&v, 3 * S);
        let u = |t: Tid| m.utilisation.iter().find(|x| x.0 == t).unwrap().1;
        assert_eq!(u(1).busy(), 0.0);
        assert_eq!(u(1).waiting, 1.0);
        assert_eq!(u(2).in_task, 1.0);
        assert!((u(3).in_task - 2.0 / 3.0).abs() < 1e-9 && (u(3).waiting - 1.0 / 3.0).abs() < 1e-9);
    }
}
