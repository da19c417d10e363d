//! Methods of built-in types (`str`, `list`, `dict`, `set`, ...), found by
//! `(type, name)` once per `LOAD_METHOD` and called by index.

use super::{kwarg, nargs, sort_values};
use crate::error::{index_error, key_error, type_error, value_error, OrMemory, PyResult};
use crate::heap::lock;
use crate::value::{Builtin, DictMap, DictView, Kwargs, NativeFn, TypeKind, Value, ViewKind};
use crate::vm::Vm;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

type Entry = (TypeKind, &'static str, NativeFn);

fn table() -> &'static [Entry] {
    use TypeKind::*;
    static T: OnceLock<Vec<Entry>> = OnceLock::new();
    T.get_or_init(|| {
        vec![
            (Str, "join", s_join),
            (Str, "split", s_split),
            (Str, "rsplit", s_rsplit),
            (Str, "strip", s_strip),
            (Str, "lstrip", s_lstrip),
            (Str, "rstrip", s_rstrip),
            (Str, "upper", s_upper),
            (Str, "lower", s_lower),
            (Str, "casefold", s_lower),
            (Str, "capitalize", s_capitalize),
            (Str, "title", s_title),
            (Str, "swapcase", s_swapcase),
            (Str, "replace", s_replace),
            (Str, "find", s_find),
            (Str, "rfind", s_rfind),
            (Str, "index", s_index),
            (Str, "rindex", s_rindex),
            (Str, "count", s_count),
            (Str, "startswith", s_startswith),
            (Str, "endswith", s_endswith),
            (Str, "isdigit", s_isdigit),
            (Str, "isdecimal", s_isdecimal),
            (Str, "isnumeric", s_isnumeric),
            (Str, "isalpha", s_isalpha),
            (Str, "isalnum", s_isalnum),
            (Str, "isspace", s_isspace),
            (Str, "isupper", s_isupper),
            (Str, "islower", s_islower),
            (Str, "istitle", s_istitle),
            (Str, "isidentifier", s_isidentifier),
            (Str, "isascii", s_isascii),
            (Str, "center", s_center),
            (Str, "ljust", s_ljust),
            (Str, "rjust", s_rjust),
            (Str, "zfill", s_zfill),
            (Str, "format", s_format),
            (Str, "partition", s_partition),
            (Str, "rpartition", s_rpartition),
            (Str, "splitlines", s_splitlines),
            (Str, "removeprefix", s_removeprefix),
            (Str, "removesuffix", s_removesuffix),
            (Str, "expandtabs", s_expandtabs),
            (List, "append", l_append),
            (List, "extend", l_extend),
            (List, "insert", l_insert),
            (List, "remove", l_remove),
            (List, "pop", l_pop),
            (List, "clear", l_clear),
            (List, "index", seq_index),
            (List, "count", seq_count),
            (List, "sort", l_sort),
            (List, "reverse", l_reverse),
            (List, "copy", l_copy),
            (Range, "index", seq_index),
            (Range, "count", seq_count),
            (Tuple, "index", seq_index),
            (Tuple, "count", seq_count),
            (Dict, "get", d_get),
            (Dict, "keys", d_keys),
            (Dict, "values", d_values),
            (Dict, "items", d_items),
            (Dict, "pop", d_pop),
            (Dict, "popitem", d_popitem),
            (Dict, "setdefault", d_setdefault),
            (Dict, "update", d_update),
            (Dict, "clear", d_clear),
            (Dict, "copy", d_copy),
            (Dict, "fromkeys", d_fromkeys),
            (Set, "add", st_add),
            (Set, "remove", st_remove),
            (Set, "discard", st_discard),
            (Set, "pop", st_pop),
            (Set, "clear", st_clear),
            (Set, "copy", st_copy),
            (Set, "union", st_union),
            (Set, "intersection", st_intersection),
            (Set, "difference", st_difference),
            (Set, "symmetric_difference", st_symdiff),
            (Set, "update", st_update),
            (Set, "intersection_update", st_intersection_update),
            (Set, "difference_update", st_difference_update),
            (Set, "symmetric_difference_update", st_symdiff_update),
            (Set, "issubset", st_issubset),
            (Set, "issuperset", st_issuperset),
            (Set, "isdisjoint", st_isdisjoint),
            (FrozenSet, "copy", st_copy),
            (FrozenSet, "union", st_union),
            (FrozenSet, "intersection", st_intersection),
            (FrozenSet, "difference", st_difference),
            (FrozenSet, "symmetric_difference", st_symdiff),
            (FrozenSet, "issubset", st_issubset),
            (FrozenSet, "issuperset", st_issuperset),
            (FrozenSet, "isdisjoint", st_isdisjoint),
            (Int, "bit_length", i_bit_length),
            (Int, "conjugate", i_conjugate),
            (Float, "is_integer", f_is_integer),
            (Float, "conjugate", i_conjugate),
            (Float, "as_integer_ratio", f_as_integer_ratio),
        ]
    })
}

