//! `threading.Condition()`: a lock plus a queue of waiters to notify.
//!
//! Mechanism: the condition's own `Lock` and, under the condition's mutex,
//! the order of waiters and the set of those notified. `wait` releases the
//! lock, parks until notified (or timeout), then re-acquires the lock.

use crate::run::{Ctx, PyError, Result, WaitList};
use crate::sync::lock::{timeout_ns, Lock};
use crate::trace::{ObjId, ObjKind, Op, Phase, Tid};
use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct State {
    order: VecDeque<Tid>,
    notified: HashSet<Tid>,
    waiters: WaitList,
}

#[derive(Clone)]
pub struct Condition {
    id: ObjId,
    lock: Lock,
    state: Arc<Mutex<State>>,
}

impl Condition {
    pub fn new(ctx: &Ctx, name: &str) -> Self {
        Condition {
            id: ctx.new_object(ObjKind::Condition, name, 0),
            lock: Lock::new(ctx, &format!("{name}.lock")),
            state: Arc::new(Mutex::new(State::default())),
        }
    }

    pub fn id(&self) -> ObjId {
        self.id
    }

    pub fn acquire(&self, ctx: &Ctx) -> Result<()> {
        self.lock.acquire(ctx)
    }

    pub fn release(&self, ctx: &Ctx) -> Result<()> {
        self.lock.release(ctx)
    }

    fn owned_by(&self, ctx: &Ctx) -> bool {
        self.lock.holder().0 == Some(ctx.tid())
    }

    /// `cv.wait(timeout)`: returns false on timeout. Must hold the lock.
    pub fn wait(&self, ctx: &Ctx, timeout: Option<f64>) -> Result<bool> {
        if !self.owned_by(ctx) {
            return Err(ctx.raise(PyError::RuntimeError("cannot wait on un-acquired lock".into())));
        }
        let me = ctx.tid();
        {
            // Queued as a waiter (and recorded) before the lock is let go,
            // as CPython appends its waiter before releasing.
            let mut st = self.state.lock().unwrap();
            st.order.push_back(me);
            ctx.emit(self.id, Op::Wait, Phase::Request, 0, 0);
        }
        self.lock.release(ctx)?;
        let got = ctx.block_on(
            &self.state,
            |s| &mut s.waiters,
            self.id,
            Op::Wait,
            0,
            timeout_ns(timeout),
            // Woken: recorded under the condition's mutex, after the notify.
            |st| {
                st.notified
                    .remove(&me)
                    .then(|| ctx.emit(self.id, Op::Wait, Phase::Done, 1, 0))
            },
        );
        {
            let mut st = self.state.lock().unwrap();
            st.order.retain(|t| *t != me);
            st.notified.remove(&me);
        }
        let got = got?;
        if got.is_none() {
            ctx.emit(self.id, Op::Wait, Phase::Failed, 0, 0);
        }
        self.lock.acquire(ctx)?;
        Ok(got.is_some())
    }

    /// `cv.notify(n)`: wakes up to `n` waiters, oldest first. Must hold the lock.
    pub fn notify(&self, ctx: &Ctx, n: usize) -> Result<()> {
        if !self.owned_by(ctx) {
            return Err(ctx.raise(PyError::RuntimeError("cannot notify on un-acquired lock".into())));
        }
        ctx.checkpoint()?;
        let mut st = self.state.lock().unwrap();
        let mut woken = 0;
        while woken < n {
            let Some(t) = st.order.pop_front() else { break };
            st.notified.insert(t);
            woken += 1;
        }
        // Before any notified waiter can record that it woke.
        ctx.emit(self.id, Op::Notify, Phase::Done, woken as i64, 0);
        // Only the notified: the others could not proceed (and a strict
        // run would offer them to the player as runnable).
        let State {
            waiters, notified, ..
        } = &mut *st;
        waiters.wake_where(|t| notified.contains(&t));
        Ok(())
    }

    pub fn notify_all(&self, ctx: &Ctx) -> Result<()> {
        self.notify(ctx, usize::MAX)
    }
}
