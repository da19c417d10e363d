//! `random`: CPython's own generator (MT19937, seeded by `init_by_array`
//! of the seed's 32-bit words) and Lib/random.py 3.11's algorithms on top
//! (`_randbelow` by rejection on `getrandbits`), so a seeded program prints
//! exactly what python3 prints. Unseeded, it starts from the run's seed.

use crate::builtins::{kwarg, nargs};
use crate::error::{index_error, type_error, value_error, OrMemory, PyResult};
use crate::heap::lock;
use crate::value::{int, Kwargs, ModuleNative, Value};
use crate::vm::Vm;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use std::sync::Mutex;

const N: usize = 624;
const M: usize = 397;

pub struct Mt {
    mt: [u32; N],
    i: usize,
}

impl Mt {
    pub fn new(seed: u64) -> Mt {
        let mut m = Mt { mt: [0; N], i: N + 1 };
        m.seed_u64(seed);
        m
    }

    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..N {
            let p = self.mt[i - 1];
            self.mt[i] = 1812433253u32.wrapping_mul(p ^ (p >> 30)).wrapping_add(i as u32);
        }
        self.i = N;
    }

    pub fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19650218);
        let mut i = 1usize;
        let mut j = 0usize;
        let klen = key.len().max(1);
        let mut k = N.max(klen);
        while k > 0 {
            let p = self.mt[i - 1];
            let kj = key.get(j).copied().unwrap_or(0);
            self.mt[i] = (self.mt[i] ^ (p ^ (p >> 30)).wrapping_mul(1664525))
                .wrapping_add(kj)
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            if j >= klen {
                j = 0;
            }
            k -= 1;
        }
        k = N - 1;
        while k > 0 {
            let p = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (p ^ (p >> 30)).wrapping_mul(1566083941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            k -= 1;
        }
        self.mt[0] = 0x80000000;
    }

    pub fn seed_big(&mut self, n: &BigInt) {
        let a = n.abs();
        let mut key: Vec<u32> = a.to_u32_digits().1;
        if key.is_empty() {
            key.push(0);
        }
        self.init_by_array(&key);
    }

    pub fn seed_u64(&mut self, s: u64) {
        self.seed_big(&BigInt::from(s));
    }

    pub fn next_u32(&mut self) -> u32 {
        if self.i >= N {
            const UPPER: u32 = 0x80000000;
            const LOWER: u32 = 0x7fffffff;
            const MATRIX_A: u32 = 0x9908b0df;
            for kk in 0..N {
                let y = (self.mt[kk] & UPPER) | (self.mt[(kk + 1) % N] & LOWER);
                let mag = if y & 1 != 0 { MATRIX_A } else { 0 };
                self.mt[kk] = self.mt[(kk + M) % N] ^ (y >> 1) ^ mag;
            }
            self.i = 0;
        }
        let mut y = self.mt[self.i];
        self.i += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        y
    }

    pub fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }

    pub fn getrandbits(&mut self, k: u64) -> BigInt {
        if k == 0 {
            return BigInt::zero();
        }
        if k <= 32 {
            return BigInt::from(self.next_u32() >> (32 - k));
        }
        let words = ((k - 1) / 32 + 1) as usize;
        let mut ws = Vec::with_capacity(words);
        let mut left = k as i64;
        for _ in 0..words {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            ws.push(r);
            left -= 32;
        }
        BigInt::from_slice(num_bigint::Sign::Plus, &ws)
    }

    /// `_randbelow_with_getrandbits(n)`, n > 0.
    pub fn randbelow(&mut self, n: &BigInt) -> BigInt {
        let k = n.bits();
        let mut r = self.getrandbits(k);
        while &r >= n {
            r = self.getrandbits(k);
        }
        r
    }

    pub fn randbelow_usize(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        let k = 64 - (n as u64).leading_zeros() as u64;
        if k <= 32 {
            loop {
                let r = (self.next_u32() >> (32 - k)) as usize;
                if r < n {
                    return r;
                }
            }
        }
        self.randbelow(&BigInt::from(n)).to_usize().unwrap_or(0)
    }
}

pub fn create(vm: &mut Vm) -> Value {
    let seed = vm.interp.config.seed;
    super::build(
        "random",
        ModuleNative::Random(Box::new(Mutex::new(Mt::new(seed)))),
        &[
            ("seed", seed_fn),
            ("random", random),
            ("randint", randint),
            ("randrange", randrange),
            ("choice", choice),
            ("choices", choices),
            ("shuffle", shuffle),
            ("sample", sample),
            ("uniform", uniform),
            ("getrandbits", getrandbits),
        ],
        vec![],
    )
}

fn with_mt<T>(vm: &Vm, f: impl FnOnce(&mut Mt) -> T) -> PyResult<T> {
    let m = super::this(vm, "random").ok_or_else(|| type_error("random module state missing"))?;
    match &m.native {
        ModuleNative::Random(mt) => Ok(f(&mut lock(mt))),
        _ => Err(type_error("random module state missing")),
    }
}