type Index = HashMap<TypeKind, HashMap<&'static str, u16>>;

fn index() -> &'static Index {
    static I: OnceLock<Index> = OnceLock::new();
    I.get_or_init(|| {
        let mut m: Index = HashMap::new();
        for (i, (k, n, _)) in table().iter().enumerate() {
            m.entry(*k).or_default().insert(*n, i as u16);
        }
        m
    })
}

/// `list.append`'s method index (for the dispatch loop's fast path).
pub fn append_sym() -> u16 {
    static S: OnceLock<u16> = OnceLock::new();
    *S.get_or_init(|| lookup(TypeKind::List, "append").unwrap_or(u16::MAX))
}

/// The method `name` of built-in type `kind`.
pub fn lookup(kind: TypeKind, name: &str) -> Option<u16> {
    let k = if kind == TypeKind::Bool {
        TypeKind::Int
    } else {
        kind
    };
    index().get(&k)?.get(name).copied()
}

/// `dict.fromkeys` (a class method).
pub fn fromkeys() -> Value {
    Value::Builtin(Arc::new(Builtin {
        name: "fromkeys",
        f: d_fromkeys,
        receiver: Value::Null,
        fast1: None,
    }))
}

pub fn call(vm: &mut Vm, sym: u16, recv: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    match table().get(sym as usize) {
        Some((_, _, f)) => f(vm, recv, args, kw),
        None => Err(type_error("bad method")),
    }
}

pub fn bound(sym: u16, name: &str, recv: Value) -> Value {
    let (_, n, f) = table()[sym as usize];
    let _ = name;
    Value::Builtin(Arc::new(Builtin {
        name: n,
        f,
        receiver: recv,
        fast1: None,
    }))
}

/// `str.upper` through the class: the receiver comes as the first argument.
pub fn unbound(sym: u16, name: &str) -> Value {
    let (_, n, _) = table()[sym as usize];
    let _ = name;
    fn trampoline(vm: &mut Vm, _r: &Value, mut args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
        let Some(Value::Str(name)) = args.pop() else {
            return Err(type_error("bad unbound method"));
        };
        if args.is_empty() {
            return Err(type_error(format!(
                "unbound method {}() needs an argument",
                name.as_str()
            )));
        }
        let recv = args.remove(0);
        let kind = vm.class_of(&recv).kind;
        match lookup(kind, name.as_str()) {
            Some(sym) => call(vm, sym, &recv, args, kw),
            None => Err(type_error(format!(
                "descriptor '{}' requires a different object, not '{}'",
                name.as_str(),
                vm.type_name(&recv)
            ))),
        }
    }
    fn unbound_call(vm: &mut Vm, r: &Value, mut args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
        args.push(r.clone());
        trampoline(vm, &Value::Null, args, kw)
    }
    Value::Builtin(Arc::new(Builtin {
        name: n,
        f: unbound_call,
        receiver: Value::str(n),
        fast1: None,
    }))
}

fn s(recv: &Value) -> &str {
    match recv {
        Value::Str(s) => s.as_str(),
        _ => "",
    }
}

fn arg_str<'a>(vm: &Vm, v: &'a Value, what: &str) -> PyResult<&'a str> {
    match v {
        Value::Str(s) => Ok(s.as_str()),
        other => Err(type_error(format!("{what}, not {}", vm.type_name(other)))),
    }
}

fn opt_str<'a>(vm: &Vm, v: Option<&'a Value>, what: &str) -> PyResult<Option<&'a str>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => arg_str(vm, v, what).map(Some),
    }
}

fn s_join(vm: &mut Vm, r: &Value, args: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("str.join", &args, 1, 1)?;
    let items = vm.collect(&args[0])?;
    let sep = s(r);
    let mut out = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        match it {
            Value::Str(x) => out.push_str(x.as_str()),
            other => {
                return Err(type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    vm.type_name(other)
                )))
            }
        }
        if i % 1024 == 1023 {
            vm.check_str_size(out.len())?;
        }
    }
    vm.check_str_size(out.len())?;
    Ok(Value::from_string(out))
}

fn list_of_strs(items: Vec<String>) -> PyResult<Value> {
    Value::try_list(items.into_iter().map(Value::from_string).collect()).or_mem()
}

fn split_args(vm: &Vm, args: &[Value], kw: &Kwargs) -> PyResult<(Option<String>, i64)> {
    let sep = args.first().cloned().or_else(|| kwarg(kw, "sep"));
    let max = args.get(1).cloned().or_else(|| kwarg(kw, "maxsplit"));
    let sep = match opt_str(vm, sep.as_ref(), "must be str or None")? {
        Some("") => return Err(value_error("empty separator")),
        x => x.map(|s| s.to_string()),
    };
    let max = match max {
        Some(m) => vm.index_of(&m)?,
        None => -1,
    };
    Ok((sep, max))
}

