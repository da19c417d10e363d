//! The two functions ruff's parser and trivia crates use from
//! `unicode-normalization`: `str::nfkc()` (Python identifiers that are not
//! ASCII are NFKC-normalised, as CPython does) and `is_nfkc`.
//!
//! Why: the crate's composition and decomposition tables are about 60 KB
//! gzipped of wasm (measured), for a path taken only by non-ASCII identifiers. In the
//! browser, `String.prototype.normalize("NFKC")` has the same tables
//! already; natively the same algorithm answers from HuggingFace's fork of
//! the crate, whose tables are Unicode 9 (CPython 3.11 has Unicode 14: an
//! identifier with a compatibility character added since, such as U+A7F2,
//! is folded on the page and by CPython but not by the native command). ARCHITECTURE.md, "The wasm's size", has the measured
//! cost: 62 KB gzipped of the playground with the interpreter.

/// `text.nfkc()`: the NFKC form of a string, as chars.
pub trait UnicodeNormalization {
    fn nfkc(self) -> std::vec::IntoIter<char>;
}

impl UnicodeNormalization for &str {
    fn nfkc(self) -> std::vec::IntoIter<char> {
        nfkc_string(self).chars().collect::<Vec<char>>().into_iter()
    }
}

/// Whether `s` is already in NFKC form.
pub fn is_nfkc(s: &str) -> bool {
    s.is_ascii() || nfkc_string(s) == s
}

#[cfg(target_arch = "wasm32")]
fn nfkc_string(s: &str) -> String {
    String::from(js_sys::JsString::from(s).normalize("NFKC"))
}

#[cfg(not(target_arch = "wasm32"))]
fn nfkc_string(s: &str) -> String {
    // The fork yields (char, alignment change) pairs.
    upstream::UnicodeNormalization::nfkc(s).map(|(c, _)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatibility_forms_fold_as_cpython_folds_identifiers() {
        // CPython 3.11: `ﬁle = 1; print(file)` prints 1.
        assert_eq!("ﬁle".nfkc().collect::<String>(), "file");
        assert_eq!("ｘ".nfkc().collect::<String>(), "x");
        assert_eq!("变量".nfkc().collect::<String>(), "变量");
        assert!(is_nfkc("变量") && !is_nfkc("ﬁle"));
    }
}
