//! The run-owned heap: a byte budget and a registry of every mutable
//! container, so a finished run can break its reference cycles.
//!
//! Values are reference counted (`Arc`), which leaks cycles such as
//! `l = []; l.append(l)`. CPython has a cycle collector; a learner's run is
//! short, so instead every list, dict, set, instance, class, function and
//! cell registers a weak pointer here, and at the end of the run `clear_all`
//! empties each one still alive. That frees every cycle at once and keeps
//! memory flat over thousands of runs.
//!
//! The budget is one atomic counter: each object charges its estimated size
//! when created (and when it grows) and gives it back when dropped, so a run
//! that allocates more than `limit` live bytes gets `MemoryError`.
//!
//! Drops are iterative (`defer_drop`): dropping `x = [x]` nested 100,000 deep
//! would otherwise recurse once per level and overflow a 1 MiB worker stack.

use crate::value::{Cell, Class, Dict, Instance, IterObj, List, Set, Value};
use std::cell::{Cell as StdCell, RefCell};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};

/// Counted objects alive in any run of this process, in debug builds (the
/// tests check it returns to its baseline; release builds skip the atomic).
pub static LIVE_OBJECTS: AtomicIsize = AtomicIsize::new(0);

pub enum WeakObj {
    List(Weak<List>),
    Dict(Weak<Dict>),
    Set(Weak<Set>),
    Instance(Weak<Instance>),
    Class(Weak<Class>),
    Cell(Weak<Cell>),
    Iter(Weak<IterObj>),
}

impl WeakObj {
    fn alive(&self) -> bool {
        match self {
            WeakObj::List(w) => w.strong_count() > 0,
            WeakObj::Dict(w) => w.strong_count() > 0,
            WeakObj::Set(w) => w.strong_count() > 0,
            WeakObj::Instance(w) => w.strong_count() > 0,
            WeakObj::Class(w) => w.strong_count() > 0,
            WeakObj::Cell(w) => w.strong_count() > 0,
            WeakObj::Iter(w) => w.strong_count() > 0,
        }
    }
}

pub struct Heap {
    limit: usize,
    bytes: AtomicUsize,
    /// Objects of this heap still alive.
    live: AtomicIsize,
    registry: Mutex<Registry>,
}

struct Registry {
    objs: Vec<WeakObj>,
    /// Compact (drop dead weak pointers) when `objs` reaches this length.
    next_compact: usize,
}

impl Heap {
    pub fn new(limit: usize) -> Arc<Heap> {
        Arc::new(Heap {
            limit,
            bytes: AtomicUsize::new(0),
            live: AtomicIsize::new(0),
            registry: Mutex::new(Registry {
                objs: Vec::new(),
                next_compact: 1024,
            }),
        })
    }

    pub fn live_objects(&self) -> isize {
        self.live.load(Ordering::Acquire)
    }

    pub fn bytes(&self) -> usize {
        self.bytes.load(Ordering::Acquire)
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Reserves `n` bytes; false if the budget would be exceeded.
    pub fn charge(&self, n: usize) -> bool {
        let prev = self.bytes.fetch_add(n, Ordering::AcqRel);
        if prev.saturating_add(n) > self.limit {
            self.bytes.fetch_sub(n, Ordering::AcqRel);
            return false;
        }
        true
    }

    /// Gives `n` bytes back, never below zero: small objects are charged
    /// and refunded in per-thread batches (`charge_small`), so a thread
    /// that frees what others made can run the count briefly below the
    /// bytes the tags hold; it must not wrap.
    pub fn refund(&self, n: usize) {
        let _ = self
            .bytes
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |b| Some(b.saturating_sub(n)));
    }

    /// Applies a thread's unflushed small-object balance.
    fn settle(&self, delta: isize) {
        if delta > 0 {
            self.bytes.fetch_add(delta as usize, Ordering::AcqRel);
        } else if delta < 0 {
            self.refund(delta.unsigned_abs());
        }
    }

    /// Would `n` more bytes fit? (For refusing huge repetitions up front.)
    pub fn fits(&self, n: usize) -> bool {
        self.bytes().saturating_add(n) <= self.limit
    }

    pub fn register(&self, w: WeakObj) {
        let mut r = lock(&self.registry);
        if r.objs.len() >= r.next_compact {
            r.objs.retain(|o| o.alive());
            r.next_compact = (r.objs.len() * 2).max(1024);
        }
        r.objs.push(w);
    }

