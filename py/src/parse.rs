//! Source text to AST: size and nesting checks first (the parser is
//! recursive and a worker's stack is 1 MiB), then ruff's parser, whose
//! errors become CPython-style `SyntaxError`s.

use crate::error::CompileError;
use ruff_python_ast::token::TokenKind;
use ruff_python_ast::ModModule;
use ruff_python_parser::{lexer, LexicalErrorType, Mode, ParseErrorType};

/// Largest program accepted (bytes).
pub const MAX_SOURCE: usize = 256 * 1024;
/// CPython's limit: `too many nested parentheses`.
pub const MAX_BRACKETS: usize = 200;
/// CPython's tokenizer limit: `too many levels of indentation`.
pub const MAX_INDENT: usize = 100;
/// Operators in one statement. Long operator chains make deep ASTs (the
/// parser, the compiler and even dropping the tree recurse per level); real
/// programs stay far below this.
pub const MAX_OPERATORS: usize = 1000;
/// Consecutive prefix operators (`- - - x`, `not not x`, `await await x`):
/// each nests.
pub const MAX_UNARY_RUN: usize = 100;

fn pos(source: &str, off: usize) -> (usize, usize) {
    let off = off.min(source.len());
    let before = &source[..off];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = source[start..off].chars().count() + 1;
    (line, col)
}

fn err(kind: &'static str, msg: impl Into<String>, source: &str, off: usize) -> CompileError {
    let (line, col) = pos(source, off);
    CompileError {
        kind,
        msg: msg.into(),
        line,
        col,
        note: None,
    }
}

