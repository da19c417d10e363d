//! `threading.Lock` / `multiprocessing.Lock` and `threading.RLock`.
//!
//! Mechanism: the lock word (owner, count) lives under a per-lock
//! `std::sync::Mutex` held only for a few instructions; a thread that cannot
//! take the lock parks on the lock's wait list (see `Ctx::block_on`). So two
//! locks never serialise each other, and a blocked acquire is a real parked
//! thread that abort can wake.

use crate::run::{Ctx, PyError, Result, WaitList};
use crate::trace::{ObjId, ObjKind, Op, Phase, Tid};
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct LockState {
    /// Who holds it (Python's `Lock` has no owner; we record the acquirer so
    /// the page can draw the holder and detect self-deadlock).
    owner: Option<Tid>,
    /// Hold count: always 0/1 for `Lock`, the recursion depth for `RLock`.
    count: u32,
    waiters: WaitList,
}

struct Inner {
    id: ObjId,
    reentrant: bool,
    state: Mutex<LockState>,
}

/// Converts a Python timeout in seconds (`-1` or `None` = forever).
pub(crate) fn timeout_ns(timeout: Option<f64>) -> Option<u64> {
    timeout.filter(|t| *t >= 0.0).map(|t| (t * 1e9) as u64)
}

fn acquire(inner: &Inner, ctx: &Ctx, blocking: bool, timeout: Option<f64>) -> Result<bool> {
    ctx.checkpoint()?;
    let me = ctx.tid();
    let try_take = |st: &mut LockState| -> Option<u32> {
        match st.owner {
            None => st.count = 1,
            Some(o) if o == me && inner.reentrant => st.count += 1,
            _ => return None,
        }
        st.owner = Some(me);
        ctx.emit(inner.id, Op::Acquire, Phase::Done, st.count as i64, 0);
        Some(st.count)
    };
    // Fast path: a free lock is taken at once and records one event.
    // Otherwise the request is recorded, with value 1 if the caller already
    // holds the lock (for a Lock, the start of a self-deadlock).
    let reentry = {
        let mut st = inner.state.lock().unwrap();
        if try_take(&mut st).is_some() {
            return Ok(true);
        }
        let reentry = (st.owner == Some(me)) as i64;
        ctx.emit(inner.id, Op::Acquire, Phase::Request, reentry, 0);
        reentry
    };
    let got = if blocking {
        ctx.block_on(
            &inner.state,
            |s| &mut s.waiters,
            inner.id,
            Op::Acquire,
            reentry,
            timeout_ns(timeout),
            try_take,
        )?
    } else {
        None
    };
    if got.is_none() {
        ctx.emit(inner.id, Op::Acquire, Phase::Failed, reentry, 0);
    }
    Ok(got.is_some())
}

fn try_acquire(inner: &Inner, ctx: &Ctx) -> Result<bool> {
    ctx.checkpoint()?;
    let me = ctx.tid();
    let mut st = inner.state.lock().unwrap();
    match st.owner {
        None => st.count = 1,
        Some(o) if o == me && inner.reentrant => st.count += 1,
        _ => return Ok(false),
    }
    st.owner = Some(me);
    ctx.emit(inner.id, Op::Acquire, Phase::Done, st.count as i64, 0);
    Ok(true)
}

fn release(inner: &Inner, ctx: &Ctx) -> Result<()> {
    ctx.checkpoint()?;
    let me = ctx.tid();
    let outcome = {
        let mut st = inner.state.lock().unwrap();
        match (st.owner, inner.reentrant) {
            (None, false) => Err(PyError::RuntimeError("release unlocked lock".into())),
            (o, true) if o != Some(me) => {
                Err(PyError::RuntimeError("cannot release un-acquired lock".into()))
            }
            _ => {
                st.count -= 1;
                if st.count == 0 {
                    st.owner = None;
                    // Exclusive: only one waiter can take it, so wake one.
                    st.waiters.wake_one();
                }
                ctx.emit(inner.id, Op::Release, Phase::Done, st.count as i64, 0);
                Ok(())
            }
        }
    };
    match outcome {
        Ok(()) => Ok(()),
        Err(e) => {
            ctx.emit(inner.id, Op::Release, Phase::Failed, 0, 0);
            Err(ctx.raise(e))
        }
    }
}

macro_rules! lock_type {
    ($(#[$doc:meta])* $name:ident, $kind:expr, $reentrant:expr) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name {
            inner: Arc<Inner>,
        }

        impl $name {
            pub fn new(ctx: &Ctx, name: &str) -> Self {
                $name {
                    inner: Arc::new(Inner {
                        id: ctx.new_object($kind, name, 1),
                        reentrant: $reentrant,
                        state: Mutex::new(LockState::default()),
                    }),
                }
            }

            pub fn id(&self) -> ObjId {
                self.inner.id
            }

            /// `acquire()`: blocks until acquired.
            pub fn acquire(&self, ctx: &Ctx) -> Result<()> {
                acquire(&self.inner, ctx, true, None).map(|_| ())
            }

            /// `acquire(blocking, timeout)`; `timeout` in seconds, `None` or
            /// negative = forever. Returns whether it was acquired.
            pub fn acquire_with(&self, ctx: &Ctx, blocking: bool, timeout: Option<f64>) -> Result<bool> {
                acquire(&self.inner, ctx, blocking, timeout)
            }

            /// Takes the lock only if that needs no wait, recording the
            /// acquire as `acquire` does; records nothing otherwise. (For
            /// Python's GIL: a caller tries this while holding the GIL and
            /// lets the GIL go only around a real wait.)
            pub fn try_acquire(&self, ctx: &Ctx) -> Result<bool> {
                try_acquire(&self.inner, ctx)
            }

            pub fn release(&self, ctx: &Ctx) -> Result<()> {
                release(&self.inner, ctx)
            }

            /// `locked()`
            pub fn locked(&self) -> bool {
                self.inner.state.lock().unwrap().owner.is_some()
            }

            /// Current holder and hold count (for tests and views).
            pub fn holder(&self) -> (Option<Tid>, u32) {
                let st = self.inner.state.lock().unwrap();
                (st.owner, st.count)
            }

            /// `with lock:` — runs `f` holding the lock; releases on every
            /// exit path except abort (an aborted run releases nothing).
            pub fn with<T>(&self, ctx: &Ctx, f: impl FnOnce() -> Result<T>) -> Result<T> {
                self.acquire(ctx)?;
                let r = f();
                if r.is_ok() || matches!(r, Err(crate::run::Error::Py(_))) {
                    self.release(ctx)?;
                }
                r
            }
        }
    };
}

lock_type!(
    /// `threading.Lock()`: not re-entrant. A second `acquire()` by the holder
    /// blocks forever (a self-deadlock the wait-for graph detects);
    /// releasing an unlocked lock raises `RuntimeError: release unlocked lock`.
    Lock,
    ObjKind::Lock,
    false
);

lock_type!(
    /// `threading.RLock()`: the owner may re-acquire (the count rises) and
    /// must release as many times; a non-owner's release raises
    /// `RuntimeError: cannot release un-acquired lock`.
    RLock,
    ObjKind::RLock,
    true
);
