//! Lesson parameters: typed specs with ranges, and validation of untrusted
//! input (a share link, a form field) into a valid set plus notices.

use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind {
    Int {
        min: i64,
        max: i64,
    },
    Float {
        min: f64,
        max: f64,
        step: f64,
    },
    Bool,
    /// One of a few named options (stored as the option's index).
    Choice(&'static [&'static str]),
    /// An optional http(s) URL the learner types (empty = none).
    Url {
        max_len: usize,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    /// Key in share links (stable).
    pub key: &'static str,
    /// Accessible label of the control, in English (marked with `tn!`;
    /// [`ParamSpec::label_shown`] is the page's language).
    pub label: &'static str,
    pub kind: ParamKind,
    pub default: f64,
    pub help: &'static str,
    /// Where the parameter is a literal in the lesson's Python, if it is
    /// one (see [`Bind`]).
    pub bind: Option<Bind>,
}

/// A parameter written as one number in the lesson's Python, found between
/// `before` and `after` (`Pool(` and `)`): the slider edits that literal,
/// and editing the literal moves the slider. The first place in the code
/// where `before` is followed by a number and then `after` is the one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bind {
    pub before: &'static str,
    pub after: &'static str,
}

impl ParamSpec {
    /// The label in the page's language.
    pub fn label_shown(&self) -> &'static str {
        crate::i18n::tr(self.label)
    }

    /// The help in the page's language.
    pub fn help_shown(&self) -> &'static str {
        crate::i18n::tr(self.help)
    }

    // Built through the typed keys ([`Int::new`] and the others), so every
    // spec a lesson declares is one it can read.
    const fn int(
        key: &'static str,
        label: &'static str,
        min: i64,
        max: i64,
        default: i64,
        help: &'static str,
    ) -> Self {
        ParamSpec {
            key,
            label,
            kind: ParamKind::Int { min, max },
            default: default as f64,
            help,
            bind: None,
        }
    }
    const fn float(
        key: &'static str,
        label: &'static str,
        min: f64,
        max: f64,
        step: f64,
        default: f64,
        help: &'static str,
    ) -> Self {
        ParamSpec {
            key,
            label,
            kind: ParamKind::Float { min, max, step },
            default,
            help,
            bind: None,
        }
    }
    const fn flag(key: &'static str, label: &'static str, default: bool, help: &'static str) -> Self {
        ParamSpec {
            key,
            label,
            kind: ParamKind::Bool,
            default: if default { 1.0 } else { 0.0 },
            help,
            bind: None,
        }
    }
    const fn choice(
        key: &'static str,
        label: &'static str,
        options: &'static [&'static str],
        default: usize,
        help: &'static str,
    ) -> Self {
        ParamSpec {
            key,
            label,
            kind: ParamKind::Choice(options),
            default: default as f64,
            help,
            bind: None,
        }
    }

    const fn url(key: &'static str, label: &'static str, max_len: usize, help: &'static str) -> Self {
        ParamSpec {
            key,
            label,
            kind: ParamKind::Url { max_len },
            default: 0.0,
            help,
            bind: None,
        }
    }

    const fn bound(mut self, before: &'static str, after: &'static str) -> Self {
        self.bind = Some(Bind { before, after });
        self
    }

    /// The literal a lesson's Python writes for `v` (as `format!("{}")`
    /// of the number, which Python reads back exactly).
    pub fn literal(&self, v: f64) -> String {
        match self.kind {
            ParamKind::Int { .. } => (v as i64).to_string(),
            _ => format!("{v}"),
        }
    }

    /// The byte range of this parameter's literal in `code`, if the code
    /// still has it.
    fn literal_range(&self, code: &str) -> Option<std::ops::Range<usize>> {
        let b = self.bind?;
        // What Python reads as this kind of number: digits (with single
        // `_` between them) for an int, and `.`, an exponent and a sign
        // for a float. Looked at right after `before` only, so a search is
        // linear in the code (a 256 KB edit is scanned every frame).
        let int = matches!(self.kind, ParamKind::Int { .. });
        let number_char = |c: u8| {
            c.is_ascii_digit() || c == b'_' || (!int && matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
        };
        code.match_indices(b.before).find_map(|(i, _)| {
            let start = i + b.before.len();
            let len = code[start..].bytes().take_while(|c| number_char(*c)).count();
            let lit = &code[start..start + len];
            let well_formed =
                !lit.is_empty() && !lit.starts_with('_') && !lit.ends_with('_') && !lit.contains("__");
            (well_formed && code[start + len..].starts_with(b.after)).then_some(start..start + len)
        })
    }

    /// The value of this parameter's literal in `code`: `None` if the code
    /// no longer has it; `Err` with a notice if it is out of range.
    pub fn read_literal(&self, code: &str) -> Option<Result<f64, String>> {
        let r = self.literal_range(code)?;
        Some(self.parse(&code[r].replace('_', "")).map_err(|(_, n)| n))
    }

    /// `code` with this parameter's literal set to `v` (None if the code
    /// no longer has it).
    pub fn write_literal(&self, code: &str, v: f64) -> Option<String> {
        let r = self.literal_range(code)?;
        Some(format!(
            "{}{}{}",
            &code[..r.start],
            self.literal(v),
            &code[r.end..]
        ))
    }

    /// Validates a URL parameter: empty, or an http(s) URL without spaces or
    /// control characters, at most `max_len` long. `Err` carries the notice
    /// (the value then is empty).
    pub fn parse_url(&self, raw: &str) -> Result<String, String> {
        let ParamKind::Url { max_len } = self.kind else {
            return Err(crate::tf!(
                "{label} is not a URL parameter.",
                label = self.label_shown()
            ));
        };
        let raw = raw.trim();
        let shown: String = raw.chars().take(24).collect();
        let ok = raw.is_empty()
            || ((raw.starts_with("http://") || raw.starts_with("https://"))
                && raw.len() <= max_len
                && raw.len() > "https://".len()
                && !raw
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || "<>\"'`".contains(c)));
        if ok {
            Ok(raw.to_string())
        } else {
            Err(crate::tf!(
                "{label} = \"{value}\" is not an http(s) URL of at most {max} characters; left empty.",
                label = self.label_shown(),
                value = shown,
                max = max_len
            ))
        }
    }

    /// Parses and validates one raw value. `Err` carries the notice and the
    /// value to use instead.
    pub fn parse(&self, raw: &str) -> Result<f64, (f64, String)> {
        let raw = raw.trim();
        let shown: String = raw.chars().take(24).collect();
        match self.kind {
            ParamKind::Int { min, max } => match raw.parse::<f64>() {
                Ok(v) if v.is_finite() && v.fract() == 0.0 && v >= min as f64 && v <= max as f64 => Ok(v),
                Ok(v) if v.is_finite() => {
                    let c = v.round().clamp(min as f64, max as f64);
                    Err((
                        c,
                        crate::tf!(
                            "{label} = {value} must be a whole number from {min} to {max}; using {used}.",
                            label = self.label_shown(),
                            value = shown,
                            min,
                            max,
                            used = c
                        ),
                    ))
                }
                _ => Err((
                    self.default,
                    crate::tf!(
                        "{label} = \"{value}\" is not a whole number; using {default}.",
                        label = self.label_shown(),
                        value = shown,
                        default = self.default
                    ),
                )),
            },
            ParamKind::Float { min, max, .. } => match raw.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= min && v <= max => Ok(v),
                Ok(v) if v.is_finite() => {
                    let c = v.clamp(min, max);
                    Err((
                        c,
                        crate::tf!(
                            "{label} = {value} is outside {min}..{max}; using {used}.",
                            label = self.label_shown(),
                            value = shown,
                            min,
                            max,
                            used = c
                        ),
                    ))
                }
                _ => Err((
                    self.default,
                    crate::tf!(
                        "{label} = \"{value}\" is not a number; using {default}.",
                        label = self.label_shown(),
                        value = shown,
                        default = self.default
                    ),
                )),
            },
            ParamKind::Bool => match raw {
                "1" | "true" | "on" | "yes" => Ok(1.0),
                "0" | "false" | "off" | "no" => Ok(0.0),
                _ => Err((
                    self.default,
                    crate::tf!(
                        "{label} = \"{value}\" is not on/off; using {default}.",
                        label = self.label_shown(),
                        value = shown,
                        default = self.show(self.default)
                    ),
                )),
            },
            ParamKind::Url { .. } => Err((
                0.0,
                crate::tf!("{label} holds text, not a number.", label = self.label_shown()),
            )),
            ParamKind::Choice(opts) => match opts.iter().position(|o| *o == raw) {
                Some(i) => Ok(i as f64),
                None => Err((
                    self.default,
                    crate::tf!(
                        "{label} = \"{value}\" is not one of {options}; using {default}.",
                        label = self.label_shown(),
                        value = shown,
                        options = opts.join(", "),
                        default = self.show(self.default)
                    ),
                )),
            },
        }
    }

    /// The value as it appears in a share link.
    pub fn show(&self, v: f64) -> String {
        match self.kind {
            ParamKind::Int { .. } => format!("{}", v as i64),
            ParamKind::Float { .. } => {
                let s = format!("{v:.3}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            }
            ParamKind::Bool => (if v != 0.0 { "on" } else { "off" }).to_string(),
            ParamKind::Choice(opts) => opts.get(v as usize).unwrap_or(&"?").to_string(),
            ParamKind::Url { .. } => String::new(),
        }
    }
}

/// A lesson's typed parameter key: the parameter's spec (`.0`, what the
/// page, share links and the other walkers of a lesson's specs use), and the
/// type its value reads as through [`Params::of`]. A lesson declares each of
/// its parameters as one of these, lists their specs in its `params()`, and
/// reads values only through them: it cannot read a key it does not declare,
/// nor a switch as a number.
pub trait Key {
    /// What the value reads as.
    type Value<'p>;
    fn read<'p>(&self, p: &'p Params) -> Self::Value<'p>;
}

