//! Text formatting as CPython does it: float repr (shortest round-trip,
//! Python's exponent rules), the format-spec mini-language, `%`-formatting
//! and `str.format`.

use crate::error::{key_error, type_error, value_error, PyResult};
use crate::value::{int, Value};
use crate::vm::Vm;

/// Shortest round-trip digits and decimal exponent: value = 0.DIGITS * 10^decpt.
fn shortest(f: f64) -> (String, i32) {
    let s = format!("{:e}", f.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits, exp + 1)
}

/// `repr(float)`.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let (digits, decpt) = shortest(f);
    let sign = if f < 0.0 { "-" } else { "" };
    if decpt <= -4 || decpt > 16 {
        let e = decpt - 1;
        let mant = if digits.len() == 1 {
            digits.clone()
        } else {
            format!("{}.{}", &digits[..1], &digits[1..])
        };
        return format!("{sign}{mant}e{}{:02}", if e < 0 { "-" } else { "+" }, e.abs());
    }
    let n = digits.len() as i32;
    let body = if decpt <= 0 {
        format!("0.{}{}", "0".repeat((-decpt) as usize), digits)
    } else if decpt >= n {
        format!("{}{}.0", digits, "0".repeat((decpt - n) as usize))
    } else {
        format!("{}.{}", &digits[..decpt as usize], &digits[decpt as usize..])
    };
    format!("{sign}{body}")
}