fn s_split(vm: &mut Vm, r: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    let (sep, max) = split_args(vm, &args, &kw)?;
    let text = s(r);
    let parts: Vec<String> = match sep {
        Some(sp) => {
            if max < 0 {
                text.split(sp.as_str()).map(String::from).collect()
            } else {
                text.splitn(max as usize + 1, sp.as_str())
                    .map(String::from)
                    .collect()
            }
        }
        None => {
            let mut out = Vec::new();
            let mut rest = text.trim_start();
            let mut n = 0;
            while !rest.is_empty() {
                if max >= 0 && n >= max {
                    out.push(rest.to_string());
                    break;
                }
                match rest.find(char::is_whitespace) {
                    Some(i) => {
                        out.push(rest[..i].to_string());
                        rest = rest[i..].trim_start();
                    }
                    None => {
                        out.push(rest.to_string());
                        break;
                    }
                }
                n += 1;
            }
            out
        }
    };
    list_of_strs(parts)
}

fn s_rsplit(vm: &mut Vm, r: &Value, args: Vec<Value>, kw: Kwargs) -> PyResult<Value> {
    let (sep, max) = split_args(vm, &args, &kw)?;
    let text = s(r);
    let mut parts: Vec<String> = match sep {
        Some(sp) => {
            if max < 0 {
                text.rsplit(sp.as_str()).map(String::from).collect()
            } else {
                text.rsplitn(max as usize + 1, sp.as_str())
                    .map(String::from)
                    .collect()
            }
        }
        None => {
            let mut out = Vec::new();
            let mut rest = text.trim_end();
            let mut n = 0;
            while !rest.is_empty() {
                if max >= 0 && n >= max {
                    out.push(rest.to_string());
                    break;
                }
                match rest.rfind(char::is_whitespace) {
                    Some(i) => {
                        let c = rest[i..].chars().next().map(|c| c.len_utf8()).unwrap_or(1);
                        out.push(rest[i + c..].to_string());
                        rest = rest[..i].trim_end();
                    }
                    None => {
                        out.push(rest.to_string());
                        break;
                    }
                }
                n += 1;
            }
            out
        }
    };
    parts.reverse();
    list_of_strs(parts)
}

fn strip_impl(vm: &Vm, r: &Value, args: &[Value], left: bool, right: bool) -> PyResult<Value> {
    let t = s(r);
    let chars = opt_str(vm, args.first(), "strip arg must be None or str")?;
    let res = match chars {
        None => match (left, right) {
            (true, true) => t.trim(),
            (true, false) => t.trim_start(),
            _ => t.trim_end(),
        },
        Some(cs) => {
            let set: Vec<char> = cs.chars().collect();
            let f = |c: char| set.contains(&c);
            match (left, right) {
                (true, true) => t.trim_matches(f),
                (true, false) => t.trim_start_matches(f),
                _ => t.trim_end_matches(f),
            }
        }
    };
    Ok(Value::str(res))
}

fn s_strip(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    strip_impl(vm, r, &a, true, true)
}
fn s_lstrip(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    strip_impl(vm, r, &a, true, false)
}
fn s_rstrip(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    strip_impl(vm, r, &a, false, true)
}
fn s_upper(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::from_string(s(r).to_uppercase()))
}
fn s_lower(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::from_string(s(r).to_lowercase()))
}
fn s_capitalize(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let mut c = s(r).chars();
    let out = match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
        None => String::new(),
    };
    Ok(Value::from_string(out))
}
fn s_title(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let mut out = String::new();
    let mut prev_cased = false;
    for c in s(r).chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_alphabetic();
    }
    Ok(Value::from_string(out))
}
fn s_swapcase(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let out: String = s(r)
        .chars()
        .flat_map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().collect::<Vec<_>>()
            } else {
                c.to_uppercase().collect::<Vec<_>>()
            }
        })
        .collect();
    Ok(Value::from_string(out))
}
fn s_replace(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("replace", &a, 2, 3)?;
    let old = arg_str(vm, &a[0], "replace() argument 1 must be str")?;
    let new = arg_str(vm, &a[1], "replace() argument 2 must be str")?;
    let count = match a.get(2) {
        Some(c) => vm.index_of(c)?,
        None => -1,
    };
    let t = s(r);
    let n = if old.is_empty() {
        t.chars().count() + 1
    } else {
        t.matches(old).count()
    };
    let n = if count >= 0 { n.min(count as usize) } else { n };
    vm.check_str_size(t.len() + n.saturating_mul(new.len()))?;
    let out = if count < 0 {
        t.replace(old, new)
    } else {
        t.replacen(old, new, count as usize)
    };
    Ok(Value::from_string(out))
}

