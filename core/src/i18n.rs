//! The page in two languages: English and Simplified Chinese (issue 16).
//!
//! English is written in the code, where it is read, and is the key
//! (gettext's convention): `t!("Run")`. Chinese lives in data files,
//! `core/i18n/zh/*.txt`, one entry per English message:
//!
//! ```text
//! en: {n} threads finished
//! zh: {n} 个线程已结束
//! ```
//!
//! - `t!("…")` translates a literal (`&'static str`);
//! - `tf!("… {name} …", name = expr, other)` fills named placeholders
//!   (`{{`/`}}` are braces), after translating the template;
//! - `tp!(n, "{n} thread", "{n} threads")` picks English's singular or
//!   plural; Chinese has one form, the plural's translation;
//! - `tn!("…")` only marks a literal for translation (for `const`s, such
//!   as a parameter's label); [`tr`] translates it where it is shown.
//!
//! `core/tests/i18n.rs` reads every marked literal in the code and checks
//! that each has a Chinese entry with the same placeholders, and that no
//! entry is unused. Python's output and CPython's exception messages are
//! never translated: they are what Python prints.
//!
//! The page's language is set once at boot (`www/boot.js` chooses it:
//! the link's `lang=`, else the learner's remembered choice, else the
//! browser's languages, else English); a native test may set its own
//! thread's with [`with_lang`], so tests in parallel do not meet.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Display;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The share-link value and the `<html lang>` base: `en`, `zh`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The `<html lang>` value.
    pub fn html(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-Hans",
        }
    }

    /// The language's own name, as the switch shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }

    /// `en`, `zh` (the link's values; a tag's region is ignored: `zh-CN`),
    /// case-insensitive.
    pub fn from_code(s: &str) -> Option<Lang> {
        match s.trim().split(['-', '_']).next()?.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }
}

/// The page's language (0 English, 1 Chinese), set once at boot.
static PAGE: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// A thread's own language, over the page's (native tests, in parallel).
    static OVERRIDE: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// The language text is written in: this thread's if it set one
/// ([`with_lang`]), else the page's.
pub fn lang() -> Lang {
    OVERRIDE
        .with(Cell::get)
        .unwrap_or(match PAGE.load(Ordering::Relaxed) {
            1 => Lang::Zh,
            _ => Lang::En,
        })
}

/// Sets the page's language (every thread's that has none of its own).
pub fn set_lang(l: Lang) {
    PAGE.store(l as u8, Ordering::Relaxed);
}

/// Runs `f` with this thread in `l`, then restores it.
pub fn with_lang<R>(l: Lang, f: impl FnOnce() -> R) -> R {
    let before = OVERRIDE.with(|c| c.replace(Some(l)));
    let r = f();
    OVERRIDE.with(|c| c.set(before));
    r
}

/// The Chinese files, built into native code (the tests and the CLI). The
/// page does not carry them: `scripts/build.sh` joins them into
/// `dist/www/i18n/zh.txt`, which `www/boot.js` fetches only when the page
/// is in Chinese and hands over with [`install_zh`] (27 KB gzipped that an
/// English visitor never downloads).
#[cfg(not(target_arch = "wasm32"))]
const ZH: &[(&str, &str)] = &[
    ("ui.txt", include_str!("../i18n/zh/ui.txt")),
    ("ui_b.txt", include_str!("../i18n/zh/ui_b.txt")),
    ("core.txt", include_str!("../i18n/zh/core.txt")),
    ("lessons_a.txt", include_str!("../i18n/zh/lessons_a.txt")),
    ("lessons_b.txt", include_str!("../i18n/zh/lessons_b.txt")),
];
#[cfg(target_arch = "wasm32")]
const ZH: &[(&str, &str)] = &[];

/// The Chinese catalog's files, named (the test reads them).
pub fn zh_files() -> &'static [(&'static str, &'static str)] {
    ZH
}

/// One catalog entry, as written in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub en: String,
    pub zh: String,
    /// 1-based line of the `en:` line.
    pub line: usize,
}

/// `\n` and `\\` in a catalog line.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push('\n'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads a catalog file: `en:` then `zh:` lines, entries separated by blank
/// lines, `#` comments.
pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    let mut en: Option<(String, usize)> = None;
    for (i, raw) in text.lines().enumerate() {
        // Only a line's end is cut: a message may end in a space.
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(v) = line.strip_prefix("en: ") {
            if let Some((prev, l)) = en.take() {
                return Err(format!("line {l}: {prev:?} has no zh:"));
            }
            en = Some((unescape(v), i + 1));
        } else if let Some(v) = line.strip_prefix("zh: ") {
            let (e, l) = en.take().ok_or(format!("line {}: zh: without en:", i + 1))?;
            out.push(Entry {
                en: e,
                zh: unescape(v),
                line: l,
            });
        } else {
            return Err(format!("line {}: neither en: nor zh: {line:?}", i + 1));
        }
    }
    match en {
        Some((prev, l)) => Err(format!("line {l}: {prev:?} has no zh:")),
        None => Ok(out),
    }
}

static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();