/// `repr(str)`: CPython's quote choice and escapes.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if is_unprintable(c) => {
                let u = c as u32;
                if u <= 0xff {
                    out.push_str(&format!("\\x{u:02x}"));
                } else if u <= 0xffff {
                    out.push_str(&format!("\\u{u:04x}"));
                } else {
                    out.push_str(&format!("\\U{u:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn is_unprintable(c: char) -> bool {
    let u = c as u32;
    (0x80..0xa0).contains(&u)
        || u == 0xad
        || (0xd800..0xe000).contains(&u)
        || matches!(u, 0x2028 | 0x2029 | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2064 | 0xfeff)
        || matches!(u, 0xa0 | 0x1680 | 0x2000..=0x200a | 0x202f | 0x205f | 0x3000)
        || (0xe000..0xf900).contains(&u)
        || (0xf0000..).contains(&u)
}

/// `ascii()` of a repr: non-ASCII as escapes.
pub fn ascii(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let u = c as u32;
        if u < 128 {
            out.push(c);
        } else if u <= 0xff {
            out.push_str(&format!("\\x{u:02x}"));
        } else if u <= 0xffff {
            out.push_str(&format!("\\u{u:04x}"));
        } else {
            out.push_str(&format!("\\U{u:08x}"));
        }
    }
    out
}

#[derive(Default, Debug)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(spec: &str) -> PyResult<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut s = Spec::default();
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = Some(chars[0]);
        s.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        s.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        s.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == 'z' {
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        s.alt = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let mut w = String::new();
    while i < chars.len() && chars[i].is_ascii_digit() {
        w.push(chars[i]);
        i += 1;
    }
    if !w.is_empty() {
        s.width = w
            .parse()
            .map_err(|_| value_error("Too many decimal digits in format string"))?;
        if s.width > 1_000_000 {
            return Err(value_error("Too many decimal digits in format string"));
        }
    }
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        s.grouping = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let mut p = String::new();
        while i < chars.len() && chars[i].is_ascii_digit() {
            p.push(chars[i]);
            i += 1;
        }
        if p.is_empty() {
            return Err(value_error("Format specifier missing precision"));
        }
        let p: usize = p
            .parse()
            .map_err(|_| value_error("Too many decimal digits in format string"))?;
        if p > 10_000 {
            return Err(value_error("precision too big"));
        }
        s.precision = Some(p);
    }
    if i < chars.len() {
        s.ty = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() {
        return Err(value_error("Invalid format specifier"));
    }
    Ok(s)
}

fn group(digits: &str, sep: char, every: usize) -> String {
    let n = digits.len();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn pad(body: &str, sign: &str, s: &Spec, default_right: bool) -> String {
    let len = body.chars().count() + sign.chars().count();
    if len >= s.width {
        return format!("{sign}{body}");
    }
    let fill = s
        .fill
        .unwrap_or(if s.zero && s.align.is_none() { '0' } else { ' ' });
    let align = s.align.unwrap_or(if s.zero && default_right {
        '='
    } else if default_right {
        '>'
    } else {
        '<'
    });
    let n = s.width - len;
    let f = |k: usize| fill.to_string().repeat(k);
    match align {
        '<' => format!("{sign}{body}{}", f(n)),
        '^' => format!("{}{sign}{body}{}", f(n / 2), f(n - n / 2)),
        '=' => format!("{sign}{}{body}", f(n)),
        _ => format!("{}{sign}{body}", f(n)),
    }
}

fn sign_str(neg: bool, s: &Spec) -> &'static str {
    if neg {
        "-"
    } else {
        match s.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    }
}

/// Python exponent formatting: `1.5e+07`.
fn py_exp(rust: &str, upper: bool) -> String {
    let (m, e) = rust.split_once('e').unwrap_or((rust, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let r = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper {
        r.to_uppercase()
    } else {
        r
    }
}

/// `%g`-style: precision significant digits, trailing zeros stripped unless `alt`.
fn fmt_g(x: f64, prec: usize, alt: bool, upper: bool) -> String {
    if !x.is_finite() {
        return fmt_special(x, upper);
    }
    let p = if prec == 0 { 1 } else { prec };
    if x == 0.0 {
        let mut s = if alt {
            format!("{:.*}", p - 1, 0.0)
        } else {
            "0".into()
        };
        if x.is_sign_negative() {
            s = format!("-{s}");
        }
        return s;
    }
    let e_str = format!("{:.*e}", p - 1, x);
    let exp: i32 = e_str
        .split_once('e')
        .map(|(_, e)| e.parse().unwrap_or(0))
        .unwrap_or(0);
    let mut out = if exp < -4 || exp >= p as i32 {
        let s = py_exp(&e_str, upper);
        if alt {
            s
        } else {
            let (m, e) = s.split_once(if upper { 'E' } else { 'e' }).unwrap_or((&s, ""));
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            format!("{m}{}{e}", if upper { 'E' } else { 'e' })
        }
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let s = format!("{:.*}", decimals, x);
        if alt || !s.contains('.') {
            if alt && !s.contains('.') {
                format!("{s}.")
            } else {
                s
            }
        } else {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    };
    if out.starts_with('-') && x > 0.0 {
        out.remove(0);
    }
    out
}

fn fmt_special(x: f64, upper: bool) -> String {
    let s = if x.is_nan() {
        "nan"
    } else if x > 0.0 {
        "inf"
    } else {
        "-inf"
    };
    if upper {
        s.to_uppercase()
    } else {
        s.to_string()
    }
}

/// Formats a float for a spec type (without sign handling: `x` is >= 0 or nan).
fn float_body(x: f64, s: &Spec) -> PyResult<String> {
    let upper = matches!(s.ty, Some('E' | 'F' | 'G'));
    Ok(match s.ty {
        Some('f' | 'F') => {
            if !x.is_finite() {
                fmt_special(x, upper)
            } else {
                let r = format!("{:.*}", s.precision.unwrap_or(6), x);
                if s.alt && !r.contains('.') {
                    format!("{r}.")
                } else {
                    r
                }
            }
        }
        Some('e' | 'E') => {
            if !x.is_finite() {
                fmt_special(x, upper)
            } else {
                py_exp(&format!("{:.*e}", s.precision.unwrap_or(6), x), upper)
            }
        }
        Some('g' | 'G') => fmt_g(x, s.precision.unwrap_or(6), s.alt, upper),
        Some('%') => {
            if !x.is_finite() {
                format!("{}%", fmt_special(x * 100.0, false))
            } else {
                format!("{:.*}%", s.precision.unwrap_or(6), x * 100.0)
            }
        }
        Some('n') => fmt_g(x, s.precision.unwrap_or(6), s.alt, false),
        None => match s.precision {
            None => float_repr(x),
            Some(p) => {
                // Like 'g' but keeps at least one digit after the point.
                let g = fmt_g(x, p, s.alt, false);
                if g.contains('.') || g.contains('e') || g.contains("inf") || g.contains("nan") {
                    g
                } else {
                    format!("{g}.0")
                }
            }
        },
        Some(c) => {
            return Err(value_error(format!(
                "Unknown format code '{c}' for object of type 'float'"
            )))
        }
    })
}

fn apply_grouping(body: &str, s: &Spec) -> String {
    let Some(g) = s.grouping else {
        return body.to_string();
    };
    let (int_part, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => (&body[..i], &body[i..]),
        None => (body, ""),
    };
    format!("{}{}", group(int_part, g, 3), rest)
}

/// `format(v, spec)` for ints, floats and strings.
pub fn format_value(v: &Value, spec: &str) -> PyResult<String> {
    let s = parse_spec(spec)?;
    match v {
        Value::Str(st) => {
            if let Some(t) = s.ty {
                if t != 's' {
                    return Err(value_error(format!(
                        "Unknown format code '{t}' for object of type 'str'"
                    )));
                }
            }
            if s.sign.is_some() {
                return Err(value_error("Sign not allowed in string format specifier"));
            }
            if s.align == Some('=') {
                return Err(value_error(
                    "'=' alignment not allowed in string format specifier",
                ));
            }
            let body: String = match s.precision {
                Some(p) => st.as_str().chars().take(p).collect(),
                None => st.as_str().to_string(),
            };
            Ok(pad(&body, "", &s, false))
        }
        Value::Int(_) | Value::Big(_) | Value::Bool(_) => {
            if matches!(s.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) {
                let f = int::to_f64(v)
                    .ok_or_else(|| crate::error::overflow_error("int too large to convert to float"))?;
                return format_value(&Value::Float(f), spec);
            }
            if s.ty.is_none() && spec.is_empty() {
                if let Value::Bool(b) = v {
                    return Ok(if *b { "True" } else { "False" }.into());
                }
            }
            if s.precision.is_some() {
                return Err(value_error("Precision not allowed in integer format specifier"));
            }
            let b = int::to_big(v).unwrap_or_default();
            let neg = b < num_bigint::BigInt::from(0);
            let mag = if neg { -b } else { b };
            let (digits, prefix) = match s.ty {
                None | Some('d') | Some('n') => (mag.to_string(), ""),
                Some('b') => (mag.to_str_radix(2), "0b"),
                Some('o') => (mag.to_str_radix(8), "0o"),
                Some('x') => (mag.to_str_radix(16), "0x"),
                Some('X') => (mag.to_str_radix(16).to_uppercase(), "0X"),
                Some('c') => {
                    let c = num_traits::ToPrimitive::to_u32(&mag)
                        .and_then(char::from_u32)
                        .ok_or_else(|| crate::error::overflow_error("%c arg not in range(0x110000)"))?;
                    return Ok(pad(&c.to_string(), "", &s, false));
                }
                Some(c) => {
                    return Err(value_error(format!(
                        "Unknown format code '{c}' for object of type 'int'"
                    )))
                }
            };
            let digits = match s.grouping {
                Some(g) => group(
                    &digits,
                    g,
                    if matches!(s.ty, Some('b' | 'o' | 'x' | 'X')) {
                        4
                    } else {
                        3
                    },
                ),
                None => digits,
            };
            let sign = format!("{}{}", sign_str(neg, &s), if s.alt { prefix } else { "" });
            Ok(pad(&digits, &sign, &s, true))
        }
        Value::Float(f) => {
            let neg = f.is_sign_negative() && !f.is_nan();
            let body = float_body(f.abs(), &s)?;
            let body = apply_grouping(&body, &s);
            // -0.0 rounds to "-0.00" in Python too.
            Ok(pad(&body, sign_str(neg, &s), &s, true))
        }
        _ => Err(type_error("unsupported format string")),
    }
}

/// `fmt % args`.
pub fn percent(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult<String> {
    let items: Vec<Value> = match args {
        Value::Tuple(t) => t.items.to_vec(),
        other => vec![other.clone()],
    };
    let mapping = matches!(args, Value::Dict(_));
    let mut next = 0usize;
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    let mut take = |vm: &mut Vm| -> PyResult<Value> {
        let _ = vm;
        let v = items
            .get(next)
            .cloned()
            .ok_or_else(|| type_error("not enough arguments for format string"))?;
        next += 1;
        Ok(v)
    };
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if i >= chars.len() {
            return Err(value_error("incomplete format"));
        }
        let mut keyed: Option<Value> = None;
        if chars[i] == '(' {
            let mut depth = 1;
            let start = i + 1;
            i += 1;
            while i < chars.len() && depth > 0 {
                if chars[i] == '(' {
                    depth += 1;
                } else if chars[i] == ')' {
                    depth -= 1;
                }
                i += 1;
            }
            let key: String = chars[start..i - 1].iter().collect();
            if !mapping {
                return Err(type_error("format requires a mapping"));
            }
            let k = Value::from_string(key);
            keyed = Some(vm.dict_get(args, &k)?.ok_or_else(|| key_error(k.clone()))?);
        }
        let mut spec = Spec::default();
        while i < chars.len() && matches!(chars[i], '-' | '+' | ' ' | '#' | '0') {
            match chars[i] {
                '-' => spec.align = Some('<'),
                '+' => spec.sign = Some('+'),
                ' ' => {
                    if spec.sign.is_none() {
                        spec.sign = Some(' ')
                    }
                }
                '#' => spec.alt = true,
                _ => spec.zero = true,
            }
            i += 1;
        }
        if i < chars.len() && chars[i] == '*' {
            let w = take(vm)?;
            spec.width = vm.index_of(&w)?.clamp(0, 1_000_000) as usize;
            i += 1;
        } else {
            let mut w = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                w.push(chars[i]);
                i += 1;
            }
            if !w.is_empty() {
                spec.width = w.parse().unwrap_or(0).min(1_000_000);
            }
        }
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            if i < chars.len() && chars[i] == '*' {
                let p = take(vm)?;
                spec.precision = Some(vm.index_of(&p)?.max(0) as usize);
                i += 1;
            } else {
                let mut p = String::new();
                while i < chars.len() && chars[i].is_ascii_digit() {
                    p.push(chars[i]);
                    i += 1;
                }
                spec.precision = Some(p.parse().unwrap_or(0).min(10_000));
            }
        }
        while i < chars.len() && matches!(chars[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        if i >= chars.len() {
            return Err(value_error("incomplete format"));
        }
        let ty = chars[i];
        i += 1;
        if ty == '%' {
            out.push('%');
            continue;
        }
        let v = match keyed.take() {
            Some(v) => v,
            None => take(vm)?,
        };
        if spec.zero && spec.align.is_none() {
            spec.fill = Some('0');
            spec.align = Some('=');
        }
        let piece = match ty {
            's' | 'r' | 'a' => {
                let mut s = match ty {
                    's' => vm.to_str(&v)?,
                    'r' => vm.repr(&v)?,
                    _ => ascii(&vm.repr(&v)?),
                };
                if let Some(p) = spec.precision {
                    s = s.chars().take(p).collect();
                }
                spec.fill = Some(' ');
                if spec.align == Some('=') {
                    spec.align = None;
                }
                pad(&s, "", &spec, true)
            }
            'd' | 'i' | 'u' => {
                let n = match &v {
                    Value::Float(f) => {
                        if !f.is_finite() {
                            return Err(crate::error::overflow_error(
                                "cannot convert float infinity to integer",
                            ));
                        }
                        Value::Int(f.trunc() as i64)
                    }
                    Value::Int(_) | Value::Big(_) | Value::Bool(_) => v.clone(),
                    other => {
                        return Err(type_error(format!(
                            "%{ty} format: a real number is required, not {}",
                            vm.type_name(other)
                        )))
                    }
                };
                let b = int::to_big(&n).unwrap_or_default();
                let neg = b < num_bigint::BigInt::from(0);
                let mut digits = if neg { (-b).to_string() } else { b.to_string() };
                if let Some(p) = spec.precision {
                    while digits.len() < p {
                        digits.insert(0, '0');
                    }
                }
                pad(&digits, sign_str(neg, &spec), &spec, true)
            }
            'x' | 'X' | 'o' => {
                if !int::is_int(&v) {
                    return Err(type_error(format!(
                        "%{ty} format: an integer is required, not {}",
                        vm.type_name(&v)
                    )));
                }
                let b = int::to_big(&v).unwrap_or_default();
                let neg = b < num_bigint::BigInt::from(0);
                let m = if neg { -b } else { b };
                let (d, pre) = match ty {
                    'x' => (m.to_str_radix(16), "0x"),
                    'X' => (m.to_str_radix(16).to_uppercase(), "0X"),
                    _ => (m.to_str_radix(8), "0o"),
                };
                let sign = format!("{}{}", sign_str(neg, &spec), if spec.alt { pre } else { "" });
                pad(&d, &sign, &spec, true)
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let f = match &v {
                    Value::Float(f) => *f,
                    x if int::is_int(x) => int::to_f64(x)
                        .ok_or_else(|| crate::error::overflow_error("int too large to convert to float"))?,
                    other => {
                        return Err(type_error(format!(
                            "must be real number, not {}",
                            vm.type_name(other)
                        )))
                    }
                };
                spec.ty = Some(ty);
                if spec.precision.is_none() {
                    spec.precision = Some(6);
                }
                let neg = f.is_sign_negative() && !f.is_nan();
                let body = float_body(f.abs(), &spec)?;
                pad(&body, sign_str(neg, &spec), &spec, true)
            }
            'c' => {
                let s = match &v {
                    Value::Str(s) if s.char_len() == 1 => s.as_str().to_string(),
                    Value::Int(n) => char::from_u32(*n as u32)
                        .ok_or_else(|| crate::error::overflow_error("%c arg not in range(0x110000)"))?
                        .to_string(),
                    _ => return Err(type_error("%c requires int or char")),
                };
                pad(&s, "", &spec, true)
            }
            other => {
                return Err(value_error(format!(
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    other,
                    other as u32,
                    i - 1
                )))
            }
        };
        out.push_str(&piece);
        vm.check_str_size(out.len())?;
    }
    if next < items.len() && !mapping {
        return Err(type_error("not all arguments converted during string formatting"));
    }
    Ok(out)
}

/// `fmt.format(*args, **kwargs)`.
pub fn str_format(
    vm: &mut Vm,
    fmt: &str,
    args: &[Value],
    kwargs: &[(crate::value::Name, Value)],
) -> PyResult<String> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut auto = 0usize;
    let mut used_manual = false;
    let mut used_auto = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            if i + 1 < chars.len() && chars[i + 1] == '{' {
                out.push('{');
                i += 2;
                continue;
            }
            // Find the matching close brace (spec may nest one level).
            let start = i + 1;
            let mut depth = 1;
            i += 1;
            while i < chars.len() && depth > 0 {
                if chars[i] == '{' {
                    depth += 1;
                } else if chars[i] == '}' {
                    depth -= 1;
                }
                i += 1;
            }
            if depth != 0 {
                if start >= chars.len() {
                    return Err(value_error("Single '{' encountered in format string"));
                }
                return Err(value_error("expected '}' before end of string"));
            }
            let field: String = chars[start..i - 1].iter().collect();
            // Split field_name!conv:spec
            let (name_conv, spec) = match field.find(':') {
                Some(p) => (field[..p].to_string(), field[p + 1..].to_string()),
                None => (field.clone(), String::new()),
            };
            let (name, conv) = match name_conv.find('!') {
                Some(p) => (name_conv[..p].to_string(), Some(name_conv[p + 1..].to_string())),
                None => (name_conv, None),
            };
            // The first part of the name: index or keyword.
            let first_end = name.find(['.', '[']).unwrap_or(name.len());
            let first = &name[..first_end];
            let mut v = if first.is_empty() {
                if used_manual {
                    return Err(value_error(
                        "cannot switch from manual field specification to automatic field numbering",
                    ));
                }
                used_auto = true;
                let v = args.get(auto).cloned().ok_or_else(|| {
                    crate::error::index_error(format!(
                        "Replacement index {auto} out of range for positional args tuple"
                    ))
                })?;
                auto += 1;
                v
            } else if let Ok(n) = first.parse::<usize>() {
                if used_auto {
                    return Err(value_error(
                        "cannot switch from automatic field numbering to manual field specification",
                    ));
                }
                used_manual = true;
                args.get(n).cloned().ok_or_else(|| {
                    crate::error::index_error(format!(
                        "Replacement index {n} out of range for positional args tuple"
                    ))
                })?
            } else {
                kwargs
                    .iter()
                    .find(|(k, _)| k.as_str() == first)
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| key_error(Value::str(first)))?
            };
            // Attribute and index accessors.
            let rest: Vec<char> = name[first_end..].chars().collect();
            let mut j = 0;
            while j < rest.len() {
                if rest[j] == '.' {
                    let mut a = String::new();
                    j += 1;
                    while j < rest.len() && rest[j] != '.' && rest[j] != '[' {
                        a.push(rest[j]);
                        j += 1;
                    }
                    v = vm.get_attr_str(&v, &a)?;
                } else if rest[j] == '[' {
                    let mut k = String::new();
                    j += 1;
                    while j < rest.len() && rest[j] != ']' {
                        k.push(rest[j]);
                        j += 1;
                    }
                    j += 1;
                    let key = match k.parse::<i64>() {
                        Ok(n) => Value::Int(n),
                        Err(_) => Value::from_string(k),
                    };
                    v = vm.getitem(&v, &key)?;
                } else {
                    j += 1;
                }
            }
            let v = match conv.as_deref() {
                Some("r") => Value::from_string(vm.repr(&v)?),
                Some("s") => Value::from_string(vm.to_str(&v)?),
                Some("a") => Value::from_string(ascii(&vm.repr(&v)?)),
                Some(c) => return Err(value_error(format!("Unknown conversion specifier {c}"))),
                None => v,
            };
            // Nested fields inside the spec.
            let spec = if spec.contains('{') {
                let mut sub_auto_args: Vec<Value> = Vec::new();
                if used_auto {
                    sub_auto_args.extend(args.iter().skip(auto).cloned());
                }
                let s = str_format(vm, &spec, if used_auto { &sub_auto_args } else { args }, kwargs)?;
                if used_auto {
                    auto += spec.matches("{}").count();
                }
                s
            } else {
                spec
            };
            out.push_str(&vm.format_spec(&v, &spec)?);
        } else if c == '}' {
            if i + 1 < chars.len() && chars[i + 1] == '}' {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(value_error("Single '}' encountered in format string"));
        } else {
            out.push(c);
            i += 1;
        }
        vm.check_str_size(out.len())?;
    }
    Ok(out)
}
