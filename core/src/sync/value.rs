//! `multiprocessing.Value('i', 0)`: a shared integer.
//!
//! Mechanism: the integer under its own mutex, as CPython's
//! `Value('i', 0, lock=True)` guards each `.value` get and each set with the
//! value's lock, but never the pair. `v.value += n` in Python is a read, then
//! a write; here too, so two threads that read before either writes really
//! lose an update. Each read and write is recorded under that mutex, so the
//! trace's order of a value's loads and stores is their real order. The
//! optional `gap` widens the window between the read and the write.

use crate::run::{Ctx, Result};
use crate::trace::{ObjId, ObjKind, Op, Phase};
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct Value {
    id: ObjId,
    cell: Arc<Mutex<i64>>,
}

impl Value {
    pub fn new(ctx: &Ctx, name: &str, initial: i64) -> Self {
        let id = ctx.new_object(ObjKind::Value, name, 0);
        ctx.emit(id, Op::Store, Phase::Done, initial, initial);
        Value {
            id,
            cell: Arc::new(Mutex::new(initial)),
        }
    }

    pub fn id(&self) -> ObjId {
        self.id
    }

    /// `v.value` (read).
    pub fn load(&self, ctx: &Ctx) -> Result<i64> {
        ctx.checkpoint()?;
        let cell = self.cell.lock().unwrap();
        ctx.emit(self.id, Op::Load, Phase::Done, *cell, 0);
        Ok(*cell)
    }

    /// `v.value = x` (write). The trace records the value it overwrote
    /// (`aux`): if that differs from what this thread read before, another
    /// thread's update was just lost.
    pub fn store(&self, ctx: &Ctx, x: i64) -> Result<()> {
        ctx.checkpoint()?;
        let mut cell = self.cell.lock().unwrap();
        let overwritten = std::mem::replace(&mut *cell, x);
        ctx.emit(self.id, Op::Store, Phase::Done, x, overwritten);
        Ok(())
    }

    /// `v.value += n` as Python runs it: read, (gap seconds), write.
    /// Returns the value written.
    pub fn add(&self, ctx: &Ctx, n: i64, gap: f64) -> Result<i64> {
        let read = self.load(ctx)?;
        if gap > 0.0 {
            ctx.sleep(gap)?;
        }
        self.store(ctx, read + n)?;
        Ok(read + n)
    }

    /// The current value, untraced (for checks after a run).
    pub fn peek(&self) -> i64 {
        *self.cell.lock().unwrap()
    }
}