/// Installs the Chinese catalog the page fetched (the files joined); its
/// entry count. Once per page: a second call changes nothing.
pub fn install_zh(text: &str) -> Result<usize, String> {
    let entries = parse(text)?;
    let n = entries.len();
    let _ = TABLE.set(entries.into_iter().map(|e| (e.en, e.zh)).collect());
    Ok(n)
}

fn zh_table() -> &'static HashMap<String, String> {
    TABLE.get_or_init(|| {
        ZH.iter()
            .flat_map(|(_, text)| parse(text).unwrap_or_default())
            .map(|e| (e.en, e.zh))
            .collect()
    })
}

/// `en` in this thread's language (itself when untranslated).
pub fn tr(en: &str) -> &str {
    tr_in(lang(), en)
}

/// `en` in `l`.
pub fn tr_in(l: Lang, en: &str) -> &str {
    match l {
        Lang::En => en,
        Lang::Zh => zh_table().get(en).map_or(en, String::as_str),
    }
}

/// Fills `{name}` placeholders; `{{` and `}}` are braces. A placeholder
/// with no value is left as written.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let Some(end) = tail.strip_prefix('{').and_then(|t| t.find('}')) {
            let name = &tail[1..1 + end];
            if let Some((_, v)) = args.iter().find(|(k, _)| *k == name) {
                out.push_str(&v.to_string());
                rest = &tail[end + 2..];
                continue;
            }
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

/// The placeholders of a template, sorted, each once (the test compares
/// them).
pub fn placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let s = template.replace("{{", "").replace("}}", "");
    let mut rest = s.as_str();
    while let Some(i) = rest.find('{') {
        let Some(end) = rest[i..].find('}') else { break };
        out.push(rest[i + 1..i + end].to_string());
        rest = &rest[i + end + 1..];
    }
    // A set: a translation may say a name twice.
    out.sort();
    out.dedup();
    out
}

/// `{n} thread` / `{n} threads`: English's number; Chinese's one form
/// (the plural's translation).
pub fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    match lang() {
        Lang::En if n == 1 => one,
        Lang::En => many,
        l => tr_in(l, many),
    }
}

/// A literal in this thread's language.
#[macro_export]
macro_rules! t {
    ($s:literal) => {
        $crate::i18n::tr($s)
    };
}

/// Marks a literal for translation without translating it (for `const`s);
/// show it through [`tr`].
#[macro_export]
macro_rules! tn {
    ($s:literal) => {
        $s
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __tf_val {
    ($k:ident) => {
        $k
    };
    ($k:ident = $v:expr) => {
        $v
    };
}

/// A template in this thread's language, its `{name}`s filled:
/// `tf!("{who} waits", who = name)` or `tf!("{n} left", n)`.
#[macro_export]
macro_rules! tf {
    ($s:literal $(, $k:ident $(= $v:expr)?)* $(,)?) => {
        $crate::i18n::fill(
            $crate::i18n::tr($s),
            &[$((stringify!($k), &$crate::__tf_val!($k $(= $v)?) as &dyn ::std::fmt::Display)),*],
        )
    };
}

/// A count's sentence in the right number: `tp!(n, "{n} thread", "{n}
/// threads")`, with more `name = value`s after if the template has them.
#[macro_export]
macro_rules! tp {
    ($n:expr, $one:literal, $many:literal $(, $k:ident $(= $v:expr)?)* $(,)?) => {{
        let n: u64 = ($n) as u64;
        $crate::i18n::fill(
            $crate::i18n::plural(n, $one, $many),
            &[("n", &n as &dyn ::std::fmt::Display) $(, (stringify!($k), &$crate::__tf_val!($k $(= $v)?) as &dyn ::std::fmt::Display))*],
        )
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_named_placeholders_and_braces() {
        let who = "Thread-1";
        assert_eq!(
            fill("{who} holds {{x}} {n}", &[("who", &who), ("n", &2)]),
            "Thread-1 holds {x} 2"
        );
        assert_eq!(fill("{missing} {", &[]), "{missing} {");
        assert_eq!(placeholders("{a} {{b}} {c}"), vec!["a", "c"]);
    }

    #[test]
    fn codes_and_tags_read_with_or_without_a_region() {
        assert_eq!(Lang::from_code("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("en_GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::from_code("ZH"), Some(Lang::Zh));
    }

    #[test]
    fn plurals_in_english_one_form_in_chinese() {
        assert_eq!(
            with_lang(Lang::En, || tp!(1, "{n} thread", "{n} threads")),
            "1 thread"
        );
        assert_eq!(
            with_lang(Lang::En, || tp!(3, "{n} thread", "{n} threads")),
            "3 threads"
        );
        let x = 5;
        assert_eq!(tf!("{x} and {y}", x, y = "b"), "5 and b");
    }

    #[test]
    fn catalog_files_parse() {
        for (name, text) in zh_files() {
            parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert!(parse("en: a\nen: b\nzh: c").is_err());
        assert_eq!(parse("# x\nen: a\\nb\nzh: c\n").unwrap()[0].en, "a\nb");
    }
}
