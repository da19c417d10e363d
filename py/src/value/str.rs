//! `str`: UTF-8 text that knows its length in code points, since Python
//! indexes by code point (the notes print Chinese). ASCII strings (length in
//! chars == length in bytes) index in O(1).

use crate::heap::{charge_small, refund_small, HeapTag};
use std::sync::atomic::{AtomicI64, Ordering};

pub struct PyStr {
    /// A `String` (not `Box<str>`) so that `s += t` on a string nobody else
    /// holds can append in place, as CPython does.
    s: String,
    nchars: usize,
    /// Cached hash; `UNSET` until first asked.
    hash: AtomicI64,
    /// Large strings are charged to the run's memory budget one by one.
    _tag: Option<HeapTag>,
    /// Bytes charged through `heap::charge_small` (0 if none): small
    /// strings are charged in per-thread batches, so that a program
    /// holding millions of short strings still meets its budget.
    small: u32,
}

const UNSET: i64 = i64::MIN;
/// Strings above this many bytes carry their own heap tag (they can grow
/// in place); smaller ones are charged in batches.
const CHARGE_ABOVE: usize = 4096;
/// What a string costs beside its text: this struct and the `Arc` counts.
const STR_OVERHEAD: usize = std::mem::size_of::<PyStr>() + 16;

impl PyStr {
    pub fn new(s: &str) -> PyStr {
        PyStr::from_string(s.to_string())
    }
    pub fn from_string(s: String) -> PyStr {
        let nchars = if s.is_ascii() { s.len() } else { s.chars().count() };
        PyStr::with_len(s, nchars)
    }
    /// `a + b`: the code-point count is the sum, so a loop of `s += c` on
    /// non-ASCII text copies but never recounts (CPython 3.11 copies too
    /// when `s` is a global; a local appends in place, see `append`).
    pub fn concat(a: &PyStr, b: &PyStr) -> PyStr {
        let mut s = String::with_capacity(a.len() + b.len());
        s.push_str(a.as_str());
        s.push_str(b.as_str());
        PyStr::with_len(s, a.nchars + b.nchars)
    }
    fn with_len(s: String, nchars: usize) -> PyStr {
        let (tag, small) = if s.len() > CHARGE_ABOVE {
            (HeapTag::forced(s.capacity() + STR_OVERHEAD), 0)
        } else {
            let n = s.capacity() + STR_OVERHEAD;
            (None, if charge_small(n) { n as u32 } else { 0 })
        };
        PyStr {
            s,
            nchars,
            hash: AtomicI64::new(UNSET),
            _tag: tag,
            small,
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
        if self.s.len() <= CHARGE_ABOVE {
            let n = self.s.capacity() + STR_OVERHEAD;
            if self.small != 0 && n > self.small as usize && charge_small(n - self.small as usize) {
                self.small = n as u32;
            }
        } else {
            let n = self.s.capacity() + STR_OVERHEAD;
            match &self._tag {
                Some(t) => {
                    t.resize(n);
                }
                None => {
                    // From the batch to a tag of its own.
                    if self.small != 0 {
                        refund_small(self.small as usize);
                        self.small = 0;
                    }
                    self._tag = HeapTag::forced(n);
                }
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

impl Drop for PyStr {
    fn drop(&mut self) {
        if self.small != 0 {
            refund_small(self.small as usize);
        }
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
