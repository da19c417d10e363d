//! `str`: UTF-8 text that knows its length in code points, since Python
//! indexes by code point (the notes print Chinese). ASCII strings (length in
//! chars == length in bytes) index in O(1).

use crate::heap::HeapTag;
use std::sync::atomic::{AtomicI64, Ordering};

pub struct PyStr {
    /// A `String` (not `Box<str>`) so that `s += t` on a string nobody else
    /// holds can append in place, as CPython does.
    s: String,
    nchars: usize,
    /// Cached hash; `UNSET` until first asked.
    hash: AtomicI64,
    /// Large strings are charged to the run's memory budget.
    _tag: Option<HeapTag>,
}

const UNSET: i64 = i64::MIN;
/// Strings above this many bytes are charged to the budget.
const CHARGE_ABOVE: usize = 4096;

impl PyStr {
    pub fn new(s: &str) -> PyStr {
        PyStr::from_string(s.to_string())
    }
    pub fn from_string(s: String) -> PyStr {
        let nchars = if s.is_ascii() { s.len() } else { s.chars().count() };
        let tag = if s.len() > CHARGE_ABOVE {
            HeapTag::forced(s.len())
        } else {
            None
        };
        PyStr {
            s,
            nchars,
            hash: AtomicI64::new(UNSET),
            _tag: tag,
        }
    }
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.s
    }
    /// Length in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.s.len()
    }
    pub fn is_empty(&self) -> bool {
        self.s.is_empty()
    }
    /// Length in code points (Python's `len`).
    #[inline]
    pub fn char_len(&self) -> usize {
        self.nchars
    }
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.nchars == self.s.len()
    }
    /// The code point at index `i` (0-based, in range).
    pub fn char_at(&self, i: usize) -> Option<char> {
        if self.is_ascii() {
            self.s.as_bytes().get(i).map(|b| *b as char)
        } else {
            self.s.chars().nth(i)
        }
    }
    /// Byte offset of code point `i` (`i` may equal the length).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            i.min(self.s.len())
        } else {
            self.s
                .char_indices()
                .nth(i)
                .map(|(b, _)| b)
                .unwrap_or(self.s.len())
        }
    }
    /// Code points `[a, b)`.
    pub fn substr(&self, a: usize, b: usize) -> &str {
        if b <= a {
            return "";
        }
        let x = self.byte_offset(a);
        let y = self.byte_offset(b);
        &self.s[x..y]
    }
    /// Appends in place (the caller holds the only reference).
    pub fn append(&mut self, other: &PyStr) {
        self.s.push_str(other.as_str());
        self.nchars += other.nchars;
        *self.hash.get_mut() = UNSET;
        if self.s.len() > CHARGE_ABOVE {
            match &self._tag {
                Some(t) => {
                    t.resize(self.s.capacity());
                }
                None => self._tag = HeapTag::forced(self.s.capacity()),
            }
        }
    }

    pub fn hash(&self) -> i64 {
        let h = self.hash.load(Ordering::Relaxed);
        if h != UNSET {
            return h;
        }
        let h = str_hash(&self.s);
        self.hash.store(h, Ordering::Relaxed);
        h
    }
}

/// Any stable hash will do: CPython randomises str hashes, so no program's
/// output may depend on them.
pub fn str_hash(s: &str) -> i64 {
    // FNV-1a, 64-bit.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    let h = h as i64;
    if h == -1 || h == UNSET {
        -2
    } else {
        h
    }
}
