//! When a traced access may take the time of its thread's previous one
//! (`Ctx::emit_at_same_time`) instead of reading the clock again.
//!
//! Reading the clock is most of what a traced event costs: about 25 ns
//! natively and 120-270 ns in a cross-origin isolated Web Worker, where
//! `performance.now()` moves in 5 us steps anyway. A loop of `x += 1` on a
//! global records a load and a store each turn, a few instructions apart;
//! at module level, `for i in ...: s += i` records four. The later ones
//! take the first one's time when nothing could have happened between:
//!
//! - this thread holds its process's GIL, so no other thread of the
//!   process runs Python between them (free-threaded, every access reads
//!   the clock: another thread's access to the same global may fall
//!   between, and its time must not come after this one's);
//! - the earlier access is in the same frame, at most [`MAX_GAP`]
//!   instructions back, with no eval breaker (backward jump, call), frame
//!   pushed, popped or suspended (a yield), exception, or call from Rust
//!   (`Vm::call_value`: a dunder that is a built-in runs no frame, and
//!   `C.__radd__ = big_list.index` scans a list) since: each of those
//!   clears the mark;
//! - the instructions between are constant-time stack steps (a local, a
//!   constant, dup, rot), or an add or subtract whose result, the value
//!   stored, is a number held inline (a big int's add that comes back to
//!   i64 is the one that is not O(1): at most 4 Mbit, tens of
//!   microseconds);
//! - the earlier access let go of no object (a store that overwrote a
//!   list may have freed megabytes).
//!
//! The core reads the clock anyway if the thread may have waited: at a
//! paused checkpoint (a step between the load and the store shows the
//! time it was held) or for room in a full recorder.

use super::Vm;
use crate::bytecode::{BinOp, Op};
use crate::value::Value;

/// Instructions between two traced accesses that may share a time.
pub(super) const MAX_GAP: usize = 4;

impl Vm {
    /// Whether the traced access at instruction `at` of frame `fi` may
    /// take the time of this thread's previous one. `stored`: the value a
    /// store writes (`None` for a load).
    pub(super) fn same_time(&self, fi: usize, at: usize, stored: Option<&Value>) -> bool {
        let Some((frame, from)) = self.stamp_mark else {
            return false;
        };

        let f = &self.frames[fi];
        if frame != f.id || at <= from || at - from > MAX_GAP || !(self.holds_gil && self.interp.gil.enabled)
        {
            return false;
        }
        let inline_number = matches!(stored, Some(Value::Int(_) | Value::Float(_) | Value::Bool(_)));
        f.code.ops[from + 1..at].iter().all(|op| match op {
            Op::Nop
            | Op::Dup
            | Op::Dup2
            | Op::Rot2
            | Op::Rot3
            | Op::LoadConst(_)
            | Op::LoadInt(_)
            | Op::LoadFast(_) => true,
            Op::Binary(BinOp::Add | BinOp::Sub) | Op::Inplace(BinOp::Add | BinOp::Sub) => inline_number,
            _ => false,
        })
    }

    /// A traced access of frame `fi` at `at` was recorded; `freed`: it let
    /// go of an object that may have been large (no later access shares
    /// its time then).
    #[inline]
    pub(super) fn stamp_marked(&mut self, fi: usize, at: usize, freed: bool) {
        self.stamp_mark = if freed {
            None
        } else {
            Some((self.frames[fi].id, at))
        };
    }
}

/// Whether dropping `v` is a constant-time step (nothing behind an `Arc`
/// that this may have been the last holder of).
pub(super) fn drops_in_place(v: Option<&Value>) -> bool {
    matches!(
        v,
        None | Some(Value::None | Value::Int(_) | Value::Float(_) | Value::Bool(_))
    )
}