/// Code-point range [start, end) from optional slice-like arguments.
fn sub_range(vm: &Vm, t: &crate::value::PyStr, a: &[Value]) -> PyResult<(usize, usize)> {
    let n = t.char_len() as i64;
    let conv = |v: Option<&Value>, d: i64| -> PyResult<i64> {
        match v {
            None | Some(Value::None) => Ok(d),
            Some(x) => {
                let i = vm.index_of(x)?;
                Ok(if i < 0 { (i + n).max(0) } else { i.min(n) })
            }
        }
    };
    let st = conv(a.get(1), 0)?;
    let en = conv(a.get(2), n)?;
    Ok((st as usize, en.max(st) as usize))
}

fn find_impl(vm: &mut Vm, r: &Value, a: &[Value], rev: bool) -> PyResult<i64> {
    nargs(if rev { "rfind" } else { "find" }, a, 1, 3)?;
    let Value::Str(t) = r else { return Ok(-1) };
    let needle = arg_str(vm, &a[0], "must be str")?;
    let (st, en) = sub_range(vm, t, a)?;
    if st > t.char_len() {
        return Ok(-1);
    }
    let hay = t.substr(st, en);
    let found = if rev { hay.rfind(needle) } else { hay.find(needle) };
    Ok(match found {
        Some(b) => (st + hay[..b].chars().count()) as i64,
        None => -1,
    })
}

fn s_find(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    find_impl(vm, r, &a, false).map(Value::Int)
}
fn s_rfind(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    find_impl(vm, r, &a, true).map(Value::Int)
}
fn s_index(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    match find_impl(vm, r, &a, false)? {
        -1 => Err(value_error("substring not found")),
        i => Ok(Value::Int(i)),
    }
}
fn s_rindex(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    match find_impl(vm, r, &a, true)? {
        -1 => Err(value_error("substring not found")),
        i => Ok(Value::Int(i)),
    }
}
fn s_count(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("count", &a, 1, 3)?;
    let Value::Str(t) = r else {
        return Ok(Value::Int(0));
    };
    let needle = arg_str(vm, &a[0], "must be str")?;
    let (st, en) = sub_range(vm, t, &a)?;
    let hay = t.substr(st, en);
    let n = if needle.is_empty() {
        hay.chars().count() + 1
    } else {
        hay.matches(needle).count()
    };
    Ok(Value::Int(n as i64))
}

fn affix(vm: &mut Vm, r: &Value, a: &[Value], end: bool) -> PyResult<Value> {
    nargs(if end { "endswith" } else { "startswith" }, a, 1, 3)?;
    let Value::Str(t) = r else {
        return Ok(Value::Bool(false));
    };
    let (st, en) = sub_range(vm, t, a)?;
    let hay = t.substr(st, en.max(st));
    let test = |p: &str| if end { hay.ends_with(p) } else { hay.starts_with(p) };
    match &a[0] {
        Value::Str(p) => Ok(Value::Bool(test(p.as_str()))),
        Value::Tuple(tp) => {
            for x in tp.items.iter() {
                if let Value::Str(p) = x {
                    if test(p.as_str()) {
                        return Ok(Value::Bool(true));
                    }
                }
            }
            Ok(Value::Bool(false))
        }
        other => Err(type_error(format!(
            "{} first arg must be str or a tuple of str, not {}",
            if end { "endswith" } else { "startswith" },
            vm.type_name(other)
        ))),
    }
}
fn s_startswith(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    affix(vm, r, &a, false)
}
fn s_endswith(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    affix(vm, r, &a, true)
}

fn pred(r: &Value, f: impl Fn(char) -> bool) -> PyResult<Value> {
    let t = s(r);
    Ok(Value::Bool(!t.is_empty() && t.chars().all(f)))
}
fn s_isdigit(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    pred(r, is_digit_char)
}
/// Unicode Numeric_Type=Decimal or Digit (approximated: decimal digit
/// blocks, superscripts, subscripts, circled digits).
fn is_digit_char(c: char) -> bool {
    let u = c as u32;
    c.is_ascii_digit()
        || matches!(u, 0xb2 | 0xb3 | 0xb9 | 0x2070 | 0x2074..=0x2079 | 0x2080..=0x2089 | 0x2460..=0x2468 | 0x2474..=0x247c | 0x2488..=0x2490 | 0x24ea | 0x24f5..=0x24fd | 0x24ff | 0x2776..=0x277e | 0x2780..=0x2788 | 0x278a..=0x2792)
        || is_decimal_char(c)
}

fn is_decimal_char(c: char) -> bool {
    let u = c as u32;
    if c.is_ascii_digit() {
        return true;
    }
    const STARTS: &[u32] = &[
        0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50,
        0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0xff10,
    ];
    STARTS.iter().any(|s| (*s..*s + 10).contains(&u))
}

fn s_isdecimal(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    pred(r, is_decimal_char)
}

