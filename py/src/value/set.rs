//! `set`'s table, CPython's own algorithm (setobject.c: linear probes of 9,
//! then perturbed jumps; resize at 60% fill to 4x used), so that iteration
//! order, and so printed sets of ints, match CPython exactly.

use super::Value;

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const MINSIZE: usize = 8;

#[derive(Clone)]
pub enum Slot {
    Empty,
    Dummy,
    Full(i64, Value),
}

#[derive(Clone)]
pub struct SetTable {
    slots: Vec<Slot>,
    fill: usize,
    used: usize,
    finger: usize,
}

impl Default for SetTable {
    fn default() -> Self {
        SetTable::new()
    }
}

pub enum Added {
    Added,
    Present,
    Undecided,
}

impl SetTable {
    pub fn new() -> SetTable {
        SetTable {
            slots: vec![Slot::Empty; MINSIZE],
            fill: 0,
            used: 0,
            finger: 0,
        }
    }
    pub fn len(&self) -> usize {
        self.used
    }
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }
    pub fn slots(&self) -> usize {
        self.slots.len()
    }
    pub fn slot(&self, i: usize) -> Option<&Value> {
        match self.slots.get(i) {
            Some(Slot::Full(_, v)) => Some(v),
            _ => None,
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = (i64, &Value)> {
        self.slots.iter().filter_map(|s| match s {
            Slot::Full(h, v) => Some((*h, v)),
            _ => None,
        })
    }
    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|(_, v)| v.clone()).collect()
    }
    pub fn into_values(self) -> Vec<Value> {
        self.slots
            .into_iter()
            .filter_map(|s| match s {
                Slot::Full(_, v) => Some(v),
                _ => None,
            })
            .collect()
    }
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Where `key` is, `None` if absent; `Err(())` if a comparison needs Python.
    #[allow(clippy::result_unit_err)]
    pub fn find(&self, hash: i64, eq: &mut dyn FnMut(&Value) -> Option<bool>) -> Result<Option<usize>, ()> {
        let mask = self.mask();
        let mut perturb = hash as u64 as usize;
        let mut i = (hash as u64 as usize) & mask;
        let mut undecided = false;
        loop {
            let mut probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            let mut j = i;
            loop {
                match &self.slots[j] {
                    Slot::Empty => return if undecided { Err(()) } else { Ok(None) },
                    Slot::Full(h, k) if *h == hash => match eq(k) {
                        Some(true) => return Ok(Some(j)),
                        Some(false) => {}
                        None => undecided = true,
                    },
                    _ => {}
                }
                if probes == 0 {
                    break;
                }
                probes -= 1;
                j += 1;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        }
    }

    pub fn add(&mut self, hash: i64, key: Value, eq: &mut dyn FnMut(&Value) -> Option<bool>) -> Added {
        let mask = self.mask();
        let mut perturb = hash as u64 as usize;
        let mut i = (hash as u64 as usize) & mask;
        let mut freeslot: Option<usize> = None;
        let mut undecided = false;
        let found_empty;
        'outer: loop {
            let mut probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            let mut j = i;
            loop {
                match &self.slots[j] {
                    Slot::Empty => {
                        found_empty = j;
                        break 'outer;
                    }
                    Slot::Full(h, k) if *h == hash => match eq(k) {
                        Some(true) => return Added::Present,
                        Some(false) => {}
                        None => undecided = true,
                    },
                    Slot::Dummy if freeslot.is_none() => freeslot = Some(j),
                    _ => {}
                }
                if probes == 0 {
                    break;
                }
                probes -= 1;
                j += 1;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        }
        if undecided {
            return Added::Undecided;
        }
        if let Some(f) = freeslot {
            self.used += 1;
            self.slots[f] = Slot::Full(hash, key);
            return Added::Added;
        }
        self.fill += 1;
        self.used += 1;
        self.slots[found_empty] = Slot::Full(hash, key);
        if self.fill * 5 >= mask * 3 {
            let n = if self.used > 50000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(n);
        }
        Added::Added
    }

    /// Adds a key known to be absent (the slow path already compared).
    pub fn add_new(&mut self, hash: i64, key: Value) {
        let _ = self.add(hash, key, &mut |_| Some(false));
    }

    fn insert_clean(slots: &mut [Slot], hash: i64, key: Value) {
        let mask = slots.len() - 1;
        let mut perturb = hash as u64 as usize;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            if matches!(slots[i], Slot::Empty) {
                slots[i] = Slot::Full(hash, key);
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in 1..=LINEAR_PROBES {
                    if matches!(slots[i + j], Slot::Empty) {
                        slots[i + j] = Slot::Full(hash, key);
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        }
    }

    pub fn resize(&mut self, minused: usize) {
        let mut newsize = MINSIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; newsize]);
        self.fill = self.used;
        for s in old {
            if let Slot::Full(h, k) = s {
                SetTable::insert_clean(&mut self.slots, h, k);
            }
        }
    }

    pub fn remove_at(&mut self, i: usize) -> Option<Value> {
        match std::mem::replace(&mut self.slots[i], Slot::Dummy) {
            Slot::Full(_, v) => {
                self.used -= 1;
                Some(v)
            }
            other => {
                self.slots[i] = other;
                None
            }
        }
    }

    /// `set.pop()`: CPython's finger scan.
    pub fn pop(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        while !matches!(self.slots[i], Slot::Full(..)) {
            i += 1;
            if i > mask {
                i = 0;
            }
        }
        self.finger = i + 1;
        self.remove_at(i)
    }

    /// Before adding `n` keys from a dict (CPython's one big resize).
    pub fn presize(&mut self, n: usize) {
        if (self.fill + n) * 5 >= self.mask() * 3 {
            self.resize((self.used + n) * 2);
        }
    }

    /// Adds every entry of `other` (CPython's set_merge). False if a
    /// comparison needed Python code (the caller falls back).
    pub fn merge(&mut self, other: &SetTable, eq: &mut dyn FnMut(&Value, &Value) -> Option<bool>) -> bool {
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.slots.len() == other.slots.len() && other.fill == other.used {
            self.slots = other.slots.clone();
            self.fill = other.fill;
            self.used = other.used;
            return true;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for (h, k) in other.iter() {
                SetTable::insert_clean(&mut self.slots, h, k.clone());
            }
            return true;
        }
        for (h, k) in other.iter() {
            let k2 = k.clone();
            if let Added::Undecided = self.add(h, k.clone(), &mut |x| eq(x, &k2)) {
                return false;
            }
        }
        true
    }
}