    /// Empties every registered object still alive, breaking all cycles.
    /// Called once the run's threads are done with its values.
    pub fn clear_all(&self) {
        let objs = std::mem::take(&mut lock(&self.registry).objs);
        for o in objs {
            match o {
                WeakObj::List(w) => {
                    if let Some(l) = w.upgrade() {
                        let items = std::mem::take(&mut *lock(&l.items));
                        defer_drop_vec(items);
                    }
                }
                WeakObj::Dict(w) => {
                    if let Some(d) = w.upgrade() {
                        let m = std::mem::take(&mut *lock(&d.map));
                        defer_drop_vec(m.into_values());
                    }
                }
                WeakObj::Set(w) => {
                    if let Some(s) = w.upgrade() {
                        let t = std::mem::take(&mut *lock(&s.table));
                        defer_drop_vec(t.into_values());
                    }
                }
                WeakObj::Instance(w) => {
                    if let Some(i) = w.upgrade() {
                        let a = std::mem::take(&mut *lock(&i.attrs));
                        defer_drop_vec(a.into_values());
                        if let Some(x) = &i.exc {
                            let e = std::mem::take(&mut *lock(x));
                            defer_drop_vec(e.into_values());
                        }
                    }
                }
                WeakObj::Class(w) => {
                    if let Some(c) = w.upgrade() {
                        let a = std::mem::take(&mut *lock(&c.dict));
                        defer_drop_vec(a.into_values());
                    }
                }
                WeakObj::Cell(w) => {
                    if let Some(c) = w.upgrade() {
                        let v = lock(&c.value).take();
                        if let Some(v) = v {
                            defer_drop_vec(vec![v]);
                        }
                    }
                }
                WeakObj::Iter(w) => {
                    if let Some(it) = w.upgrade() {
                        let st = std::mem::replace(&mut *lock(&it.state), crate::value::IterState::Done);
                        drop(st);
                    }
                }
            }
        }
    }
}

/// Locks a mutex, ignoring poisoning: a panic elsewhere is already a bug
/// being reported; the data itself stays usable.
#[inline]
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Heap>>> = const { RefCell::new(None) };
    /// Bytes of small objects charged (+) or refunded (-) on this thread
    /// and not yet applied to the current heap.
    static UNFLUSHED: StdCell<isize> = const { StdCell::new(0) };
    static PENDING: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    static DRAINING: StdCell<bool> = const { StdCell::new(false) };
    /// The core thread id of the Python thread running here (0: none).
    static TID: StdCell<u32> = const { StdCell::new(0) };
}

/// Records which Python thread runs on this OS thread (objects made here
/// are owned by it until another thread touches them: `value::Sharing`).
pub fn set_current_tid(tid: u32) {
    TID.with(|t| t.set(tid));
}

pub fn current_tid() -> u32 {
    TID.try_with(|t| t.get()).unwrap_or(0)
}

/// Makes `heap` the one new objects on this thread are charged to.
pub fn set_current(heap: Option<Arc<Heap>>) {
    // The thread's pending small-object balance belongs to the heap it
    // was charged to: settle it there before switching (a thread that
    // ends with 9 KB unflushed would otherwise leave it uncounted).
    let pending = UNFLUSHED.with(|u| u.replace(0));
    let old = CURRENT.with(|c| std::mem::replace(&mut *c.borrow_mut(), heap));
    if let Some(h) = old {
        h.settle(pending);
    }
}

/// Small objects (strings, big integers) are charged in batches of this
/// many bytes per thread: one heap atomic per batch instead of three per
/// object, which kept string building within 2x CPython.
const SMALL_BATCH: isize = 16 << 10;

/// Charges `n` bytes of a small object to this thread's heap, in batches:
/// the budget may be passed by up to one batch per thread before the next
/// container growth fails with MemoryError. False when no heap is current
/// (a process-wide object): the caller then must not refund it.
pub fn charge_small(n: usize) -> bool {
    CURRENT
        .try_with(|c| {
            let Ok(c) = c.try_borrow() else { return false };
            let Some(h) = c.as_ref() else { return false };
            let _ = UNFLUSHED.try_with(|u| {
                let v = u.get().saturating_add(n as isize);
                if v >= SMALL_BATCH {
                    h.bytes.fetch_add(v as usize, Ordering::AcqRel);
                    u.set(0);
                } else {
                    u.set(v);
                }
            });
            true
        })
        .unwrap_or(false)
}

