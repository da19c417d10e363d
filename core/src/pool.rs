//! `multiprocessing.Pool(n)` and `multiprocessing.dummy.Pool(n)` (threads).
//!
//! Mechanism: `n` real lesson threads (`ForkPoolWorker-k` or `Thread-k`)
//! loop taking tasks from a FIFO task list under the pool's mutex, parking
//! when it is empty. Each task's result lands in an [`AsyncResult`] whose
//! `get()` parks until it is ready. As in CPython, submitting after
//! `close()` raises `ValueError: Pool not running` and `join()` before
//! `close()` raises `ValueError: Pool is still running`.

use crate::run::{Ctx, Error, PyError, Result, ThreadHandle, WaitList};
use crate::trace::{ObjId, ObjKind, Op, Phase};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

type Task = Box<dyn FnOnce(&Ctx) -> Result<()> + Send>;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum PoolState {
    Run,
    Close,
    Terminate,
}

struct State {
    tasks: VecDeque<(i64, Task)>,
    state: PoolState,
    idle: WaitList,
}

struct Inner {
    id: ObjId,
    state: Mutex<State>,
    submitted: Mutex<i64>,
}

/// Whether the pool's workers are processes or threads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PoolKind {
    Processes,
    Threads,
}

pub struct Pool {
    inner: Arc<Inner>,
    workers: Vec<ThreadHandle>,
}

impl Pool {
    /// `Pool(n)`: starts `n` workers at once, as CPython does.
    pub fn new(ctx: &Ctx, n: usize, kind: PoolKind) -> Result<Pool> {
        let inner = Arc::new(Inner {
            id: ctx.new_object(ObjKind::Pool, "pool", n as i64),
            state: Mutex::new(State {
                tasks: VecDeque::new(),
                state: PoolState::Run,
                idle: WaitList::default(),
            }),
            submitted: Mutex::new(0),
        });
        let mut workers = Vec::with_capacity(n);
        for _ in 0..n {
            let (name, process) = match kind {
                PoolKind::Processes => (
                    format!("ForkPoolWorker-{}", ctx.next_name("ForkPoolWorker")),
                    true,
                ),
                PoolKind::Threads => (format!("Thread-{} (worker)", ctx.next_name("Thread")), false),
            };
            let inner = inner.clone();
            workers.push(ctx.spawn_named(name, process, move |c| worker_loop(&inner, c))?);
        }
        Ok(Pool { inner, workers })
    }

    pub fn id(&self) -> ObjId {
        self.inner.id
    }

    pub fn workers(&self) -> &[ThreadHandle] {
        &self.workers
    }

    /// `apply_async(f)`: queues `f`; its result arrives in the handle.
    pub fn apply_async<T, F>(&self, ctx: &Ctx, f: F) -> Result<AsyncResult<T>>
    where
        T: Clone + Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        ctx.checkpoint()?;
        let index = {
            let mut n = self.inner.submitted.lock().unwrap();
            *n += 1;
            *n - 1
        };
        let result = AsyncResult::<T>::new(ctx, index);
        let slot = result.clone();
        let task: Task = Box::new(move |c| {
            let r = f(c);
            match r {
                Err(Error::Stop(s)) => {
                    slot.fill(c, Err(PyError::RuntimeError("worker stopped".into())));
                    Err(s.into())
                }
                Err(Error::Py(e)) => {
                    slot.fill(c, Err(e));
                    Ok(())
                }
                Ok(v) => {
                    slot.fill(c, Ok(v));
                    Ok(())
                }
            }
        });
        // Recorded inside the pool's critical section: once the task is in
        // the list a worker may take it at once, and its `Task` Begin must
        // never precede this submit in the trace.
        let accepted = {
            let mut st = self.inner.state.lock().unwrap();
            if st.state == PoolState::Run {
                st.tasks.push_back((index, task));
                ctx.emit(
                    self.inner.id,
                    Op::Submit,
                    Phase::Done,
                    index,
                    st.tasks.len() as i64,
                );
                st.idle.wake_all();
                true
            } else {
                ctx.emit(self.inner.id, Op::Submit, Phase::Failed, index, 0);
                false
            }
        };
        if accepted {
            Ok(result)
        } else {
            Err(ctx.raise(PyError::ValueError("Pool not running".into())))
        }
    }

    /// `pool.map(f, items)`: results in input order, whatever order the
    /// tasks finish in.
    pub fn map<I, T, F>(&self, ctx: &Ctx, items: Vec<I>, f: F) -> Result<Vec<T>>
    where
        I: Send + 'static,
        T: Clone + Send + 'static,
        F: Fn(&Ctx, I) -> Result<T> + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        let handles = items
            .into_iter()
            .map(|it| {
                let f = f.clone();
                self.apply_async(ctx, move |c| f(c, it))
            })
            .collect::<Result<Vec<_>>>()?;
        handles.iter().map(|h| h.get(ctx)).collect()
    }

    /// `pool.close()`: no more tasks; workers exit once the list is empty.
    pub fn close(&self, ctx: &Ctx) -> Result<()> {
        ctx.checkpoint()?;
        {
            let mut st = self.inner.state.lock().unwrap();
            if st.state == PoolState::Run {
                st.state = PoolState::Close;
            }
            // Before any worker can see the state and exit.
            ctx.emit(self.inner.id, Op::Close, Phase::Done, 0, 0);
            st.idle.wake_all();
        }
        Ok(())
    }

    /// `pool.terminate()`: drops queued tasks and stops the workers now.
    pub fn terminate(&self, ctx: &Ctx) -> Result<()> {
        ctx.checkpoint()?;
        {
            let mut st = self.inner.state.lock().unwrap();
            st.state = PoolState::Terminate;
            st.tasks.clear();
            ctx.emit(self.inner.id, Op::Terminate, Phase::Done, 0, 0);
            st.idle.wake_all();
        }
        for w in &self.workers {
            if w.is_alive() {
                w.terminate(ctx)?;
            }
        }
        Ok(())
    }

    /// `pool.join()`: waits for every worker to exit. Must follow
    /// `close()` or `terminate()`.
    pub fn join(&self, ctx: &Ctx) -> Result<()> {
        if self.inner.state.lock().unwrap().state == PoolState::Run {
            return Err(ctx.raise(PyError::ValueError("Pool is still running".into())));
        }
        ctx.emit(self.inner.id, Op::WaitAll, Phase::Request, 0, 0);
        for w in &self.workers {
            w.join(ctx)?;
        }
        ctx.emit(self.inner.id, Op::WaitAll, Phase::Done, 0, 0);
        Ok(())
    }
}

