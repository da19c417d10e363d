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
        {
            let mut st = self.state.lock().unwrap();
            st.flag = true;
            st.waiters.wake_all();
        }
        ctx.emit(self.id, Op::Set, Phase::Done, 1, 0);
        Ok(())
    }

    pub fn clear(&self, ctx: &Ctx) -> Result<()> {
        ctx.checkpoint()?;
        self.state.lock().unwrap().flag = false;
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
            |st| st.flag.then_some(()),
        )?;
        let phase = if got.is_some() { Phase::Done } else { Phase::Failed };
        ctx.emit(self.id, Op::Wait, phase, got.is_some() as i64, 0);
        Ok(got.is_some())
    }
}
