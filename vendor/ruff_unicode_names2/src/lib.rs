//! Stand-in for `ruff_unicode_names2`, whose table of every Unicode
//! character name costs about 400 KB gzipped in the page's wasm. The parser
//! calls only [`character`], for `\N{...}` escapes; answering `None` makes
//! such an escape a SyntaxError, as CPython reports a name it does not know.

/// The character with this Unicode name: none are known here.
pub fn character(_name: &str) -> Option<char> {
    None
}
