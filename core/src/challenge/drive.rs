//! Playing a level: the player is the scheduler.
//!
//! A level runs with every thread held (a paused run) and strict
//! scheduling (`RunOptions::strict`: a woken waiter is held too before it
//! tries again). The driver lets a thread through only when the run is
//! *settled* (`Run::settled`: no thread can move on its own), so the
//! sequence of choices, the *schedule*, determines the run: replaying a
//! schedule (a shared solution, Undo) gives the same run again.
//!
//! One choice is one move: the chosen thread is let through one traced
//! operation, and more while it stays at the same place in the program
//! without doing anything the page says (`reduce::narrate`): a call whose
//! own machinery takes several operations (a Condition's wait) is one
//! move, and so is each traced expression of the learner's code, so
//! `counter += 1` is two moves (the load, then the store). A move ends
//! early if the thread blocks or finishes. The runtime's own bookkeeping
//! is not the player's: a thread held where it has not yet reached the
//! learner's code (a new thread's start-up handshake) is let through by
//! itself, and so is the main thread whenever it can go, so it starts the
//! threads and waits for them as the program says.

use super::{judge, End, Level, Verdict};
use crate::follow::Drain;
use crate::reduce::{narrate, View};
use crate::run::Run;
use crate::trace::Tid;
use std::collections::VecDeque;

/// The run's main thread.
pub const MAIN: Tid = 1;
/// The most single steps one move takes looking for something visible.
const SEEK: u32 = 4000;

/// What the driver found at a tick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tick {
    /// Threads are moving (or a move is under way): look again later.
    Busy,
    /// The player's turn: these threads (number, position) can go.
    Choose(Vec<(u32, u32)>),
    /// No thread can move: every live thread waits on something.
    Stuck,
    /// Every thread has finished.
    Finished,
}

/// A thread's number in a schedule: `Thread-N` started N-th is N (the
/// run's tid minus one; main is 0).
pub fn number(tid: Tid) -> u32 {
    tid.saturating_sub(1)
}

fn tid_of(n: u32) -> Tid {
    n + 1
}

/// Reads a schedule as links carry it: thread numbers joined by dots
/// (`1.2.2.1`). At most 500 moves.
pub fn parse_schedule(s: &str) -> Option<Vec<u32>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    let moves: Option<Vec<u32>> = s
        .split('.')
        .map(|n| n.parse().ok().filter(|&n| (1..1000).contains(&n)))
        .collect();
    moves.filter(|m| m.len() <= 500)
}

pub fn show_schedule(moves: &[u32]) -> String {
    moves.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(".")
}

/// Plays a level's run: replays queued choices, then waits for the
/// player's. Non-blocking: call `tick` as often as you like (each frame).
#[derive(Debug, Default)]
pub struct Driver {
    /// The moves made so far, by thread number.
    pub played: Vec<u32>,
    queued: VecDeque<u32>,
    /// The thread of the move under way, and where it started.
    current: Option<Tid>,
    from: u32,
    shown: bool,
    seek: u32,
    /// A move that ended without a sentence: who, and the position it
    /// ran (the game says it from the program's line).
    pub quiet: Option<(Tid, u32)>,
    /// A queued move named a thread that could not go then: the rest of
    /// the queue was dropped.
    pub refused: Option<u32>,
}

impl Driver {
    /// A driver that first replays `moves` (a link's schedule, or Undo's
    /// replay to one move earlier).
    pub fn replaying(moves: &[u32]) -> Driver {
        Driver {
            queued: moves.iter().copied().collect(),
            ..Driver::default()
        }
    }

    /// The player picks thread `n` for the next move (taken at the next
    /// tick that finds the run settled).
    pub fn choose(&mut self, n: u32) {
        self.queued.push_back(n);
    }

    /// Whether a move is under way or queued.
    pub fn moving(&self) -> bool {
        self.current.is_some() || !self.queued.is_empty()
    }

    /// Moves still queued (a replay in progress).
    pub fn queued(&self) -> usize {
        self.queued.len()
    }

    /// Tells the driver that thread `tid` just did something the page
    /// says (a `narrate::sentence`): the move under way is complete.
    pub fn shown(&mut self, tid: Tid) {
        if self.current == Some(tid) {
            self.shown = true;
        }
    }

