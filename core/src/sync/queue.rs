//! `queue.Queue(maxsize)` / `multiprocessing.Queue(maxsize)`.
//!
//! Mechanism: a `VecDeque` under the queue's own mutex, with three wait
//! lists (getters waiting for an item, putters waiting for room, joiners
//! waiting for `task_done`), each of real parked threads.

use crate::run::{Ctx, PyError, Result, WaitList};
use crate::sync::lock::timeout_ns;
use crate::trace::{ObjId, ObjKind, Op, Phase};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// What can travel through a traced queue: it must have a number for the
/// trace (letters use their code point, so the page can print them back).
pub trait Item: Send + 'static {
    fn trace_value(&self) -> i64;
}

impl Item for i64 {
    fn trace_value(&self) -> i64 {
        *self
    }
}

impl Item for char {
    fn trace_value(&self) -> i64 {
        *self as i64
    }
}

struct State<T> {
    items: VecDeque<T>,
    unfinished: u64,
    getters: WaitList,
    putters: WaitList,
    joiners: WaitList,
}

struct Inner<T> {
    id: ObjId,
    maxsize: usize,
    state: Mutex<State<T>>,
}

pub struct Queue<T> {
    inner: Arc<Inner<T>>,
}

impl<T> Clone for Queue<T> {
    fn clone(&self) -> Self {
        Queue {
            inner: self.inner.clone(),
        }
    }
}

impl<T: Item> Queue<T> {
    /// `Queue(maxsize)`; `maxsize <= 0` means unbounded, as in Python.
    pub fn new(ctx: &Ctx, name: &str, maxsize: i64) -> Self {
        let maxsize = if maxsize <= 0 { 0 } else { maxsize as usize };
        Queue {
            inner: Arc::new(Inner {
                id: ctx.new_object(ObjKind::Queue, name, maxsize as i64),
                maxsize,
                state: Mutex::new(State {
                    items: VecDeque::new(),
                    unfinished: 0,
                    getters: WaitList::default(),
                    putters: WaitList::default(),
                    joiners: WaitList::default(),
                }),
            }),
        }
    }

    pub fn id(&self) -> ObjId {
        self.inner.id
    }

    pub fn qsize(&self) -> usize {
        self.inner.state.lock().unwrap().items.len()
    }

    /// `q.qsize()` / `q.empty()` / `q.full()` in the learner's code: a
    /// traced read of the depth (`Load`, value = items), so a thread can be
    /// stopped between seeing the queue non-empty and its `get()`.
    pub fn qsize_traced(&self, ctx: &Ctx) -> std::result::Result<usize, crate::run::Stop> {
        ctx.checkpoint()?;
        let st = self.inner.state.lock().unwrap();
        let n = st.items.len();
        ctx.emit(self.inner.id, Op::Load, Phase::Done, n as i64, 0);
        Ok(n)
    }

    /// `q.put(item)`: blocks while full.
    pub fn put(&self, ctx: &Ctx, item: T) -> Result<()> {
        self.put_with(ctx, item, true, None)
    }

    /// `q.put(item, block, timeout)`; raises `queue.Full`.
    pub fn put_with(&self, ctx: &Ctx, item: T, block: bool, timeout: Option<f64>) -> Result<()> {
        ctx.checkpoint()?;
        let inner = &self.inner;
        let v = item.trace_value();
        ctx.emit(inner.id, Op::Put, Phase::Request, v, 0);
        let mut item = Some(item);
        let maxsize = inner.maxsize;
        let mut try_put = |st: &mut State<T>| -> Option<()> {
            if maxsize > 0 && st.items.len() >= maxsize {
                return None;
            }
            st.items.push_back(item.take().expect("item put once"));
            st.unfinished += 1;
            st.getters.wake_all();
            ctx.emit(inner.id, Op::Put, Phase::Done, v, st.items.len() as i64);
            Some(())
        };
        let done = if block {
            ctx.block_on(
                &inner.state,
                |s| &mut s.putters,
                inner.id,
                Op::Put,
                v,
                timeout_ns(timeout),
                &mut try_put,
            )?
        } else {
            try_put(&mut inner.state.lock().unwrap())
        };
        match done {
            Some(()) => Ok(()),
            None => {
                ctx.emit(inner.id, Op::Put, Phase::Failed, v, 0);
                Err(ctx.raise(PyError::Full))
            }
        }
    }

    /// `q.get()`: blocks while empty.
    pub fn get(&self, ctx: &Ctx) -> Result<T> {
        self.get_with(ctx, true, None)
    }

    /// `q.get(block, timeout)`; raises `queue.Empty`.
    pub fn get_with(&self, ctx: &Ctx, block: bool, timeout: Option<f64>) -> Result<T> {
        ctx.checkpoint()?;
        let inner = &self.inner;
        ctx.emit(inner.id, Op::Get, Phase::Request, 0, 0);
        let try_get = |st: &mut State<T>| -> Option<T> {
            let it = st.items.pop_front()?;
            st.putters.wake_all();
            ctx.emit(
                inner.id,
                Op::Get,
                Phase::Done,
                it.trace_value(),
                st.items.len() as i64,
            );
            Some(it)
        };
        let got = if block {
            ctx.block_on(
                &inner.state,
                |s| &mut s.getters,
                inner.id,
                Op::Get,
                0,
                timeout_ns(timeout),
                try_get,
            )?
        } else {
            try_get(&mut inner.state.lock().unwrap())
        };
        match got {
            Some(it) => Ok(it),
            None => {
                ctx.emit(inner.id, Op::Get, Phase::Failed, 0, 0);
                Err(ctx.raise(PyError::Empty))
            }
        }
    }

    /// `q.task_done()`; raises `ValueError` when called too many times.
    pub fn task_done(&self, ctx: &Ctx) -> Result<()> {
        ctx.checkpoint()?;
        let left = {
            let mut st = self.inner.state.lock().unwrap();
            if st.unfinished == 0 {
                None
            } else {
                st.unfinished -= 1;
                if st.unfinished == 0 {
                    st.joiners.wake_all();
                }
                ctx.emit(self.inner.id, Op::TaskDone, Phase::Done, st.unfinished as i64, 0);
                Some(())
            }
        };
        match left {
            Some(()) => Ok(()),
            None => Err(ctx.raise(PyError::ValueError("task_done() called too many times".into()))),
        }
    }

    /// `q.join()`: blocks until every item put has been marked done.
    pub fn join(&self, ctx: &Ctx) -> Result<()> {
        ctx.checkpoint()?;
        let inner = &self.inner;
        ctx.emit(inner.id, Op::WaitAll, Phase::Request, 0, 0);
        ctx.block_on(
            &inner.state,
            |s| &mut s.joiners,
            inner.id,
            Op::WaitAll,
            0,
            None,
            // Recorded where every item was seen done, under the queue's mutex.
            |st| (st.unfinished == 0).then(|| ctx.emit(inner.id, Op::WaitAll, Phase::Done, 0, 0)),
        )?;
        Ok(())
    }
}
