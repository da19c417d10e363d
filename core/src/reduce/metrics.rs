//! Numbers that summarise a run: makespan, utilisation, throughput, lost
//! updates.

use super::{LaneState, View};
use crate::trace::Tid;
use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize)]
pub struct Metrics {
    /// Demo ns from the first thread start to the last thread end (or now).
    pub makespan: u64,
    /// Per lane: share of its lifetime not waiting (blocked or idle).
    /// Sleeping counts as busy: in the lessons, `time.sleep` stands for work.
    pub utilisation: Vec<(Tid, f64)>,
    /// Pool tasks finished per demo second.
    pub tasks_per_sec: f64,
    /// Queue items taken per demo second.
    pub items_per_sec: f64,
    pub lost_updates: usize,
    /// Sum of pool task durations / pool size: the ideal makespan.
    pub ideal_pool_makespan: Option<u64>,
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
    let mut utilisation = Vec::new();
    for lane in view.lanes.values() {
        let Some(s) = lane.segments.first() else { continue };
        first = first.min(s.start);
        let end = lane.segments.last().and_then(|s| s.end).unwrap_or(now);
        last = last.max(end);
        let mut busy = 0u64;
        for seg in &lane.segments {
            let e = seg.end.unwrap_or(now);
            if matches!(
                seg.state,
                LaneState::Running | LaneState::Io | LaneState::Sleeping
            ) {
                busy += e.saturating_sub(seg.start);
            }
        }
        // A pool worker is busy while it runs a task, even while that task
        // sleeps (the task holds the worker).
        let task_busy: u64 = view
            .pools
            .values()
            .flat_map(|p| p.tasks.values())
            .filter(|t| t.worker == Some(lane.tid))
            .map(|t| t.ended.unwrap_or(now).saturating_sub(t.started.unwrap_or(now)))
            .sum();
        let life = end.saturating_sub(s.start).max(1);
        utilisation.push((lane.tid, (busy.max(task_busy) as f64 / life as f64).min(1.0)));
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
