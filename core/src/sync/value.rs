//! `multiprocessing.Value('i', 0)`: a shared integer.
//!
//! Mechanism: one `AtomicI64` with separate load and store, never a
//! fetch-add. `v.value += n` in Python is a read, then a write; here too, so
//! two threads that read before either writes really lose an update. The
//! optional `gap` widens the window between the read and the write.

use crate::run::{Ctx, Result};
use crate::trace::{ObjId, ObjKind, Op, Phase};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

#[derive(Clone)]
pub struct Value {
    id: ObjId,
    cell: Arc<AtomicI64>,
}

impl Value {
    pub fn new(ctx: &Ctx, name: &str, initial: i64) -> Self {
        let id = ctx.new_object(ObjKind::Value, name, 0);
        ctx.emit(id, Op::Store, Phase::Done, initial, initial);
        Value {
            id,
            cell: Arc::new(AtomicI64::new(initial)),
        }
    }

    pub fn id(&self) -> ObjId {
        self.id
    }

    /// `v.value` (read).
    pub fn load(&self, ctx: &Ctx) -> Result<i64> {
        ctx.checkpoint()?;
        let v = self.cell.load(Ordering::SeqCst);
        ctx.emit(self.id, Op::Load, Phase::Done, v, 0);
        Ok(v)
    }

    /// `v.value = x` (write). The write is a `swap`, only so the trace can
    /// record the value it overwrote (`aux`): if that differs from what this
    /// thread read before, another thread's update was just lost. The write
    /// itself is a plain store, racing exactly as Python's does.
    pub fn store(&self, ctx: &Ctx, x: i64) -> Result<()> {
        ctx.checkpoint()?;
        let overwritten = self.cell.swap(x, Ordering::SeqCst);
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
        self.cell.load(Ordering::SeqCst)
    }
}