fn worker_loop(inner: &Inner, ctx: &Ctx) -> Result<()> {
    loop {
        ctx.checkpoint()?;
        let next = ctx.block_on(
            &inner.state,
            |s| &mut s.idle,
            inner.id,
            Op::Get,
            0,
            None,
            |st| match st.tasks.pop_front() {
                Some(t) => Some(Some(t)),
                None if st.state != PoolState::Run => Some(None),
                None => None,
            },
        )?;
        let Some(Some((index, task))) = next else {
            return Ok(());
        };
        ctx.emit(inner.id, Op::Task, Phase::Begin, index, 0);
        let r = task(ctx);
        ctx.emit(
            inner.id,
            Op::Task,
            if r.is_ok() { Phase::End } else { Phase::Interrupted },
            index,
            0,
        );
        r?;
    }
}

struct Slot<T> {
    value: Option<std::result::Result<T, PyError>>,
    waiters: WaitList,
}

/// `AsyncResult`: the handle `apply_async` returns.
pub struct AsyncResult<T> {
    id: ObjId,
    index: i64,
    slot: Arc<Mutex<Slot<T>>>,
}

impl<T> Clone for AsyncResult<T> {
    fn clone(&self) -> Self {
        AsyncResult {
            id: self.id,
            index: self.index,
            slot: self.slot.clone(),
        }
    }
}

impl<T: Clone + Send + 'static> AsyncResult<T> {
    fn new(ctx: &Ctx, index: i64) -> Self {
        AsyncResult {
            id: ctx.new_object(ObjKind::Result, &format!("result[{index}]"), 0),
            index,
            slot: Arc::new(Mutex::new(Slot {
                value: None,
                waiters: WaitList::default(),
            })),
        }
    }

    fn fill(&self, ctx: &Ctx, v: std::result::Result<T, PyError>) {
        let ok = v.is_ok();
        let mut s = self.slot.lock().unwrap();
        s.value = Some(v);
        // Inside the slot's critical section: a `get()` returns only after it.
        ctx.emit(
            self.id,
            Op::Set,
            if ok { Phase::Done } else { Phase::Failed },
            self.index,
            0,
        );
        s.waiters.wake_all();
    }

    /// `ready()`
    pub fn ready(&self) -> bool {
        self.slot.lock().unwrap().value.is_some()
    }

    /// `get()`: parks until the task has run; re-raises its exception.
    /// May be called any number of times, as in Python.
    pub fn get(&self, ctx: &Ctx) -> Result<T> {
        ctx.checkpoint()?;
        ctx.emit(self.id, Op::Get, Phase::Request, self.index, 0);
        let v = ctx.block_on(
            &self.slot,
            |s| &mut s.waiters,
            self.id,
            Op::Get,
            self.index,
            None,
            |s| s.value.clone(),
        )?;
        let v = v.expect("get has no timeout");
        ctx.emit(
            self.id,
            Op::Get,
            if v.is_ok() { Phase::Done } else { Phase::Failed },
            self.index,
            0,
        );
        v.map_err(Error::Py)
    }
}
