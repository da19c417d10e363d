//! The Chinese catalog against the code (issue 16): every English message
//! the code marks (`t!`, `tf!`, `tp!`'s plural, `tn!`) has a Chinese entry
//! with the same placeholders, no entry is unused or written twice, and
//! every challenge level's header is in both languages.

use lockstep_core::i18n::{self, placeholders, Entry};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crates whose code the page shows text from.
const DIRS: &[&str] = &["src", "../src"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("i18n.rs") {
            out.push(p);
        }
    }
}

/// Reads a Rust string literal starting at `s[0] == '"'`: its value and
/// its length in bytes. Handles `\n`, `\"`, `\\`, `\` + newline.
fn literal(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'"') {
        return None;
    }
    let mut out = String::new();
    let mut it = s[1..].char_indices().peekable();
    while let Some((i, c)) = it.next() {
        match c {
            '"' => return Some((out, i + 2)),
            '\\' => match it.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '\n' => {
                    while it.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                        it.next();
                    }
                }
                o => out.push(o),
            },
            c => out.push(c),
        }
    }
    None
}

/// Every marked message in `src`, with where it is.
fn messages(src: &str, file: &str, out: &mut BTreeMap<String, String>) {
    for mac in ["t!(", "tf!(", "tn!(", "tp!("] {
        let mut from = 0;
        while let Some(i) = src[from..].find(mac) {
            let at = from + i;
            from = at + mac.len();
            let before = src[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut rest = &src[from..];
            if mac == "tp!(" {
                // The plural form (the second literal) is the key.
                let Some(q) = rest.find('"') else { continue };
                let Some((_, len)) = literal(&rest[q..]) else {
                    continue;
                };
                rest = &rest[q + len..];
            }
            let Some(q) = rest.find('"') else { continue };
            if !rest[..q].trim_start_matches([',', ' ', '\n']).trim().is_empty() {
                continue; // not a literal: a macro's own definition
            }
            if let Some((m, _)) = literal(&rest[q..]) {
                let line = src[..at].matches('\n').count() + 1;
                out.entry(m).or_insert(format!("{file}:{line}"));
            }
        }
    }
}

fn code_messages() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for d in DIRS {
        rust_files(&root.join(d), &mut files);
    }
    assert!(files.len() > 20, "found the code ({} files)", files.len());
    let mut out = BTreeMap::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        messages(&src, &f.display().to_string(), &mut out);
    }
    out
}

fn catalog() -> Vec<(String, Entry)> {
    i18n::zh_files()
        .iter()
        .flat_map(|(name, text)| {
            i18n::parse(text)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .into_iter()
                .map(|e| (name.to_string(), e))
        })
        .collect()
}