/// A whole-number parameter (a slider).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Int(pub ParamSpec);

/// A number parameter on a step (a slider).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Float(pub ParamSpec);

/// An on/off parameter (a switch).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flag(pub ParamSpec);

/// One of a few named options; reads as the option's index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Choice(pub ParamSpec);

/// An optional http(s) URL the learner types; reads as "" when none.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Url(pub ParamSpec);

impl Int {
    pub const fn new(
        key: &'static str,
        label: &'static str,
        min: i64,
        max: i64,
        default: i64,
        help: &'static str,
    ) -> Self {
        Int(ParamSpec::int(key, label, min, max, default, help))
    }
    /// The parameter is the number between `before` and `after` in the
    /// lesson's Python (see [`Bind`]).
    pub const fn bound(self, before: &'static str, after: &'static str) -> Self {
        Int(self.0.bound(before, after))
    }
}

impl Float {
    pub const fn new(
        key: &'static str,
        label: &'static str,
        min: f64,
        max: f64,
        step: f64,
        default: f64,
        help: &'static str,
    ) -> Self {
        Float(ParamSpec::float(key, label, min, max, step, default, help))
    }
    /// The parameter is the number between `before` and `after` in the
    /// lesson's Python (see [`Bind`]).
    pub const fn bound(self, before: &'static str, after: &'static str) -> Self {
        Float(self.0.bound(before, after))
    }
}