    /// One look at the run. `drain` must apply every event recorded so
    /// far, calling `shown` for each visible one: it is called after the
    /// run was seen settled, so the decision below sees all that the last
    /// step did.
    pub fn tick(&mut self, run: &Run, drain: impl FnOnce(&mut Driver)) -> Tick {
        let settled = run.settled();
        drain(self);
        if !settled {
            return Tick::Busy;
        }
        if run.is_done() {
            self.current = None;
            return Tick::Finished;
        }
        let held = run.held_threads();
        let can_go = |t: Tid| held.iter().any(|&(h, _)| h == t);
        let pos_of = |t: Tid| held.iter().find(|&&(h, _)| h == t).map(|&(_, p)| p);
        if let Some(t) = self.current {
            let same_place = pos_of(t).is_some_and(|p| p == 0 || p == self.from);
            if !self.shown && self.seek > 0 && same_place {
                self.seek -= 1;
                run.step(Some(t));
                return Tick::Busy;
            }
            if !self.shown {
                self.quiet = Some((t, self.from));
            }
            self.current = None;
        }
        // Main, and any thread not yet in the learner's code, go by
        // themselves (lowest first, one at a time: still deterministic).
        if let Some(&(t, _)) = held.iter().filter(|&&(t, p)| t == MAIN || p == 0).min() {
            run.step(Some(t));
            return Tick::Busy;
        }
        if held.is_empty() {
            // A thread that has just finished may not be counted out yet.
            return if run.waiting_threads() > 0 {
                Tick::Stuck
            } else {
                Tick::Busy
            };
        }
        if let Some(n) = self.queued.pop_front() {
            if can_go(tid_of(n)) {
                self.played.push(n);
                self.current = Some(tid_of(n));
                self.from = pos_of(tid_of(n)).unwrap_or(0);
                self.shown = false;
                self.seek = SEEK;
                run.step(Some(tid_of(n)));
                return Tick::Busy;
            }
            self.refused = Some(n);
            self.queued.clear();
        }
        Tick::Choose(held.iter().map(|&(t, pos)| (number(t), pos)).collect())
    }
}

/// A level being played: its run, the trace drained and reduced, the
/// driver, the moves said, and the judge's verdict so far. The page, the
/// native tests and the browser tests all play through this.
pub struct Game {
    pub level: &'static Level,
    pub run: Run,
    pub drain: Drain,
    pub view: View,
    pub driver: Driver,
    /// Every sentence said so far, by whom: the game's move log.
    pub said: Vec<(Tid, String)>,
    pub verdict: Verdict,
    /// The last tick's finding.
    pub last: Tick,
}

impl Game {
    /// `run` must have been started paused and strict, running the
    /// level's program; `moves` are replayed first.
    pub fn new(level: &'static Level, run: Run, moves: &[u32]) -> Game {
        Game {
            level,
            run,
            drain: Drain::keeping(1 << 20),
            view: View::default(),
            driver: Driver::replaying(moves),
            said: Vec::new(),
            verdict: Verdict::Playing,
            last: Tick::Busy,
        }
    }

    /// One look: drain, decide, judge. Once won or lost the verdict stays
    /// and no thread is let through any more (the level is over).
    pub fn tick(&mut self) -> Tick {
        if self.verdict != Verdict::Playing {
            let (run, view) = (&self.run, &mut self.view);
            self.drain.poll(run, view);
            return self.last.clone();
        }
        let Game {
            run,
            drain,
            view,
            driver,
            said,
            ..
        } = self;
        let mut all_in = false;
        let mut t = driver.tick(run, |d| {
            let p = drain.poll_each(run, view, |v, e| {
                if let Some(text) = narrate::sentence(v, e) {
                    d.shown(e.tid);
                    said.push((e.tid, text));
                }
            });
            all_in = p.done;
        });
        if t == Tick::Finished && !all_in {
            t = Tick::Busy;
        }
        if let Some((tid, pos)) = self.driver.quiet.take() {
            let line = (pos >> 12) as usize;
            let who = self.view.lanes.get(&tid).map_or("?", |l| l.name.as_str());
            let code = self
                .level
                .code
                .lines()
                .nth(line.wrapping_sub(1))
                .unwrap_or("")
                .trim();
            // The statement, not its comment (a comment is the level's
            // prose, and it may be in another language than the page).
            let code = code.split(" #").next().unwrap_or(code).trim_end();
            self.said
                .push((tid, crate::tf!("{who} runs line {line}: {code}", who, line, code)));
        }
        if self.verdict == Verdict::Playing {
            let end = match t {
                Tick::Stuck => End::Stuck,
                Tick::Finished => End::Finished,
                _ => End::Playing,
            };
            let held: Vec<(Tid, u32)> = match &t {
                Tick::Choose(can) => can.iter().map(|&(n, pos)| (tid_of(n), pos)).collect(),
                _ => Vec::new(),
            };
            self.verdict = judge(self.level, &self.view, end, &held);
        }
        self.last = t.clone();
        t
    }

    /// Whether the player can move now.
    pub fn can_move(&self) -> bool {
        self.verdict == Verdict::Playing && matches!(self.last, Tick::Choose(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_read_and_show() {
        assert_eq!(parse_schedule("1.2.2.1"), Some(vec![1, 2, 2, 1]));
        assert_eq!(parse_schedule(""), Some(vec![]));
        assert_eq!(parse_schedule("1..2"), None);
        assert_eq!(parse_schedule("0.1"), None);
        assert_eq!(parse_schedule("x"), None);
        assert_eq!(show_schedule(&[3, 1]), "3.1");
    }
}
