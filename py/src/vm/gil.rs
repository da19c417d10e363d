//! The GIL (CPython 3.11's semantics), one per process (`Interp`).
//!
//! A thread holds it while it runs Python. A thread that wants it and has
//! waited the switch interval (`sys.getswitchinterval()`, real time) sets a
//! drop request; the holder honours it only at `Vm::eval_breaker()`
//! (backward jumps, calls, returns) and then waits until another thread has
//! taken it (3.11's forced switching). Blocking calls release it around the
//! wait (`Vm::blocking`). In free-threaded mode it does nothing.
//!
//! Only hand-overs are traced, on a Lock-kind object named `GIL`: when a
//! thread takes it from another, the taker records the other's `Release`
//! and its own `Acquire` (and a thread's end records its release), so a
//! CPU-bound thread that keeps it records nothing.

use lockstep_core::run::{Ctx, Stop};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

#[derive(Default)]
struct State {
    holder: Option<u32>,
    /// Last thread that held it (a take by another is a hand-over).
    last: Option<u32>,
    /// Takes so far (forced switching waits for this to move).
    switches: u64,
    waiting: u32,
    /// Waiters that dropped it on request and let another take it first.
    yielding: u32,
}

pub struct Gil {
    pub enabled: bool,
    state: Mutex<State>,
    cv: Condvar,
    pub drop_request: AtomicBool,
    /// Traced object id + 1 (0 = not registered yet).
    obj: AtomicU64,
}

fn lk(m: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Gil {
    pub fn new(enabled: bool) -> Gil {
        Gil {
            enabled,
            state: Mutex::new(State::default()),
            cv: Condvar::new(),
            drop_request: AtomicBool::new(false),
            obj: AtomicU64::new(0),
        }
    }

    fn obj(&self, ctx: &Ctx) -> u64 {
        let o = self.obj.load(Ordering::Acquire);
        if o != 0 {
            return o - 1;
        }
        let id = ctx.new_object(lockstep_core::trace::ObjKind::Lock, "GIL", 1) as u64;
        match self
            .obj
            .compare_exchange(0, id + 1, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => id,
            Err(o) => o - 1,
        }
    }

    /// Takes the GIL (waiting, and after `interval` asking the holder to
    /// drop it). `after` = a switch count to wait past (forced switching).
    pub fn acquire(&self, ctx: &Ctx, interval: Duration, after: Option<u64>) -> Result<(), Stop> {
        if !self.enabled {
            return Ok(());
        }
        let me = ctx.tid();
        let obj = self.obj(ctx);
        let mut st = lk(&self.state);
        st.waiting += 1;
        let mut forced = after.is_some();
        if forced {
            st.yielding += 1;
        }
        loop {
            // A thread that dropped it on request waits until another has
            // taken it, unless every waiter is such a thread: then none
            // would ever take it (found with nine threads dropping it in
            // turn), and they compete as usual.
            if forced && (after != Some(st.switches) || st.waiting == st.yielding) {
                forced = false;
                st.yielding -= 1;
            }
            if st.holder.is_none() && !forced {
                break;
            }
            if let Err(s) = ctx.check_stop() {
                st.waiting -= 1;
                if forced {
                    st.yielding -= 1;
                }
                self.cv.notify_all();
                return Err(s);
            }
            let slice = interval.clamp(Duration::from_micros(100), Duration::from_millis(20));
            let (g, to) = self.cv.wait_timeout(st, slice).unwrap_or_else(|e| e.into_inner());
            st = g;
            if to.timed_out() && st.holder.is_some() && !forced {
                self.drop_request.store(true, Ordering::Release);
            }
        }
        st.waiting -= 1;
        st.holder = Some(me);
        st.switches += 1;
        self.drop_request.store(false, Ordering::Release);
        if st.last != Some(me) {
            use lockstep_core::trace::{Op, Phase};
            // A hand-over: the previous holder's release and this take,
            // recorded together under the GIL's state mutex, in order.
            if let Some(prev) = st.last {
                ctx.emit_as(prev, obj as _, Op::Release, Phase::Done, 0, 0);
            }
            st.last = Some(me);
            ctx.emit(obj as _, Op::Acquire, Phase::Done, 1, 0);
        }
        // Whoever was waiting for forced switching may re-check.
        self.cv.notify_all();
        Ok(())
    }

    /// Lets go of the GIL; returns the switch count (for forced switching).
    /// `last`: the thread is ending, so its hold ends in the trace too.
    pub fn release(&self, ctx: &Ctx, last: bool) -> u64 {
        if !self.enabled {
            return 0;
        }
        let mut st = lk(&self.state);
        if st.holder == Some(ctx.tid()) {
            st.holder = None;
        }
        if last && st.last == Some(ctx.tid()) {
            st.last = None;
            let obj = self.obj(ctx);
            ctx.emit(
                obj as _,
                lockstep_core::trace::Op::Release,
                lockstep_core::trace::Phase::Done,
                0,
                0,
            );
        }
        let n = st.switches;
        drop(st);
        self.cv.notify_all();
        n
    }
}

/// A thread parked at a paused checkpoint lets its GIL go if CPython
/// could have switched threads there, and takes it back when it is let
/// through: otherwise a Step of one chosen thread would wait for the GIL
/// a parked thread holds, and never come. "Could have switched": no
/// traced operation since the thread's last eval-breaker point (backward
/// jump, call, return), so the switch is the one CPython 3.11 could make
/// at that point; parked between the load and the store of `x += 1` it
/// keeps the GIL, and a chosen thread waits until this one reaches its
/// next eval breaker, as in CPython (no lost update under the GIL).
/// Running free nothing parks, so nothing changes.
pub struct ParkGil {
    interp: std::sync::Arc<super::Interp>,
    ctx: Ctx,
    /// Set at each eval breaker, cleared when a paused checkpoint lets the
    /// thread through (shared with its `Vm`).
    pub clean: std::rc::Rc<std::cell::Cell<bool>>,
    released: std::cell::Cell<bool>,
}

impl ParkGil {
    pub fn new(
        interp: std::sync::Arc<super::Interp>,
        ctx: Ctx,
        clean: std::rc::Rc<std::cell::Cell<bool>>,
    ) -> ParkGil {
        ParkGil {
            interp,
            ctx,
            clean,
            released: std::cell::Cell::new(false),
        }
    }
}

impl lockstep_core::run::ParkHook for ParkGil {
    fn parking(&self) {
        let gil = &self.interp.gil;
        if self.clean.get() && lk(&gil.state).holder == Some(self.ctx.tid()) {
            gil.release(&self.ctx, false);
            self.released.set(true);
        }
    }

    fn passed(&self) {
        self.clean.set(false);
        if self.released.replace(false) {
            let interval =
                Duration::from_nanos(self.interp.switch_interval_ns.load(Ordering::Relaxed).max(1000));
            // Stopped (Reset) while waiting: the run is over; the thread's
            // end lets go of what it holds.
            let _ = self.interp.gil.acquire(&self.ctx, interval, None);
        }
    }
}