fn seed_fn(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("seed", &a, 0, 2)?;
    let v = a.first().cloned().unwrap_or(Value::None);
    match &v {
        Value::None => {
            let s = vm.interp.config.seed;
            with_mt(vm, |m| m.seed_u64(s))?;
        }
        Value::Int(_) | Value::Big(_) | Value::Bool(_) => {
            let b = int::to_big(&v).unwrap_or_default();
            with_mt(vm, |m| m.seed_big(&b))?;
        }
        Value::Float(f) => {
            // CPython hashes floats for seeding.
            let h = crate::value::hash::hash_float(*f);
            with_mt(vm, |m| m.seed_big(&BigInt::from(h)))?;
        }
        Value::Str(s) => {
            // CPython: int.from_bytes(text + sha512(text), 'big').
            let mut bytes = s.as_str().as_bytes().to_vec();
            bytes.extend_from_slice(&super::sha512::sha512(s.as_str().as_bytes()));
            let b = BigInt::from_bytes_be(num_bigint::Sign::Plus, &bytes);
            with_mt(vm, |m| m.seed_big(&b))?;
        }
        other => {
            return Err(type_error(format!(
                "The only supported seed types are: None,\nint, float, str, bytes, and bytearray. not {}",
                vm.type_name(other)
            )))
        }
    }
    Ok(Value::None)
}

fn random(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("random", &a, 0, 0)?;
    Ok(Value::Float(with_mt(vm, |m| m.random())?))
}

fn as_index(vm: &Vm, v: &Value) -> PyResult<BigInt> {
    match v {
        Value::Int(_) | Value::Big(_) | Value::Bool(_) => Ok(int::to_big(v).unwrap_or_default()),
        Value::Float(f) if f.fract() == 0.0 && f.is_finite() => Ok(BigInt::from(*f as i64)),
        Value::Float(_) => Err(value_error("non-integer arg 1 for randrange()")),
        other => Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(other)
        ))),
    }
}

fn randrange_impl(vm: &mut Vm, start: &Value, stop: Option<&Value>, step: Option<&Value>) -> PyResult<Value> {
    let istart = as_index(vm, start)?;
    let Some(stop) = stop.filter(|s| !s.is_none()) else {
        if step.is_some() {
            return Err(type_error("Missing a non-None stop argument"));
        }
        if istart > BigInt::zero() {
            let r = with_mt(vm, |m| m.randbelow(&istart))?;
            return Ok(int::norm(r));
        }
        return Err(value_error("empty range for randrange()"));
    };
    let istop = as_index(vm, stop)?;
    let width = &istop - &istart;
    let istep = match step {
        Some(s) => as_index(vm, s)?,
        None => BigInt::from(1),
    };
    if istep == BigInt::from(1) {
        if width > BigInt::zero() {
            let r = with_mt(vm, |m| m.randbelow(&width))?;
            return Ok(int::norm(istart + r));
        }
        return Err(value_error(format!(
            "empty range for randrange() ({istart}, {istop}, {width})"
        )));
    }
    let n = if istep > BigInt::zero() {
        num_integer::Integer::div_floor(&(&width + &istep - 1), &istep)
    } else if istep < BigInt::zero() {
        num_integer::Integer::div_floor(&(&width + &istep + 1), &istep)
    } else {
        return Err(value_error("zero step for randrange()"));
    };
    if n <= BigInt::zero() {
        return Err(value_error("empty range for randrange()"));
    }
    let r = with_mt(vm, |m| m.randbelow(&n))?;
    Ok(int::norm(istart + istep * r))
}

fn randrange(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("randrange", &a, 1, 3)?;
    randrange_impl(vm, &a[0], a.get(1), a.get(2))
}

fn randint(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    if a.len() != 2 {
        return Err(type_error(format!(
            "Random.randint() missing {} required positional argument{}: {}",
            2usize.saturating_sub(a.len()),
            if a.len() == 1 { "" } else { "s" },
            if a.is_empty() { "'a' and 'b'" } else { "'b'" }
        )));
    }
    let b1 = vm.binary(crate::bytecode::BinOp::Add, a[1].clone(), Value::Int(1))?;
    randrange_impl(vm, &a[0], Some(&b1), None)
}

fn choice(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("choice", &a, 1, 1)?;
    let n = vm.len_of(&a[0])?;
    if n == 0 {
        return Err(index_error("Cannot choose from an empty sequence"));
    }
    let i = with_mt(vm, |m| m.randbelow_usize(n))?;
    vm.getitem(&a[0], &Value::Int(i as i64))
}