/// Checks bounds with the (iterative) lexer before the recursive parser.
fn precheck(source: &str) -> Result<(), CompileError> {
    if source.len() > MAX_SOURCE {
        return Err(CompileError {
            kind: "SyntaxError",
            msg: format!(
                "program too long: {} bytes (Lockstep runs programs up to {} KiB)",
                source.len(),
                MAX_SOURCE / 1024
            ),
            line: 1,
            col: 1,
            note: None,
        });
    }
    tab_check(source)?;
    let mut lx = lexer::lex(source, Mode::Module);
    let mut depth = 0usize;
    let mut indent = 0usize;
    let mut ops = 0usize;
    let mut unary_run = 0usize;
    let mut prev = TokenKind::Newline;
    loop {
        let k = lx.next_token();
        let off = lx.current_range().start().to_usize();
        match k {
            TokenKind::EndOfFile => break,
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => {
                depth += 1;
                if depth > MAX_BRACKETS {
                    return Err(err("SyntaxError", "too many nested parentheses", source, off));
                }
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => depth = depth.saturating_sub(1),
            TokenKind::Indent => {
                indent += 1;
                if indent > MAX_INDENT {
                    return Err(err(
                        "IndentationError",
                        "too many levels of indentation",
                        source,
                        off,
                    ));
                }
            }
            TokenKind::Dedent => indent = indent.saturating_sub(1),
            TokenKind::Newline => ops = 0,
            _ => {}
        }
        let is_op = k.is_operator()
            && !matches!(
                k,
                TokenKind::Comma
                    | TokenKind::Colon
                    | TokenKind::Semi
                    | TokenKind::Rpar
                    | TokenKind::Rsqb
                    | TokenKind::Rbrace
            )
            || matches!(k, TokenKind::If | TokenKind::Else | TokenKind::Lambda);
        if is_op {
            ops += 1;
            if ops > MAX_OPERATORS {
                return Err(err(
                    "SyntaxError",
                    format!("statement too complex (more than {MAX_OPERATORS} operators)"),
                    source,
                    off,
                ));
            }
        }
        // Prefixes the parser recurses on once each: `- - x`, `not not x`,
        // `await await x`. (`lambda: lambda: x` resets the run at each
        // colon; its nesting is bounded by the operator count, as `lambda`
        // and `:` both count: about 500 levels, refused further on by the
        // compiler's own nesting check.)
        let prefix = |k: TokenKind| {
            matches!(
                k,
                TokenKind::Minus
                    | TokenKind::Plus
                    | TokenKind::Tilde
                    | TokenKind::Not
                    | TokenKind::Await
                    | TokenKind::Yield
                    | TokenKind::Lambda
            )
        };
        let unary = prefix(k);
        let after_op = prev.is_operator()
            && !matches!(prev, TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace)
            || prefix(prev)
            || matches!(
                prev,
                TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent | TokenKind::Return
            );
        if unary && after_op {
            unary_run += 1;
            if unary_run > MAX_UNARY_RUN {
                return Err(err("SyntaxError", "too many nested unary operators", source, off));
            }
        } else if !matches!(k, TokenKind::NonLogicalNewline | TokenKind::Comment) {
            unary_run = 0;
        }
        if !matches!(k, TokenKind::NonLogicalNewline | TokenKind::Comment) {
            prev = k;
        }
    }
    Ok(())
}

/// CPython's TabError: indentation compared with tabs as 8 columns and as
/// 1 column must order lines the same way.
fn tab_check(source: &str) -> Result<(), CompileError> {
    let mut lx = lexer::lex(source, Mode::Module);
    // (start of a logical line, whether the previous one ended with ':')
    let mut starts = vec![(0usize, false)];
    let mut prev = TokenKind::Newline;
    loop {
        let k = lx.next_token();
        if k == TokenKind::EndOfFile {
            break;
        }
        if k == TokenKind::Newline {
            starts.push((lx.current_range().end().to_usize(), prev == TokenKind::Colon));
        }
        if !matches!(k, TokenKind::Comment | TokenKind::NonLogicalNewline) {
            prev = k;
        }
    }
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    for (s, after_colon) in starts {
        let line_start = source[..s.min(source.len())]
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        let rest = &source[line_start..];
        let line = rest.split('\n').next().unwrap_or("");
        let trimmed = line.trim_start_matches([' ', '\t', '\x0c']);
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('\r') {
            continue;
        }
        let ws = &line[..line.len() - trimmed.len()];
        let (mut c8, mut c1) = (0usize, 0usize);
        for ch in ws.chars() {
            match ch {
                '\t' => {
                    c8 = (c8 / 8 + 1) * 8;
                    c1 += 1;
                }
                ' ' => {
                    c8 += 1;
                    c1 += 1;
                }
                _ => {
                    c8 = 0;
                    c1 = 0;
                }
            }
        }
        let &(t8, t1) = stack.last().unwrap_or(&(0, 0));
        if c8 > t8 && !after_colon {
            // An unexpected indent: the parser reports it.
            return Ok(());
        }
        let bad = if c8 > t8 {
            c1 <= t1
        } else if c8 == t8 {
            c1 != t1
        } else {
            while stack.len() > 1 && stack.last().map(|x| c8 < x.0).unwrap_or(false) {
                stack.pop();
            }
            let &(u8_, u1) = stack.last().unwrap_or(&(0, 0));
            c8 == u8_ && c1 != u1
        };
        if bad {
            return Err(err(
                "TabError",
                "inconsistent use of tabs and spaces in indentation",
                source,
                line_start,
            ));
        }
        if c8 > t8 {
            stack.push((c8, c1));
        }
    }
    Ok(())
}

pub fn parse(source: &str) -> Result<ModModule, CompileError> {
    precheck(source)?;
    match ruff_python_parser::parse_module(source) {
        Ok(p) => Ok(p.into_syntax()),
        Err(e) => Err(map_error(source, &e.error, e.location.start().to_usize())),
    }
}

fn map_error(source: &str, e: &ParseErrorType, off: usize) -> CompileError {
    use ParseErrorType as P;
    let text = e.to_string();
    let (kind, msg): (&'static str, String) = match e {
        P::UnexpectedIndentation => ("IndentationError", "unexpected indent".into()),
        P::Lexical(LexicalErrorType::IndentationError) => (
            "IndentationError",
            "unindent does not match any outer indentation level".into(),
        ),
        P::Lexical(LexicalErrorType::UnclosedStringError) => {
            let (line, _) = pos(source, off);
            ("SyntaxError", format!("unterminated string literal (detected at line {line})"))
        }
        P::Lexical(LexicalErrorType::Eof) => ("SyntaxError", "unexpected EOF while parsing".into()),
        P::Lexical(LexicalErrorType::MissingUnicodeLbrace | LexicalErrorType::MissingUnicodeRbrace)
        | P::Lexical(LexicalErrorType::UnicodeError) => (
            "SyntaxError",
            "(unicode error) 'unicodeescape' codec can't decode bytes: unknown Unicode character name (Lockstep does not support \\N{...} escapes)".into(),
        ),
        P::ExpectedToken { expected, .. } if *expected == TokenKind::Colon => ("SyntaxError", "expected ':'".into()),
        P::ExpectedToken { expected, .. } if *expected == TokenKind::Indent => {
            ("IndentationError", "expected an indented block".into())
        }
        P::OtherError(m) if m.starts_with("Expected an indented block") => {
            ("IndentationError", expected_block(source, off, m))
        }
        P::InvalidAssignmentTarget => ("SyntaxError", "cannot assign to expression".into()),
        P::PositionalAfterKeywordArgument => (
            "SyntaxError",
            "positional argument follows keyword argument".into(),
        ),
        P::NonDefaultParamAfterDefaultParam => (
            "SyntaxError",
            "non-default argument follows default argument".into(),
        ),
        P::FStringError(_) | P::Lexical(LexicalErrorType::FStringError(_)) => {
            ("SyntaxError", format!("f-string: {}", text.trim_start_matches("f-string: ")))
        }
        _ => ("SyntaxError", "invalid syntax".into()),
    };
    if msg == "invalid syntax" {
        let (line, _) = pos(source, off);
        let text = source.lines().nth(line - 1).unwrap_or("").trim_start();
        if let Some(rest) = text.strip_prefix("print") {
            let rest = rest.trim_start();
            if !rest.is_empty()
                && !rest.starts_with('(')
                && !rest.starts_with('=')
                && rest.len() < text.len() - 4
            {
                let mut e = err(
                    "SyntaxError",
                    "Missing parentheses in call to 'print'. Did you mean print(...)?",
                    source,
                    off,
                );
                e.line = line;
                return e;
            }
        }
    }
    // Unclosed brackets: CPython names the bracket.
    if msg == "invalid syntax" || msg == "unexpected EOF while parsing" {
        if let Some((b, boff)) = unclosed_bracket(source) {
            if off >= boff {
                let mut e = err("SyntaxError", format!("'{b}' was never closed"), source, boff);
                e.kind = "SyntaxError";
                return e;
            }
        }
    }
    err(kind, msg, source, off)
}

fn expected_block(source: &str, off: usize, m: &str) -> String {
    // ruff: "Expected an indented block after `if` statement"
    let what = m
        .split('`')
        .nth(1)
        .map(|w| w.to_string())
        .unwrap_or_else(|| "statement".into());
    // CPython names the line of the header: the previous non-blank line.
    let (line, _) = pos(source, off);
    let mut hdr = line.saturating_sub(1).max(1);
    let lines: Vec<&str> = source.lines().collect();
    while hdr > 1
        && lines
            .get(hdr - 1)
            .map(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
            .unwrap_or(false)
    {
        hdr -= 1;
    }
    let kind = match what.as_str() {
        "def" => "function definition".to_string(),
        "class" => "class definition".to_string(),
        "else" | "elif" | "try" | "except" | "finally" => format!("'{what}' statement"),
        w => format!("'{w}' statement"),
    };
    format!("expected an indented block after {kind} on line {hdr}")
}

/// The first bracket never closed, if any (lexing only).
fn unclosed_bracket(source: &str) -> Option<(char, usize)> {
    let mut lx = lexer::lex(source, Mode::Module);
    let mut stack: Vec<(char, usize)> = Vec::new();
    loop {
        let k = lx.next_token();
        let off = lx.current_range().start().to_usize();
        match k {
            TokenKind::EndOfFile => break,
            TokenKind::Lpar => stack.push(('(', off)),
            TokenKind::Lsqb => stack.push(('[', off)),
            TokenKind::Lbrace => stack.push(('{', off)),
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.first().copied()
}