fn s_isnumeric(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    pred(r, |c| c.is_numeric())
}
fn s_isalpha(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    pred(r, |c| c.is_alphabetic())
}
fn s_isalnum(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    pred(r, |c| c.is_alphanumeric())
}
fn s_isspace(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    pred(r, |c| c.is_whitespace())
}
fn s_isascii(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Bool(s(r).is_ascii()))
}
fn s_isupper(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let t = s(r);
    Ok(Value::Bool(
        t.chars().any(|c| c.is_uppercase()) && !t.chars().any(|c| c.is_lowercase()),
    ))
}
fn s_islower(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let t = s(r);
    Ok(Value::Bool(
        t.chars().any(|c| c.is_lowercase()) && !t.chars().any(|c| c.is_uppercase()),
    ))
}
fn s_istitle(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let mut prev_cased = false;
    let mut any = false;
    for c in s(r).chars() {
        if c.is_uppercase() {
            if prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            any = true;
        } else if c.is_lowercase() {
            if !prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            any = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::Bool(any))
}
fn s_isidentifier(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let t = s(r);
    let mut c = t.chars();
    Ok(Value::Bool(match c.next() {
        Some(f) => (f.is_alphabetic() || f == '_') && c.all(|x| x.is_alphanumeric() || x == '_'),
        None => false,
    }))
}

fn pad_args(vm: &mut Vm, a: &[Value], name: &str) -> PyResult<(usize, char)> {
    nargs(name, a, 1, 2)?;
    let w = vm.index_of(&a[0])?.max(0) as usize;
    vm.check_str_size(w.saturating_mul(4))?;
    let f = match a.get(1) {
        None => ' ',
        Some(Value::Str(f)) if f.char_len() == 1 => f.as_str().chars().next().unwrap_or(' '),
        Some(_) => {
            return Err(type_error(
                "The fill character must be exactly one character long",
            ))
        }
    };
    Ok((w, f))
}
fn s_center(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let (w, f) = pad_args(vm, &a, "center")?;
    let t = s(r);
    let n = t.chars().count();
    if w <= n {
        return Ok(r.clone());
    }
    let total = w - n;
    // CPython: left = total/2 + (total & width & 1)
    let left = total / 2 + (total & w & 1);
    let right = total - left;
    Ok(Value::from_string(format!(
        "{}{}{}",
        f.to_string().repeat(left),
        t,
        f.to_string().repeat(right)
    )))
}
fn s_ljust(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let (w, f) = pad_args(vm, &a, "ljust")?;
    let t = s(r);
    let n = t.chars().count();
    Ok(Value::from_string(format!(
        "{}{}",
        t,
        f.to_string().repeat(w.saturating_sub(n))
    )))
}
fn s_rjust(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let (w, f) = pad_args(vm, &a, "rjust")?;
    let t = s(r);
    let n = t.chars().count();
    Ok(Value::from_string(format!(
        "{}{}",
        f.to_string().repeat(w.saturating_sub(n)),
        t
    )))
}
fn s_zfill(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("zfill", &a, 1, 1)?;
    let w = vm.index_of(&a[0])?.max(0) as usize;
    vm.check_str_size(w)?;
    let t = s(r);
    let n = t.chars().count();
    if w <= n {
        return Ok(r.clone());
    }
    let (sign, rest) = match t.chars().next() {
        Some(c @ ('+' | '-')) => (c.to_string(), &t[1..]),
        _ => (String::new(), t),
    };
    Ok(Value::from_string(format!(
        "{}{}{}",
        sign,
        "0".repeat(w - n),
        rest
    )))
}
fn s_format(vm: &mut Vm, r: &Value, a: Vec<Value>, k: Kwargs) -> PyResult<Value> {
    let t = s(r).to_string();
    crate::format::str_format(vm, &t, &a, &k).map(Value::from_string)
}
fn partition_impl(vm: &mut Vm, r: &Value, a: &[Value], rev: bool) -> PyResult<Value> {
    nargs("partition", a, 1, 1)?;
    let sep = arg_str(vm, &a[0], "must be str")?;
    if sep.is_empty() {
        return Err(value_error("empty separator"));
    }
    let t = s(r);
    let parts = match if rev { t.rfind(sep) } else { t.find(sep) } {
        Some(i) => vec![
            t[..i].to_string(),
            sep.to_string(),
            t[i + sep.len()..].to_string(),
        ],
        None if rev => vec![String::new(), String::new(), t.to_string()],
        None => vec![t.to_string(), String::new(), String::new()],
    };
    Value::try_tuple(parts.into_iter().map(Value::from_string).collect()).or_mem()
}
fn s_partition(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    partition_impl(vm, r, &a, false)
}
fn s_rpartition(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    partition_impl(vm, r, &a, true)
}
fn s_splitlines(vm: &mut Vm, r: &Value, a: Vec<Value>, k: Kwargs) -> PyResult<Value> {
    let keep = match a.first().cloned().or_else(|| kwarg(&k, "keepends")) {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    let t = s(r);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(
            c,
            '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            let mut end = c.to_string();
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
                end.push('\n');
            }
            if keep {
                cur.push_str(&end);
            }
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    list_of_strs(out)
}
fn s_removeprefix(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("removeprefix", &a, 1, 1)?;
    let p = arg_str(vm, &a[0], "removeprefix() argument must be str")?;
    Ok(Value::str(s(r).strip_prefix(p).unwrap_or(s(r))))
}
fn s_removesuffix(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("removesuffix", &a, 1, 1)?;
    let p = arg_str(vm, &a[0], "removesuffix() argument must be str")?;
    Ok(Value::str(s(r).strip_suffix(p).unwrap_or(s(r))))
}
fn s_expandtabs(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let ts = match a.first() {
        Some(v) => vm.index_of(v)?.max(0) as usize,
        None => 8,
    };
    let mut out = String::new();
    let mut col = 0;
    for c in s(r).chars() {
        match c {
            '\t' => {
                if ts > 0 {
                    let n = ts - col % ts;
                    out.push_str(&" ".repeat(n));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(Value::from_string(out))
}

// ---- list ----

fn the_list(r: &Value) -> PyResult<&Arc<crate::value::List>> {
    match r {
        Value::List(l) => Ok(l),
        _ => Err(type_error("descriptor requires a 'list' object")),
    }
}

fn l_append(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    if a.len() != 1 {
        return Err(type_error(format!(
            "list.append() takes exactly one argument ({} given)",
            a.len()
        )));
    }
    let l = the_list(r)?;
    let v = a.into_iter().next().unwrap_or(Value::None);
    vm.list_push(l, v)?;
    Ok(Value::None)
}
fn l_extend(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("list.extend", &a, 1, 1)?;
    let l = the_list(r)?;
    let items = vm.collect(&a[0])?;
    for it in items {
        vm.list_push(l, it)?;
    }
    Ok(Value::None)
}
fn l_insert(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    if a.len() != 2 {
        return Err(type_error(format!(
            "insert expected 2 arguments, got {}",
            a.len()
        )));
    }
    let l = the_list(r)?;
    let i = vm.index_of(&a[0])?;
    let mut g = lock(&l.items);
    let n = g.len() as i64;
    let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
    g.insert(j as usize, a[1].clone());
    Ok(Value::None)
}
fn l_remove(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("list.remove", &a, 1, 1)?;
    let l = the_list(r)?;
    let items = lock(&l.items).clone();
    for (i, x) in items.iter().enumerate() {
        if x.is(&a[0]) || vm.eq(x, &a[0])? {
            let mut g = lock(&l.items);
            if i < g.len() {
                let old = g.remove(i);
                drop(g);
                drop(old);
            }
            return Ok(Value::None);
        }
    }
    Err(value_error("list.remove(x): x not in list"))
}
fn l_pop(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("pop", &a, 0, 1)?;
    let l = the_list(r)?;
    let i = match a.first() {
        Some(v) => vm.index_of(v)?,
        None => -1,
    };
    let mut g = lock(&l.items);
    if g.is_empty() {
        return Err(index_error("pop from empty list"));
    }
    let n = g.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error("pop index out of range"));
    }
    Ok(g.remove(j as usize))
}
fn l_clear(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let l = the_list(r)?;
    let old = std::mem::take(&mut *lock(&l.items));
    crate::heap::defer_drop_vec(old);
    Ok(Value::None)
}
fn seq_items(r: &Value) -> Vec<Value> {
    match r {
        Value::List(l) => lock(&l.items).clone(),
        Value::Tuple(t) => t.items.to_vec(),
        Value::Range(r) => (0..r.len().min(10_000_000))
            .map(|i| Value::Int(r.get(i)))
            .collect(),
        _ => Vec::new(),
    }
}
fn seq_index(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("index", &a, 1, 3)?;
    let items = seq_items(r);
    let n = items.len() as i64;
    let norm = |v: Option<&Value>, d: i64, vm: &Vm| -> PyResult<i64> {
        match v {
            None => Ok(d),
            Some(x) => {
                let i = vm.index_of(x)?;
                Ok(if i < 0 { (i + n).max(0) } else { i.min(n) })
            }
        }
    };
    let st = norm(a.get(1), 0, vm)?;
    let en = norm(a.get(2), n, vm)?;
    for i in st..en {
        let x = &items[i as usize];
        if x.is(&a[0]) || vm.eq(x, &a[0])? {
            return Ok(Value::Int(i));
        }
    }
    Err(value_error(match r {
        Value::Tuple(_) => "tuple.index(x): x not in tuple".to_string(),
        Value::Range(_) => format!("{} is not in range", vm.repr(&a[0])?),
        _ => format!("{} is not in list", vm.repr(&a[0])?),
    }))
}
fn seq_count(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("count", &a, 1, 1)?;
    let mut n = 0;
    for x in seq_items(r) {
        if x.is(&a[0]) || vm.eq(&x, &a[0])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}
fn l_sort(vm: &mut Vm, r: &Value, a: Vec<Value>, k: Kwargs) -> PyResult<Value> {
    if !a.is_empty() {
        return Err(type_error("sort() takes no positional arguments"));
    }
    let l = the_list(r)?;
    let key = kwarg(&k, "key").filter(|x| !x.is_none());
    let rev = match kwarg(&k, "reverse") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    // CPython empties the list while sorting; we sort a copy and put it back.
    let mut items = std::mem::take(&mut *lock(&l.items));
    let res = sort_values(vm, &mut items, key.as_ref(), rev);
    let mut g = lock(&l.items);
    let modified = !g.is_empty();
    *g = items;
    drop(g);
    res?;
    if modified {
        return Err(value_error("list modified during sort"));
    }
    Ok(Value::None)
}
fn l_reverse(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    lock(&the_list(r)?.items).reverse();
    Ok(Value::None)
}
fn l_copy(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let v = lock(&the_list(r)?.items).clone();
    Value::try_list(v).or_mem()
}

// ---- dict ----

fn the_dict(r: &Value) -> PyResult<&Arc<crate::value::Dict>> {
    match r {
        Value::Dict(d) => Ok(d),
        _ => Err(type_error("descriptor requires a 'dict' object")),
    }
}

fn d_get(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("get", &a, 1, 2)?;
    Ok(vm
        .dict_get(r, &a[0])?
        .unwrap_or_else(|| a.get(1).cloned().unwrap_or(Value::None)))
}
fn view(r: &Value, kind: ViewKind) -> PyResult<Value> {
    let d = the_dict(r)?;
    Ok(Value::View(Arc::new(DictView {
        dict: d.clone(),
        kind,
    })))
}
fn d_keys(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    view(r, ViewKind::Keys)
}
fn d_values(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    view(r, ViewKind::Values)
}
fn d_items(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    view(r, ViewKind::Items)
}
fn d_pop(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("pop", &a, 1, 2)?;
    let d = the_dict(r)?;
    match vm.dict_remove(d, &a[0])? {
        Some(v) => Ok(v),
        None => match a.get(1) {
            Some(v) => Ok(v.clone()),
            None => Err(key_error(a[0].clone())),
        },
    }
}
fn d_popitem(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let d = the_dict(r)?;
    let mut g = lock(&d.map);
    match g.last_index() {
        Some(i) => {
            let (k, v) = g.remove_at(i);
            drop(g);
            Value::try_tuple(vec![k, v]).or_mem()
        }
        None => Err(key_error(Value::str("popitem(): dictionary is empty")).with_msg()),
    }
}
trait WithMsg {
    fn with_msg(self) -> Self;
}
impl WithMsg for crate::error::Exc {
    fn with_msg(self) -> Self {
        self
    }
}
fn d_setdefault(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("setdefault", &a, 1, 2)?;
    if let Some(v) = vm.dict_get(r, &a[0])? {
        return Ok(v);
    }
    let d = a.get(1).cloned().unwrap_or(Value::None);
    vm.setitem(r, a[0].clone(), d.clone())?;
    Ok(d)
}
fn d_update(vm: &mut Vm, r: &Value, a: Vec<Value>, k: Kwargs) -> PyResult<Value> {
    nargs("update", &a, 0, 1)?;
    if let Some(src) = a.first() {
        super::types::dict_update(vm, r, src)?;
    }
    for (key, v) in k {
        vm.setitem(r, Value::Str(key), v)?;
    }
    Ok(Value::None)
}
fn d_clear(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let d = the_dict(r)?;
    let old = lock(&d.map).clear();
    crate::heap::defer_drop_vec(old);
    Ok(Value::None)
}
fn d_copy(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let m = lock(&the_dict(r)?.map).clone();
    Value::try_dict(m).or_mem()
}
fn d_fromkeys(vm: &mut Vm, _r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    // Called as dict.fromkeys(keys, value): through the class the receiver
    // is the first argument (unbound trampoline) — accept both shapes.
    let (keys, val) = match a.len() {
        1 => (a[0].clone(), Value::None),
        2 => (a[0].clone(), a[1].clone()),
        _ => return Err(type_error("fromkeys expected at least 1 argument")),
    };
    let d = Value::try_dict(DictMap::new()).or_mem()?;
    for k in vm.collect(&keys)? {
        vm.setitem(&d, k, val.clone())?;
    }
    Ok(d)
}

// ---- set ----

fn st_add(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("set.add", &a, 1, 1)?;
    vm.set_add(r, a[0].clone())?;
    Ok(Value::None)
}
fn st_remove(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("set.remove", &a, 1, 1)?;
    if !vm.set_discard(r, &a[0])? {
        return Err(key_error(a[0].clone()));
    }
    Ok(Value::None)
}
fn st_discard(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("set.discard", &a, 1, 1)?;
    vm.set_discard(r, &a[0])?;
    Ok(Value::None)
}
fn st_pop(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let Value::Set(s) = r else {
        return Err(type_error("bad set"));
    };
    lock(&s.table)
        .pop()
        .ok_or_else(|| key_error(Value::str("pop from an empty set")))
}
fn st_clear(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let Value::Set(s) = r else {
        return Err(type_error("bad set"));
    };
    let old = std::mem::take(&mut *lock(&s.table));
    crate::heap::defer_drop_vec(old.into_values());
    Ok(Value::None)
}
fn st_copy(vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    vm.set_copy(r)
}
fn as_set(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Set(_) => Ok(v.clone()),
        other => {
            let s = Value::try_set(crate::value::SetTable::new(), false).or_mem()?;
            for x in vm.collect(other)? {
                vm.set_add(&s, x)?;
            }
            Ok(s)
        }
    }
}
fn fold(vm: &mut Vm, r: &Value, a: Vec<Value>, op: crate::bytecode::BinOp) -> PyResult<Value> {
    let mut acc = vm.set_copy(r)?;
    for x in a {
        let o = as_set(vm, &x)?;
        acc = vm.binary(op, acc, o)?;
    }
    Ok(acc)
}
fn st_union(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    fold(vm, r, a, crate::bytecode::BinOp::Or)
}
fn st_intersection(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    fold(vm, r, a, crate::bytecode::BinOp::And)
}
fn st_difference(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    fold(vm, r, a, crate::bytecode::BinOp::Sub)
}
fn st_symdiff(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    fold(vm, r, a, crate::bytecode::BinOp::Xor)
}
fn update_in_place(vm: &mut Vm, r: &Value, a: Vec<Value>, op: crate::bytecode::BinOp) -> PyResult<Value> {
    let res = fold(vm, r, a, op)?;
    if let (Value::Set(dst), Value::Set(src)) = (r, &res) {
        let t = lock(&src.table).clone();
        *lock(&dst.table) = t;
    }
    Ok(Value::None)
}
fn st_update(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    for x in a {
        match &x {
            Value::Set(o) => {
                let t = lock(&o.table).clone();
                vm.set_merge(r, &t)?;
            }
            other => {
                for v in vm.collect(other)? {
                    vm.set_add(r, v)?;
                }
            }
        }
    }
    Ok(Value::None)
}
fn st_intersection_update(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    update_in_place(vm, r, a, crate::bytecode::BinOp::And)
}
fn st_difference_update(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    for x in a {
        for v in vm.collect(&x)? {
            vm.set_discard(r, &v)?;
        }
    }
    Ok(Value::None)
}
fn st_symdiff_update(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    update_in_place(vm, r, a, crate::bytecode::BinOp::Xor)
}
fn st_issubset(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("issubset", &a, 1, 1)?;
    let o = as_set(vm, &a[0])?;
    vm.compare(crate::bytecode::CmpOp::Le, r, &o)
}
fn st_issuperset(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("issuperset", &a, 1, 1)?;
    let o = as_set(vm, &a[0])?;
    vm.compare(crate::bytecode::CmpOp::Ge, r, &o)
}
fn st_isdisjoint(vm: &mut Vm, r: &Value, a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    nargs("isdisjoint", &a, 1, 1)?;
    for v in vm.collect(&a[0])? {
        if vm.contains(r, &v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

// ---- numbers ----

fn i_bit_length(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Int(match r {
        Value::Int(i) => 64 - i.unsigned_abs().leading_zeros() as i64,
        Value::Bool(b) => *b as i64,
        Value::Big(b) => b.bits() as i64,
        _ => 0,
    }))
}
fn i_conjugate(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(r.clone())
}
fn f_is_integer(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    Ok(Value::Bool(
        matches!(r, Value::Float(f) if f.is_finite() && f.fract() == 0.0),
    ))
}
fn f_as_integer_ratio(_vm: &mut Vm, r: &Value, _a: Vec<Value>, _k: Kwargs) -> PyResult<Value> {
    let Value::Float(f) = r else {
        return Err(type_error("bad float"));
    };
    if !f.is_finite() {
        return Err(crate::error::overflow_error(
            "cannot convert Infinity to integer ratio",
        ));
    }
    let mut num = *f;
    let mut den = num_bigint::BigInt::from(1);
    let mut n = 0;
    while num.fract() != 0.0 && n < 1100 {
        num *= 2.0;
        den *= 2;
        n += 1;
    }
    let numv = super::types::float_to_int(num)?;
    Value::try_tuple(vec![numv, crate::value::int::norm(den)]).or_mem()
}