#[test]
fn every_message_has_chinese_with_its_placeholders() {
    let code = code_messages();
    let entries = catalog();
    let by_en: BTreeMap<&str, &Entry> = entries.iter().map(|(_, e)| (e.en.as_str(), e)).collect();
    let missing: Vec<String> = code
        .iter()
        .filter(|(m, _)| !by_en.contains_key(m.as_str()))
        .map(|(m, at)| format!("{at}: {m:?}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} messages have no Chinese:\n{}",
        missing.len(),
        missing.join("\n")
    );
    let wrong: Vec<String> = entries
        .iter()
        .filter(|(_, e)| placeholders(&e.en) != placeholders(&e.zh))
        .map(|(f, e)| {
            format!(
                "{f}:{}: {:?} vs {:?}",
                e.line,
                placeholders(&e.en),
                placeholders(&e.zh)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "placeholders differ:\n{}", wrong.join("\n"));
}

#[test]
fn the_built_in_files_are_every_file_the_page_fetches() {
    // scripts/build.sh joins core/i18n/zh/*.txt for the page; the native
    // table lists them one by one.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n/zh");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    on_disk.sort();
    let mut built: Vec<String> = i18n::zh_files().iter().map(|(n, _)| n.to_string()).collect();
    built.sort();
    assert_eq!(on_disk, built);
    // And the joined files read as one catalog.
    let joined: String = i18n::zh_files().iter().map(|(_, t)| format!("{t}\n")).collect();
    assert_eq!(i18n::parse(&joined).unwrap().len(), catalog().len());
}

#[test]
fn no_entry_is_unused_or_twice() {
    let code = code_messages();
    let entries = catalog();
    let unused: Vec<String> = entries
        .iter()
        .filter(|(_, e)| !code.contains_key(&e.en))
        .map(|(f, e)| format!("{f}:{}: {:?}", e.line, e.en))
        .collect();
    assert!(
        unused.is_empty(),
        "{} entries are unused:\n{}",
        unused.len(),
        unused.join("\n")
    );
    let mut seen = BTreeSet::new();
    let twice: Vec<String> = entries
        .iter()
        .filter(|(_, e)| !seen.insert(e.en.clone()))
        .map(|(f, e)| format!("{f}:{}: {:?}", e.line, e.en))
        .collect();
    assert!(twice.is_empty(), "written twice:\n{}", twice.join("\n"));
    let blank: Vec<String> = entries
        .iter()
        .filter(|(_, e)| e.zh.trim().is_empty())
        .map(|(f, e)| format!("{f}:{}", e.line))
        .collect();
    assert!(blank.is_empty(), "empty translations: {blank:?}");
}

#[test]
fn every_level_speaks_both_languages() {
    for level in lockstep_core::challenge::all() {
        for l in i18n::Lang::ALL {
            let t = level.text(l);
            assert!(
                !t.title.is_empty() && !t.story.is_empty() && !t.promise.is_empty(),
                "{} {l:?}",
                level.id
            );
            assert_eq!(t.hints.len(), level.hints.len(), "{}: hints in {l:?}", level.id);
        }
        // A missing `.zh:` field falls back to the English one.
        let (en, zh) = (level.text(i18n::Lang::En), level.text(i18n::Lang::Zh));
        assert!(
            zh.title != en.title && zh.story != en.story && zh.promise != en.promise,
            "{}: no Chinese header",
            level.id
        );
        for (a, b) in en.hints.iter().zip(&zh.hints) {
            assert_ne!(a, b, "{}: a hint has no Chinese", level.id);
        }
    }
}

#[test]
fn the_scanner_reads_literals_and_skips_lookalikes() {
    let mut m = BTreeMap::new();
    messages(
        "assert!(\"no\"); t!(\"a \\\"b\\\"\"); tf!(\n  \"x {n}\", n); tp!(k, \"{n} one\", \"{n} many\"); tn!(\"c\\\n   d\")",
        "f",
        &mut m,
    );
    let keys: Vec<&str> = m.keys().map(String::as_str).collect();
    assert_eq!(keys, ["a \"b\"", "cd", "x {n}", "{n} many"]);
}

/// English function words: a Chinese text with one of them has an English
/// sentence left in it (none is a Python keyword or a name the lessons use;
/// the e2e test reads the page with the same list).
const ENGLISH: &[&str] = &[
    "the", "of", "to", "are", "was", "were", "its", "this", "that", "these", "those", "each", "every",
    "than", "which", "when", "who", "what", "will", "would", "has", "have", "had", "but", "can", "may",
    "must", "only", "also", "here", "there", "their", "they", "them", "your", "you", "does", "done", "runs",
    "waits", "holds", "gets", "sees", "starts", "finished", "ready", "press", "drag", "one", "two", "after",
    "before", "into", "onto", "because", "why", "how", "until", "about", "between", "against", "without",
    "within", "per", "more", "less", "most", "least",
];

/// The English words of `text` outside quotes and backticks (Python's).
fn english_words(text: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (None, '"' | '`' | '“') => quote = Some(if c == '“' { '”' } else { c }),
            (Some(q), c) if c == q => quote = None,
            (None, c) => plain.push(c),
            _ => {}
        }
    }
    plain
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '_'))
        .filter(|w| ENGLISH.contains(&w.to_ascii_lowercase().as_str()))
        .map(String::from)
        .collect()
}

#[test]
fn every_lesson_reads_in_chinese_at_random_parameters() {
    use lockstep_core::lessons::{self, Params};
    let mut bad = Vec::new();
    i18n::with_lang(i18n::Lang::Zh, || {
        for lesson in lessons::all() {
            let mut texts = vec![
                ("title", lesson.title().to_string()),
                ("explain", lesson.explain().to_string()),
                ("group", lesson.group().title().to_string()),
            ];
            texts.extend(lesson.modelled().map(|m| ("modelled", m.to_string())));
            for spec in lesson.params() {
                texts.push(("label", spec.label_shown().to_string()));
                texts.push(("help", spec.help_shown().to_string()));
            }
            for seed in 0..20 {
                let p = Params::random(lesson.params(), seed);
                texts.push(("expected", lesson.expected(&p)));
            }
            for (what, t) in texts {
                let words = english_words(&t);
                if !words.is_empty() {
                    bad.push(format!("{} {what}: {words:?} in {t:?}", lesson.id()));
                }
            }
        }
    });
    bad.dedup();
    assert!(bad.is_empty(), "English left in Chinese:\n{}", bad.join("\n"));
}

#[test]
fn the_english_detector_skips_quoted_python() {
    assert!(english_words("打印 \"the counter is 2\" 和 `x.join()`").is_empty());
    assert_eq!(english_words("等待 the lock"), ["the"]);
}
