//! Which objects are shared between threads, for tracing their attributes
//! and items (issue 13: "every read and write of shared state ... is a
//! traced event"). Locals stay untraced and fast, and so do objects only
//! one thread has used: an instance, list or dict remembers the thread
//! that made it, and becomes shared the first time the learner's code in
//! another thread reads or writes one of its attributes or items. From
//! then on each attribute or item is a traced `Value` object of its own
//! (registered on first traced use), so a lost update on `self.balance`
//! or `counts[i]` is pointed at as one on a global is.

use crate::heap::lock;
use crate::value::Name;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

/// The owner value of a shared object.
const SHARED: u32 = u32::MAX;

/// An attribute or item that has a traced object: an attribute name or
/// str key, or a list index or int key.
#[derive(Clone)]
pub enum TraceKey {
    Name(Name),
    Int(i64),
}

impl PartialEq for TraceKey {
    fn eq(&self, other: &TraceKey) -> bool {
        match (self, other) {
            (TraceKey::Name(a), TraceKey::Name(b)) => a.as_str() == b.as_str(),
            (TraceKey::Int(a), TraceKey::Int(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for TraceKey {}

impl std::hash::Hash for TraceKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        match self {
            TraceKey::Name(n) => n.hash().hash(h),
            TraceKey::Int(i) => i.hash(h),
        }
    }
}

pub struct Sharing {
    owner: AtomicU32,
    ids: OnceLock<Mutex<HashMap<TraceKey, u32>>>,
}

impl Default for Sharing {
    fn default() -> Self {
        Sharing::new()
    }
}

impl Sharing {
    /// Owned by the thread running here.
    pub fn new() -> Sharing {
        Sharing {
            owner: AtomicU32::new(crate::heap::current_tid()),
            ids: OnceLock::new(),
        }
    }

    /// Thread `me` touches the object: whether it is (now) shared. One
    /// relaxed load when the owner touches its own object.
    #[inline]
    pub fn touch(&self, me: u32) -> bool {
        let o = self.owner.load(Ordering::Relaxed);
        if o == me {
            return false;
        }
        if o != SHARED {
            self.owner.store(SHARED, Ordering::Relaxed);
        }
        true
    }

    /// The traced object of `key`, made by `register` on first use
    /// (`true` when it was just made). Call under the container's lock.
    pub fn id(&self, key: &TraceKey, register: impl FnOnce() -> u32) -> (u32, bool) {
        let mut ids = lock(self.ids.get_or_init(|| Mutex::new(HashMap::new())));
        if let Some(id) = ids.get(key) {
            return (*id, false);
        }
        let id = register();
        ids.insert(key.clone(), id);
        (id, true)
    }
}
