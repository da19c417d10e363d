//! `threading.Barrier(parties)`: every party waits until all have arrived.

use crate::run::{Ctx, Result, WaitList};
use crate::trace::{ObjId, ObjKind, Op, Phase};
use std::sync::{Arc, Mutex};

struct State {
    arrived: usize,
    generation: u64,
    waiters: WaitList,
}

#[derive(Clone)]
pub struct Barrier {
    id: ObjId,
    parties: usize,
    state: Arc<Mutex<State>>,
}

impl Barrier {
    pub fn new(ctx: &Ctx, name: &str, parties: usize) -> Self {
        Barrier {
            id: ctx.new_object(ObjKind::Barrier, name, parties as i64),
            parties: parties.max(1),
            state: Arc::new(Mutex::new(State {
                arrived: 0,
                generation: 0,
                waiters: WaitList::default(),
            })),
        }
    }

    pub fn id(&self) -> ObjId {
        self.id
    }

    /// `b.wait()`: returns this party's arrival index (0..parties).
    pub fn wait(&self, ctx: &Ctx) -> Result<usize> {
        ctx.checkpoint()?;
        let (index, generation) = {
            let mut st = self.state.lock().unwrap();
            let i = st.arrived;
            st.arrived += 1;
            // Recorded under the mutex so arrivals precede the release.
            ctx.emit(self.id, Op::Wait, Phase::Request, i as i64, 0);
            if st.arrived == self.parties {
                st.arrived = 0;
                st.generation += 1;
                st.waiters.wake_all();
            }
            (i, st.generation)
        };
        if index + 1 < self.parties {
            ctx.block_on(
                &self.state,
                |s| &mut s.waiters,
                self.id,
                Op::Wait,
                index as i64,
                None,
                |st| (st.generation != generation).then_some(()),
            )?;
        }
        // After the last arrival (recorded under the mutex above), wherever
        // this party's own clock puts it.
        ctx.emit(self.id, Op::Wait, Phase::Done, index as i64, 0);
        Ok(index)
    }
}