/// Gives back what `charge_small` took (on whichever thread drops it).
pub fn refund_small(n: usize) {
    let _ = CURRENT.try_with(|c| {
        let Ok(c) = c.try_borrow() else { return };
        let Some(h) = c.as_ref() else { return };
        let _ = UNFLUSHED.try_with(|u| {
            let v = u.get().saturating_sub(n as isize);
            if v <= -SMALL_BATCH {
                h.settle(v);
                u.set(0);
            } else {
                u.set(v);
            }
        });
    });
}

pub fn current() -> Option<Arc<Heap>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Drops values without recursing: nested containers hand their items here
/// from their own `Drop`, and the outermost call drains the list in a loop.
pub fn defer_drop_vec(v: Vec<Value>) {
    if v.is_empty() {
        return;
    }
    if DRAINING.with(|d| d.get()) {
        PENDING.with(|p| p.borrow_mut().extend(v));
        return;
    }
    DRAINING.with(|d| d.set(true));
    PENDING.with(|p| p.borrow_mut().extend(v));
    loop {
        let next = PENDING.with(|p| p.borrow_mut().pop());
        match next {
            Some(x) => drop(x),
            None => break,
        }
    }
    PENDING.with(|p| p.borrow_mut().shrink_to(64));
    DRAINING.with(|d| d.set(false));
}

/// What an object owes its heap: given back on drop.
pub struct HeapTag {
    heap: Option<Arc<Heap>>,
    bytes: AtomicUsize,
}

impl HeapTag {
    /// Charges `bytes` to the current heap. `None` if over budget.
    pub fn new(bytes: usize) -> Option<HeapTag> {
        let heap = current();
        if let Some(h) = &heap {
            if !h.charge(bytes) {
                return None;
            }
            h.live.fetch_add(1, Ordering::AcqRel);
        }
        if cfg!(debug_assertions) {
            LIVE_OBJECTS.fetch_add(1, Ordering::Relaxed);
        }
        Some(HeapTag {
            heap,
            bytes: AtomicUsize::new(bytes),
        })
    }

    /// Charges `bytes` even past the budget (the caller checked `fits`).
    pub fn forced(bytes: usize) -> Option<HeapTag> {
        let heap = current()?;
        heap.bytes.fetch_add(bytes, Ordering::AcqRel);
        heap.live.fetch_add(1, Ordering::AcqRel);
        if cfg!(debug_assertions) {
            LIVE_OBJECTS.fetch_add(1, Ordering::Relaxed);
        }
        Some(HeapTag {
            heap: Some(heap),
            bytes: AtomicUsize::new(bytes),
        })
    }

    /// A tag that charges nothing (process-wide static objects).
    pub fn untracked() -> HeapTag {
        if cfg!(debug_assertions) {
            LIVE_OBJECTS.fetch_add(1, Ordering::Relaxed);
        }
        HeapTag {
            heap: None,
            bytes: AtomicUsize::new(0),
        }
    }

    pub fn heap(&self) -> Option<&Arc<Heap>> {
        self.heap.as_ref()
    }

    /// The object grew (or shrank) to `bytes`. False if over budget.
    pub fn resize(&self, bytes: usize) -> bool {
        let old = self.bytes.load(Ordering::Relaxed);
        if let Some(h) = &self.heap {
            if bytes > old {
                if !h.charge(bytes - old) {
                    return false;
                }
            } else {
                h.refund(old - bytes);
            }
        }
        self.bytes.store(bytes, Ordering::Relaxed);
        true
    }
}

impl Drop for HeapTag {
    fn drop(&mut self) {
        if let Some(h) = &self.heap {
            h.refund(*self.bytes.get_mut());
            h.live.fetch_sub(1, Ordering::AcqRel);
        }
        if cfg!(debug_assertions) {
            LIVE_OBJECTS.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_threads_unflushed_small_charges_are_settled_when_it_leaves_the_heap() {
        let h = Heap::new(1 << 20);
        let h2 = h.clone();
        std::thread::spawn(move || {
            set_current(Some(h2));
            assert!(charge_small(1000), "a current heap takes the charge");
            set_current(None);
        })
        .join()
        .unwrap_or_else(|_| panic!("the thread panicked"));
        assert_eq!(h.bytes(), 1000, "below one batch, settled at the switch");
        // Refunds of what other threads charged never wrap the count.
        set_current(Some(h.clone()));
        refund_small(5000);
        set_current(None);
        assert_eq!(h.bytes(), 0);
        h.refund(1 << 30);
        assert_eq!(h.bytes(), 0);
        assert!(!charge_small(10), "no current heap: nothing charged");
    }
}
