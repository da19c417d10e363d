//! `threading.Event`: a flag threads can wait for.

use crate::run::{Ctx, Result, WaitList};
use crate::sync::lock::timeout_ns;
use crate::trace::{ObjId, ObjKind, Op, Phase};
use std::sync::{Arc, Mutex};

struct State {
    flag: bool,
    waiters: WaitList,
}

#[derive(Clone)]
pub struct Event {
    id: ObjId,
    state: Arc<Mutex<State>>,
}

impl Event {
    pub fn new(ctx: &Ctx, name: &str) -> Self {
        Event {
            id: ctx.new_object(ObjKind::Event, name, 0),
            state: Arc::new(Mutex::new(State {
                flag: false,
                waiters: WaitList::default(),
            })),
        }
    }

    pub fn id(&self) -> ObjId {
        self.id
    }

    pub fn is_set(&self) -> bool {
        self.state.lock().unwrap().flag
    }

    pub fn set(&self, ctx: &Ctx) -> Result<()> {
        ctx.checkpoint()?;
        // Events that change the flag are recorded under the flag's mutex,
        // so no waiter's return can precede the set that released it.
        let mut st = self.state.lock().unwrap();
        st.flag = true;
        ctx.emit(self.id, Op::Set, Phase::Done, 1, 0);
        st.waiters.wake_all();
        Ok(())
    }

    pub fn clear(&self, ctx: &Ctx) -> Result<()> {
        ctx.checkpoint()?;
        let mut st = self.state.lock().unwrap();
        st.flag = false;
        ctx.emit(self.id, Op::Clear, Phase::Done, 0, 0);
        Ok(())
    }

    /// `e.wait(timeout)`: returns the flag (false on timeout).
    pub fn wait(&self, ctx: &Ctx, timeout: Option<f64>) -> Result<bool> {
        ctx.checkpoint()?;
        ctx.emit(self.id, Op::Wait, Phase::Request, 0, 0);
        let got = ctx.block_on(
            &self.state,
            |s| &mut s.waiters,
            self.id,
            Op::Wait,
            0,
            timeout_ns(timeout),
            // Done is recorded where the flag was seen set, under its mutex.
            |st| st.flag.then(|| ctx.emit(self.id, Op::Wait, Phase::Done, 1, 0)),
        )?;
        if got.is_none() {
            ctx.emit(self.id, Op::Wait, Phase::Failed, 0, 0);
        }
        Ok(got.is_some())
    }
}
