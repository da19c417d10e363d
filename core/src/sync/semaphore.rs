//! `threading.Semaphore(value)` and `threading.BoundedSemaphore(value)`.
//!
//! Mechanism: a counter under the semaphore's own mutex; acquirers park on
//! its wait list while the counter is zero.

use crate::run::{Ctx, PyError, Result, WaitList};
use crate::sync::lock::timeout_ns;
use crate::trace::{ObjId, ObjKind, Op, Phase};
use std::sync::{Arc, Mutex};

struct State {
    value: u64,
    waiters: WaitList,
}

struct Inner {
    id: ObjId,
    /// `Some(initial)` for a `BoundedSemaphore`.
    bound: Option<u64>,
    state: Mutex<State>,
}

#[derive(Clone)]
pub struct Semaphore {
    inner: Arc<Inner>,
}

impl Semaphore {
    /// `Semaphore(value)`; `bounded` makes it a `BoundedSemaphore`.
    pub fn new(ctx: &Ctx, name: &str, value: u64, bounded: bool) -> Self {
        let kind = if bounded {
            ObjKind::BoundedSemaphore
        } else {
            ObjKind::Semaphore
        };
        Semaphore {
            inner: Arc::new(Inner {
                id: ctx.new_object(kind, name, value as i64),
                bound: bounded.then_some(value),
                state: Mutex::new(State {
                    value,
                    waiters: WaitList::default(),
                }),
            }),
        }
    }

    pub fn id(&self) -> ObjId {
        self.inner.id
    }

    /// A forked process's copy: a new semaphore with this one's current
    /// value and bound. (Added for Python's `os.fork`.)
    pub fn fork_copy(&self, ctx: &Ctx, name: &str) -> Self {
        let value = self.value();
        let kind = match self.inner.bound {
            Some(_) => ObjKind::BoundedSemaphore,
            None => ObjKind::Semaphore,
        };
        Semaphore {
            inner: Arc::new(Inner {
                id: ctx.new_object(kind, name, value as i64),
                bound: self.inner.bound,
                state: Mutex::new(State {
                    value,
                    waiters: WaitList::default(),
                }),
            }),
        }
    }

    pub fn value(&self) -> u64 {
        self.inner.state.lock().unwrap().value
    }

    pub fn acquire(&self, ctx: &Ctx) -> Result<()> {
        self.acquire_with(ctx, true, None).map(|_| ())
    }

    /// Takes a unit only if one is free, recording the acquire as
    /// `acquire` does; records nothing otherwise (for Python's GIL: try
    /// while holding it, let it go only around a real wait).
    pub fn try_acquire(&self, ctx: &Ctx) -> Result<bool> {
        ctx.checkpoint()?;
        let inner = &self.inner;
        let mut st = inner.state.lock().unwrap();
        if st.value == 0 {
            return Ok(false);
        }
        ctx.emit(inner.id, Op::Acquire, Phase::Request, 0, 0);
        st.value -= 1;
        ctx.emit(inner.id, Op::Acquire, Phase::Done, st.value as i64, 0);
        Ok(true)
    }

    pub fn acquire_with(&self, ctx: &Ctx, blocking: bool, timeout: Option<f64>) -> Result<bool> {
        ctx.checkpoint()?;
        let inner = &self.inner;
        ctx.emit(inner.id, Op::Acquire, Phase::Request, 0, 0);
        let take = |st: &mut State| {
            (st.value > 0).then(|| {
                st.value -= 1;
                ctx.emit(inner.id, Op::Acquire, Phase::Done, st.value as i64, 0);
            })
        };
        let got = if blocking {
            ctx.block_on(
                &inner.state,
                |s| &mut s.waiters,
                inner.id,
                Op::Acquire,
                0,
                timeout_ns(timeout),
                take,
            )?
        } else {
            take(&mut inner.state.lock().unwrap())
        };
        if got.is_none() {
            ctx.emit(inner.id, Op::Acquire, Phase::Failed, 0, 0);
        }
        Ok(got.is_some())
    }

    pub fn release(&self, ctx: &Ctx) -> Result<()> {
        ctx.checkpoint()?;
        let inner = &self.inner;
        let r = {
            let mut st = inner.state.lock().unwrap();
            if inner.bound.is_some_and(|b| st.value >= b) {
                None
            } else {
                st.value += 1;
                st.waiters.wake_all();
                ctx.emit(inner.id, Op::Release, Phase::Done, st.value as i64, 0);
                Some(())
            }
        };
        match r {
            Some(()) => Ok(()),
            None => Err(ctx.raise(PyError::ValueError("Semaphore released too many times".into()))),
        }
    }
}
