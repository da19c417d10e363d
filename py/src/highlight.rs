//! Syntax colouring for the page's editor, from ruff's lexer (the same
//! tokens the interpreter parses; iterative, so any text is safe to
//! colour on every keystroke).

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{lexer, Mode};

/// What a coloured span is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Keyword,
    Str,
    Number,
    Comment,
    /// A name right after `def` or `class`.
    Definition,
}

impl Class {
    /// The CSS class the page gives it.
    pub fn css(self) -> &'static str {
        match self {
            Class::Keyword => "kw",
            Class::Str => "st",
            Class::Number => "nu",
            Class::Comment => "co",
            Class::Definition => "df",
        }
    }
}

/// Texts longer than this are shown without colour (the editor stays
/// responsive; the interpreter refuses 256 KiB anyway).
pub const MAX_COLOURED: usize = 64 << 10;

/// The coloured spans of `source`: byte ranges, in order, not overlapping.
pub fn spans(source: &str) -> Vec<(usize, usize, Class)> {
    let mut out = Vec::new();
    if source.len() > MAX_COLOURED {
        return out;
    }
    let mut lx = lexer::lex(source, Mode::Module);
    let mut after_def = false;
    loop {
        let k = lx.next_token();
        if k == TokenKind::EndOfFile {
            break;
        }
        let r = lx.current_range();
        let (start, end) = (r.start().to_usize(), r.end().to_usize());
        let class = match k {
            TokenKind::Comment => Some(Class::Comment),
            TokenKind::String
            | TokenKind::FStringStart
            | TokenKind::FStringMiddle
            | TokenKind::FStringEnd
            | TokenKind::TStringStart
            | TokenKind::TStringMiddle
            | TokenKind::TStringEnd => Some(Class::Str),
            TokenKind::Int | TokenKind::Float | TokenKind::Complex => Some(Class::Number),
            TokenKind::Identifier if after_def => Some(Class::Definition),
            // Not soft keywords: `type(x)` and `match = 1` are names.
            k if k.is_keyword() && !k.is_soft_keyword() => Some(Class::Keyword),
            _ => None,
        };
        after_def = matches!(k, TokenKind::Def | TokenKind::Class);
        if let Some(c) = class {
            if end > start && end <= source.len() {
                out.push((start, end, c));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_keywords_strings_numbers_comments_and_definitions() {
        let src = "def f(x):  # 注释\n    return x + 1.5 if x else 'a'\n";
        let got: Vec<(&str, Class)> = spans(src).iter().map(|&(a, b, c)| (&src[a..b], c)).collect();
        assert_eq!(
            got,
            vec![
                ("def", Class::Keyword),
                ("f", Class::Definition),
                ("# 注释", Class::Comment),
                ("return", Class::Keyword),
                ("1.5", Class::Number),
                ("if", Class::Keyword),
                ("else", Class::Keyword),
                ("'a'", Class::Str),
            ]
        );
        // Anything is safe to colour: unclosed strings, deep brackets.
        let nasty = format!("{}'unterminated\n\"\"\"x", "(".repeat(5000));
        let _ = spans(&nasty);
    }
}
