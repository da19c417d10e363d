//! `int`: i64 with checked arithmetic, overflowing into `num_bigint`.

use super::Value;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use std::sync::Arc;

/// An int outside i64, charged to the run's memory budget (a list of
/// `2**100000` values is megabytes that no container's estimate sees).
pub struct PyBig {
    n: BigInt,
    /// Bytes charged through `heap::charge_small` (0 if none).
    charged: usize,
}

impl std::ops::Deref for PyBig {
    type Target = BigInt;
    fn deref(&self) -> &BigInt {
        &self.n
    }
}

impl Drop for PyBig {
    fn drop(&mut self) {
        if self.charged != 0 {
            crate::heap::refund_small(self.charged);
        }
    }
}

/// Normalises a big integer: back to i64 when it fits.
pub fn norm(b: BigInt) -> Value {
    match b.to_i64() {
        Some(i) => Value::Int(i),
        None => {
            let n = (b.bits() / 8) as usize + std::mem::size_of::<PyBig>() + 16;
            let charged = if crate::heap::charge_small(n) { n } else { 0 };
            Value::Big(Arc::new(PyBig { n: b, charged }))
        }
    }
}

pub fn to_big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Big(b) => Some((**b).clone()),
        _ => None,
    }
}

/// Is `v` an int (or bool)?
pub fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::Big(_))
}

/// A source integer literal (may have 0x/0o/0b prefixes and underscores).
pub fn parse_literal(s: &str) -> Option<Value> {
    let t: String = s.chars().filter(|c| *c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = if let Some(r) = lower.strip_prefix("0x") {
        (r.to_string(), 16)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (r.to_string(), 8)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (r.to_string(), 2)
    } else {
        (lower, 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix).map(norm)
}

/// `int(s, base)`: CPython's accepted syntax (sign, whitespace, underscores
/// between digits, optional prefix matching the base).
pub fn parse_str(s: &str, base: u32) -> Option<Value> {
    let t = s.trim();
    let (neg, rest) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut base = base;
    let mut body = rest.to_ascii_lowercase();
    let has_prefix = |p: &str, b: &str| b.starts_with(p) && b.len() > 2;
    if base == 0 {
        if has_prefix("0x", &body) {
            base = 16;
            body = body[2..].to_string();
        } else if has_prefix("0o", &body) {
            base = 8;
            body = body[2..].to_string();
        } else if has_prefix("0b", &body) {
            base = 2;
            body = body[2..].to_string();
        } else {
            base = 10;
            // "010" is invalid in base 0 unless all zeros
            if body.len() > 1 && body.starts_with('0') && body.chars().any(|c| c != '0' && c != '_') {
                return None;
            }
        }
    } else if (base == 16 && has_prefix("0x", &body))
        || (base == 8 && has_prefix("0o", &body))
        || (base == 2 && has_prefix("0b", &body))
    {
        body = body[2..].to_string();
        if let Some(b) = body.strip_prefix('_') {
            body = b.to_string();
        }
    }
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
        return None;
    }
    let digits: String = body.chars().filter(|c| *c != '_').collect();
    if !digits.chars().all(|c| c.is_digit(base)) {
        // Unicode digits (e.g. Arabic-Indic) are accepted by CPython in base 10.
        if base == 10 && digits.chars().all(|c| c.is_numeric()) {
            let ascii: String = digits
                .chars()
                .filter_map(|c| c.to_digit(10).or_else(|| unicode_digit(c)))
                .map(|d| char::from(b'0' + d as u8))
                .collect();
            if ascii.len() == digits.chars().count() {
                let v = BigInt::parse_bytes(ascii.as_bytes(), 10)?;
                return Some(norm(if neg { -v } else { v }));
            }
        }
        return None;
    }
    let v = BigInt::parse_bytes(digits.as_bytes(), base)?;
    Some(norm(if neg { -v } else { v }))
}

fn unicode_digit(c: char) -> Option<u32> {
    // Fullwidth and Arabic-Indic digits, the common ones.
    let u = c as u32;
    for base in [0xFF10u32, 0x0660, 0x06F0, 0x0966] {
        if (base..base + 10).contains(&u) {
            return Some(u - base);
        }
    }
    None
}

/// Decimal digits of a big int (for the 4300-digit limit check).
pub fn big_digits(b: &BigInt) -> usize {
    (b.bits() as f64 * std::f64::consts::LOG10_2) as usize + 1
}

pub fn to_string_radix(v: &BigInt, radix: u32) -> String {
    let s = v.abs().to_str_radix(radix);
    if v.is_negative() {
        format!("-{s}")
    } else {
        s
    }
}

/// Floor division and modulo of i64s (None on overflow / zero divisor).
pub fn floordiv_i64(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    let q = a.checked_div(b)?;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        Some(q - 1)
    } else {
        Some(q)
    }
}

pub fn mod_i64(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    let r = a.checked_rem(b)?;
    if r != 0 && ((r < 0) != (b < 0)) {
        Some(r + b)
    } else {
        Some(r)
    }
}

pub fn floordiv_big(a: &BigInt, b: &BigInt) -> BigInt {
    use num_integer::Integer;
    a.div_floor(b)
}

pub fn mod_big(a: &BigInt, b: &BigInt) -> BigInt {
    use num_integer::Integer;
    a.mod_floor(b)
}

pub fn is_zero(v: &Value) -> bool {
    match v {
        Value::Int(i) => *i == 0,
        Value::Bool(b) => !*b,
        Value::Big(b) => b.is_zero(),
        _ => false,
    }
}

/// int -> float, CPython's `int too large to convert to float` on overflow.
pub fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Big(b) => {
            let f = b.to_f64()?;
            if f.is_finite() {
                Some(f)
            } else {
                None
            }
        }
        Value::Float(f) => Some(*f),
        _ => None,
    }
}
