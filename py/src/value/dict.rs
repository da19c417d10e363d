//! `dict`'s table: insertion-ordered entries plus an open-addressed index,
//! the layout of CPython's compact dict. Key equality is supplied by the
//! caller, which may answer "undecided" for keys whose `__eq__` is Python
//! code: the VM then compares outside the dict's lock (user code may touch
//! the same dict) and retries by identity.

use super::Value;

#[derive(Clone)]
pub struct Entry {
    pub hash: i64,
    pub key: Value,
    pub value: Value,
}

const EMPTY: u32 = u32::MAX;
const DELETED: u32 = u32::MAX - 1;

#[derive(Clone, Default)]
pub struct DictMap {
    /// Deleted entries keep their place with key `Null`.
    entries: Vec<Entry>,
    table: Vec<u32>,
    used: usize,
}

/// What a lookup found.
pub enum Probe {
    Found(usize),
    Missing,
    /// A candidate with the same hash needs a Python-level comparison.
    Undecided,
}

impl DictMap {
    pub fn new() -> DictMap {
        DictMap::default()
    }
    pub fn len(&self) -> usize {
        self.used
    }
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }
    pub fn capacity(&self) -> usize {
        self.entries.capacity()
    }
    /// Entry slots (including deleted ones), for index-based iteration.
    pub fn slots(&self) -> usize {
        self.entries.len()
    }
    pub fn entry_at(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i).filter(|e| !matches!(e.key, Value::Null))
    }
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !matches!(e.key, Value::Null))
    }
    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|e| e.key.clone()).collect()
    }
    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|e| e.value.clone()).collect()
    }
    pub fn into_values(self) -> Vec<Value> {
        let mut v = Vec::with_capacity(self.entries.len() * 2);
        for e in self.entries {
            v.push(e.key);
            v.push(e.value);
        }
        v
    }

    /// Candidate entries whose hash equals `hash` (for the slow path).
    pub fn candidates(&self, hash: i64) -> Vec<(usize, Value)> {
        self.iter_hash(hash)
            .map(|i| (i, self.entries[i].key.clone()))
            .collect()
    }

    fn iter_hash(&self, hash: i64) -> impl Iterator<Item = usize> + '_ {
        let mut out = Vec::new();
        if !self.table.is_empty() {
            let mask = self.table.len() - 1;
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            loop {
                let ix = self.table[i];
                if ix == EMPTY {
                    break;
                }
                if ix != DELETED && self.entries[ix as usize].hash == hash {
                    out.push(ix as usize);
                }
                perturb >>= 5;
                i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
            }
        }
        out.into_iter()
    }

    /// Finds `key` (with hash `hash`); `eq(stored)` says whether a stored
    /// key equals it, or `None` if that needs Python code.
    pub fn find(&self, hash: i64, eq: &mut dyn FnMut(&Value) -> Option<bool>) -> Probe {
        if self.table.is_empty() {
            return Probe::Missing;
        }
        let mask = self.table.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let mut undecided = false;
        loop {
            let ix = self.table[i];
            if ix == EMPTY {
                return if undecided {
                    Probe::Undecided
                } else {
                    Probe::Missing
                };
            }
            if ix != DELETED {
                let e = &self.entries[ix as usize];
                if e.hash == hash {
                    match eq(&e.key) {
                        Some(true) => return Probe::Found(ix as usize),
                        Some(false) => {}
                        None => undecided = true,
                    }
                }
            }
            perturb >>= 5;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    pub fn value_at(&self, i: usize) -> &Value {
        &self.entries[i].value
    }
    pub fn key_at(&self, i: usize) -> &Value {
        &self.entries[i].key
    }
    pub fn set_value_at(&mut self, i: usize, v: Value) -> Value {
        std::mem::replace(&mut self.entries[i].value, v)
    }

    /// Appends a key known to be absent.
    pub fn push_new(&mut self, hash: i64, key: Value, value: Value) {
        if (self.entries.len() + 1) * 3 >= self.table.len() * 2 {
            self.rebuild((self.used + 1) * 3);
        }
        let idx = self.entries.len() as u32;
        self.entries.push(Entry { hash, key, value });
        self.used += 1;
        self.place(hash, idx);
    }

    fn place(&mut self, hash: i64, idx: u32) {
        let mask = self.table.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        while self.table[i] != EMPTY && self.table[i] != DELETED {
            perturb >>= 5;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
        self.table[i] = idx;
    }

    fn rebuild(&mut self, min_slots: usize) {
        let mut size = 8;
        while size < min_slots {
            size <<= 1;
        }
        if self.used != self.entries.len() {
            self.entries.retain(|e| !matches!(e.key, Value::Null));
        }
        self.table = vec![EMPTY; size];
        for i in 0..self.entries.len() {
            let h = self.entries[i].hash;
            self.place(h, i as u32);
        }
    }

    /// Removes entry `i`, returning its key and value.
    pub fn remove_at(&mut self, i: usize) -> (Value, Value) {
        let hash = self.entries[i].hash;
        // Find its table slot.
        let mask = self.table.len() - 1;
        let mut perturb = hash as u64;
        let mut s = (hash as u64 as usize) & mask;
        loop {
            if self.table[s] == i as u32 {
                self.table[s] = DELETED;
                break;
            }
            if self.table[s] == EMPTY {
                break;
            }
            perturb >>= 5;
            s = (s.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
        let e = &mut self.entries[i];
        let k = std::mem::replace(&mut e.key, Value::Null);
        let v = std::mem::replace(&mut e.value, Value::Null);
        self.used -= 1;
        if self.used == 0 {
            self.entries.clear();
            self.table.clear();
        }
        (k, v)
    }

    /// The last entry (for `popitem`).
    pub fn last_index(&self) -> Option<usize> {
        (0..self.entries.len())
            .rev()
            .find(|&i| !matches!(self.entries[i].key, Value::Null))
    }

    pub fn clear(&mut self) -> Vec<Value> {
        std::mem::take(self).into_values()
    }
}