fn choices(vm: &mut Vm, _r: &Value, a: Vec<Value>, k: Kwargs) -> PyResult<Value> {
    nargs("choices", &a, 1, 2)?;
    let pop = vm.collect(&a[0])?;
    let weights = a
        .get(1)
        .cloned()
        .or_else(|| kwarg(&k, "weights"))
        .filter(|w| !w.is_none());
    let cum = kwarg(&k, "cum_weights").filter(|w| !w.is_none());
    let count = match kwarg(&k, "k") {
        Some(v) => vm.index_of(&v)?.max(0) as usize,
        None => 1,
    };
    let n = pop.len();
    let mut out = Vec::with_capacity(count);
    if weights.is_none() && cum.is_none() {
        if n == 0 {
            return Err(index_error("Cannot choose from an empty sequence"));
        }
        for _ in 0..count {
            let r = with_mt(vm, |m| m.random())?;
            out.push(pop[(r * n as f64).floor() as usize].clone());
        }
        return Value::try_list(out).or_mem();
    }
    let cumw: Vec<f64> = match (weights, cum) {
        (Some(w), None) => {
            let ws = vm.collect(&w)?;
            let mut acc = 0.0;
            let mut v = Vec::new();
            for x in ws {
                acc += crate::builtins::types::to_float(vm, &x)?;
                v.push(acc);
            }
            v
        }
        (_, Some(c)) => {
            let cs = vm.collect(&c)?;
            let mut v = Vec::new();
            for x in cs {
                v.push(crate::builtins::types::to_float(vm, &x)?);
            }
            v
        }
        _ => Vec::new(),
    };
    if cumw.len() != n {
        return Err(value_error("The number of weights does not match the population"));
    }
    let total = cumw.last().copied().unwrap_or(0.0);
    if total <= 0.0 {
        return Err(value_error("Total of weights must be greater than zero"));
    }
    for _ in 0..count {
        let r = with_mt(vm, |m| m.random())? * total;
        // bisect_right(cum, r, 0, n - 1)
        let hi = n - 1;
        let (mut lo, mut h) = (0usize, hi);
        while lo < h {
            let mid = (lo + h) / 2;
            if r < cumw[mid] {
                h = mid;
            } else {
                lo = mid + 1;
            }
        }
        out.push(pop[lo].clone());
    }
    Value::try_list(out).or_mem()
}

fn shuffle(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("shuffle", &a, 1, 1)?;
    let Value::List(l) = &a[0] else {
        return Err(type_error(format!(
            "'{}' object does not support item assignment",
            vm.type_name(&a[0])
        )));
    };
    let n = lock(&l.items).len();
    for i in (1..n).rev() {
        // (the list is locked only for each swap: randbelow takes its own lock)
        let j = with_mt(vm, |m| m.randbelow_usize(i + 1))?;
        let mut g = lock(&l.items);
        if i < g.len() && j < g.len() {
            g.swap(i, j);
        }
    }
    Ok(Value::None)
}

fn sample(vm: &mut Vm, _r: &Value, a: Vec<Value>, k: Kwargs) -> PyResult<Value> {
    nargs("sample", &a, 1, 2)?;
    if matches!(a[0], Value::Set(_) | Value::Dict(_)) {
        return Err(type_error(
            "Population must be a sequence.  For dicts or sets, use sorted(d).",
        ));
    }
    let pop = vm.collect(&a[0])?;
    let kk = match a.get(1).cloned().or_else(|| kwarg(&k, "k")) {
        Some(v) => vm.index_of(&v)?,
        None => {
            return Err(type_error(
                "Random.sample() missing 1 required positional argument: 'k'",
            ))
        }
    };
    let n = pop.len();
    if kk < 0 || kk as usize > n {
        return Err(value_error("Sample larger than population or is negative"));
    }
    let kk = kk as usize;
    let mut result = Vec::with_capacity(kk);
    let mut setsize = 21usize;
    if kk > 5 {
        let l = ((kk * 3) as f64).ln() / 4f64.ln();
        setsize += 4usize.pow(l.ceil() as u32);
    }
    if n <= setsize {
        let mut pool = pop.clone();
        for i in 0..kk {
            let j = with_mt(vm, |m| m.randbelow_usize(n - i))?;
            result.push(pool[j].clone());
            pool[j] = pool[n - i - 1].clone();
        }
    } else {
        let mut selected = std::collections::HashSet::new();
        for _ in 0..kk {
            let mut j = with_mt(vm, |m| m.randbelow_usize(n))?;
            while selected.contains(&j) {
                j = with_mt(vm, |m| m.randbelow_usize(n))?;
            }
            selected.insert(j);
            result.push(pop[j].clone());
        }
    }
    Value::try_list(result).or_mem()
}

fn uniform(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("uniform", &a, 2, 2)?;
    let x = crate::builtins::types::to_float(vm, &a[0])?;
    let y = crate::builtins::types::to_float(vm, &a[1])?;
    let r = with_mt(vm, |m| m.random())?;
    Ok(Value::Float(x + (y - x) * r))
}

fn getrandbits(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("getrandbits", &a, 1, 1)?;
    let k = vm.index_of(&a[0])?;
    if k < 0 {
        return Err(value_error("number of bits must be non-negative"));
    }
    if k > 1 << 24 {
        return Err(crate::error::memory_error());
    }
    let r = with_mt(vm, |m| m.getrandbits(k as u64))?;
    Ok(int::norm(r))
}