impl Flag {
    pub const fn new(key: &'static str, label: &'static str, default: bool, help: &'static str) -> Self {
        Flag(ParamSpec::flag(key, label, default, help))
    }
}

impl Choice {
    pub const fn new(
        key: &'static str,
        label: &'static str,
        options: &'static [&'static str],
        default: usize,
        help: &'static str,
    ) -> Self {
        Choice(ParamSpec::choice(key, label, options, default, help))
    }
}

impl Url {
    pub const fn new(key: &'static str, label: &'static str, max_len: usize, help: &'static str) -> Self {
        Url(ParamSpec::url(key, label, max_len, help))
    }
}

impl Key for Int {
    type Value<'p> = i64;
    fn read(&self, p: &Params) -> i64 {
        p.get(self.0.key) as i64
    }
}

impl Key for Float {
    type Value<'p> = f64;
    fn read(&self, p: &Params) -> f64 {
        p.get(self.0.key)
    }
}

impl Key for Flag {
    type Value<'p> = bool;
    fn read(&self, p: &Params) -> bool {
        p.get(self.0.key) != 0.0
    }
}

impl Key for Choice {
    type Value<'p> = usize;
    fn read(&self, p: &Params) -> usize {
        p.get(self.0.key) as usize
    }
}

impl Key for Url {
    type Value<'p> = &'p str;
    fn read<'p>(&self, p: &'p Params) -> &'p str {
        p.url(self.0.key)
    }
}

/// A validated parameter set: every key of the lesson's specs, in range.
/// Numbers (and switches and choices) in `.0`, URLs in `.1`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Params(
    pub BTreeMap<&'static str, f64>,
    pub BTreeMap<&'static str, String>,
);

impl Params {
    pub fn defaults(specs: &[ParamSpec]) -> Params {
        let is_url = |s: &&ParamSpec| matches!(s.kind, ParamKind::Url { .. });
        Params(
            specs
                .iter()
                .filter(|s| !is_url(s))
                .map(|s| (s.key, s.default))
                .collect(),
            specs
                .iter()
                .filter(is_url)
                .map(|s| (s.key, String::new()))
                .collect(),
        )
    }

    /// Validates raw `(key, value)` pairs; unknown keys and bad values give
    /// notices, and every value ends up valid.
    pub fn from_raw<'a>(
        specs: &[ParamSpec],
        raw: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Params, Vec<String>) {
        let mut p = Params::defaults(specs);
        let mut notices = Vec::new();
        for (k, v) in raw {
            match specs.iter().find(|s| s.key == k) {
                Some(spec) if matches!(spec.kind, ParamKind::Url { .. }) => match spec.parse_url(v) {
                    Ok(u) => {
                        p.1.insert(spec.key, u);
                    }
                    Err(n) => notices.push(n),
                },
                Some(spec) => match spec.parse(v) {
                    Ok(x) => {
                        p.0.insert(spec.key, x);
                    }
                    Err((x, n)) => {
                        p.0.insert(spec.key, x);
                        notices.push(n);
                    }
                },
                None => notices.push(crate::tf!(
                    "Ignored unknown parameter \"{key}\".",
                    key = k.chars().take(24).collect::<String>()
                )),
            }
        }
        (p, notices)
    }

    /// A random valid set: each value drawn uniformly from its range (on
    /// the control's step for floats; URLs left empty), reproducible from
    /// `seed`. What the property tests run the lessons with, natively and
    /// in the browser, so checks are tried beyond the defaults.
    pub fn random(specs: &[ParamSpec], seed: u64) -> Params {
        let mut rng = crate::rng::stream(seed, 7);
        let mut p = Params::defaults(specs);
        for spec in specs {
            let v = match spec.kind {
                ParamKind::Int { min, max } => {
                    (min + crate::rng::below(&mut rng, (max - min + 1) as u32) as i64) as f64
                }
                ParamKind::Float { min, max, step } => {
                    let steps = ((max - min) / step).round() as u32;
                    let k = crate::rng::below(&mut rng, steps + 1) as f64;
                    // Rounded as the control shows it, so the value is one a learner can pick.
                    ((min + k * step) * 1000.0).round() / 1000.0
                }
                ParamKind::Bool => crate::rng::below(&mut rng, 2) as f64,
                ParamKind::Choice(opts) => crate::rng::below(&mut rng, opts.len() as u32) as f64,
                ParamKind::Url { .. } => continue,
            };
            p = p.with(spec.key, v);
        }
        p
    }

    /// A corner of the parameter space: parameter `i` (in spec order) at
    /// the top of its range when bit `i` of `high` is set, else at the
    /// bottom (switches on/off, first/last choice; URLs left empty). What
    /// the property tests add to random sets: the extremes a learner
    /// reaches by dragging sliders to their ends.
    pub fn corner(specs: &[ParamSpec], high: u64) -> Params {
        let mut p = Params::defaults(specs);
        for (i, spec) in specs.iter().enumerate() {
            let top = high >> (i % 64) & 1 == 1;
            let v = match spec.kind {
                ParamKind::Int { min, max } => (if top { max } else { min }) as f64,
                ParamKind::Float { min, max, .. } => {
                    if top {
                        max
                    } else {
                        min
                    }
                }
                ParamKind::Bool => top as u8 as f64,
                ParamKind::Choice(opts) => (if top { opts.len() - 1 } else { 0 }) as f64,
                ParamKind::Url { .. } => continue,
            };
            p = p.with(spec.key, v);
        }
        p
    }

    /// The set as share-link pairs (`key`, shown value), URLs included.
    pub fn to_raw(&self, specs: &[ParamSpec]) -> Vec<(&'static str, String)> {
        specs
            .iter()
            .map(|s| match s.kind {
                ParamKind::Url { .. } => (s.key, self.url(s.key).to_string()),
                _ => (s.key, s.show(self.get(s.key))),
            })
            .collect()
    }

    /// A lesson's parameter, read as its kind: `i64` for an [`Int`], `f64`
    /// for a [`Float`], `bool` for a [`Flag`], the option's index for a
    /// [`Choice`], the text for a [`Url`]. How lessons read their values.
    pub fn of<'p, K: Key>(&'p self, key: &K) -> K::Value<'p> {
        key.read(self)
    }

    /// An [`Int`] parameter as a count (negative values read as 0).
    pub fn count(&self, key: &Int) -> usize {
        self.get(key.0.key).max(0.0) as usize
    }

    /// The number stored under `key` (a switch is 0 or 1, a choice its
    /// option's index). For code that walks a lesson's specs (share links,
    /// the parameters panel); a lesson reads through its typed keys, [`Params::of`].
    pub fn get(&self, key: &str) -> f64 {
        *self
            .0
            .get(key)
            .unwrap_or_else(|| panic!("lesson parameter {key} missing"))
    }

    /// A URL parameter's value ("" when none), by key: for code that walks
    /// a lesson's specs, as [`Params::get`].
    pub fn url(&self, key: &str) -> &str {
        self.1.get(key).map(String::as_str).unwrap_or("")
    }

    /// Sets a URL value (already validated with `ParamSpec::parse_url`).
    pub fn with_url(mut self, key: &'static str, v: String) -> Params {
        self.1.insert(key, v);
        self
    }

    /// Sets one value (already valid, e.g. from a slider clamped by its range).
    pub fn with(mut self, key: &'static str, v: f64) -> Params {
        self.0.insert(key, v);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: Int = Int::new("n", "Pool size", 1, 8, 4, "");
    const GAP: Float = Float::new("gap", "Gap", 0.0, 0.5, 0.01, 0.0, "");
    const LOCK: Flag = Flag::new("lock", "Use the lock", true, "");
    const SCOPE: Choice = Choice::new("scope", "Lock scope", &["loop", "add"], 0, "");
    const SPECS: &[ParamSpec] = &[N.0, GAP.0, LOCK.0, SCOPE.0];

    #[test]
    fn valid_values_pass_and_bad_ones_are_clamped_with_notices() {
        let (p, n) = Params::from_raw(
            SPECS,
            [("n", "2"), ("gap", "0.1"), ("lock", "off"), ("scope", "add")],
        );
        assert!(n.is_empty());
        assert_eq!(
            (p.of(&N), p.of(&GAP), p.of(&LOCK), p.of(&SCOPE)),
            (2, 0.1, false, 1)
        );
        let (p, n) = Params::from_raw(
            SPECS,
            [
                ("n", "1000000"),
                ("gap", "NaN"),
                ("lock", "<b>"),
                ("scope", "x"),
                ("zzz", "1"),
            ],
        );
        assert_eq!(
            (p.of(&N), p.of(&GAP), p.of(&LOCK), p.of(&SCOPE)),
            (8, 0.0, true, 0)
        );
        assert_eq!(n.len(), 5);
        assert!(n[0].contains("from 1 to 8"), "{}", n[0]);
        let (p, _) = Params::from_raw(SPECS, [("n", "2.5")]);
        assert_eq!(p.of(&N), 3);
    }

    #[test]
    fn random_sets_are_valid_and_round_trip_through_a_link() {
        for seed in 0..500 {
            let p = Params::random(SPECS, seed);
            let raw = p.to_raw(SPECS);
            let (back, notices) = Params::from_raw(SPECS, raw.iter().map(|(k, v)| (*k, v.as_str())));
            assert!(notices.is_empty(), "{notices:?}");
            assert_eq!(back, p);
        }
        // Every value of a small range is drawn.
        let seen: std::collections::BTreeSet<i64> =
            (0..200).map(|s| Params::random(SPECS, s).of(&N)).collect();
        assert_eq!(seen.len(), 8);
    }

    #[test]
    fn urls_are_http_or_nothing() {
        const U: Url = Url::new("u", "Your URL", 60, "");
        let spec = U.0;
        assert_eq!(spec.parse_url(""), Ok(String::new()));
        assert_eq!(
            spec.parse_url(" https://example.org/a?b=1 "),
            Ok("https://example.org/a?b=1".into())
        );
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://",
            "https://a b",
            "http://x/\"><img>",
            &format!("https://{}", "a".repeat(80)),
        ] {
            assert!(spec.parse_url(bad).is_err(), "{bad}");
        }
        let specs = [spec];
        let (p, n) = Params::from_raw(&specs, [("u", "javascript:alert(1)")]);
        assert_eq!((p.of(&U), n.len()), ("", 1));
        let (p, _) = Params::from_raw(&specs, [("u", "https://example.org/")]);
        assert_eq!(p.of(&U), "https://example.org/");
    }
}
