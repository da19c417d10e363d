//! Before running: syntax Lockstep does not support yet, and imports of
//! modules it does not have, reported with their line so that a learner
//! never sees a program half-run and then fail on something we lack.

use crate::error::CompileError;
use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
use ruff_python_ast::{self as ast, Expr, Number, Stmt};
use ruff_text_size::Ranged;

/// CPython's limit on statically nested blocks (loops, try, with).
pub const MAX_BLOCKS: usize = 20;

struct Checker<'s> {
    source: &'s str,
    err: Option<CompileError>,
    blocks: usize,
    in_function: usize,
    in_loop: Vec<bool>,
    /// Inside a `try` whose handlers catch ImportError: a missing module
    /// is the program's business (it raises at run time).
    import_guard: usize,
}

fn catches_import_error(t: &ast::StmtTry) -> bool {
    fn names(e: &Expr) -> bool {
        match e {
            Expr::Name(n) => matches!(
                n.id.as_str(),
                "ImportError" | "ModuleNotFoundError" | "Exception" | "BaseException"
            ),
            Expr::Tuple(t) => t.elts.iter().any(names),
            _ => false,
        }
    }
    t.handlers.iter().any(|h| {
        let ast::ExceptHandler::ExceptHandler(h) = h;
        match &h.type_ {
            None => true,
            Some(e) => names(e),
        }
    })
}

impl Checker<'_> {
    fn fail(&mut self, kind: &'static str, msg: String, off: usize, note: Option<String>) {
        if self.err.is_none() {
            let off = off.min(self.source.len());
            let before = &self.source[..off];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
            let col = self.source[start..off].chars().count() + 1;
            self.err = Some(CompileError {
                kind,
                msg,
                line,
                col,
                note,
            });
        }
    }
    fn unsupported(&mut self, what: &str, off: usize) {
        self.fail(
            "NotImplementedError",
            format!("{what} is not supported in Lockstep yet"),
            off,
            None,
        );
    }
    fn module(&mut self, name: &str, off: usize) {
        if !crate::modules::is_supported(name) && self.import_guard == 0 {
            let top = name.split('.').next().unwrap_or(name);
            let shown = if crate::modules::is_supported(top) {
                name
            } else {
                top
            };
            self.fail(
                "ModuleNotFoundError",
                format!("No module named '{shown}'"),
                off,
                Some(format!(
                    "Lockstep supports these modules: {}",
                    crate::modules::supported_list().join(", ")
                )),
            );
        }
    }
    fn enter_block(&mut self, off: usize) {
        self.blocks += 1;
        if self.blocks > MAX_BLOCKS {
            self.fail(
                "SyntaxError",
                "too many statically nested blocks".into(),
                off,
                None,
            );
        }
    }
}

impl<'a> Visitor<'a> for Checker<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.err.is_some() {
            return;
        }
        let off = stmt.range().start().to_usize();
        if let Stmt::Expr(e) = stmt {
            if let Expr::EllipsisLiteral(_) = &*e.value {
                return;
            }
        }
        match stmt {
            Stmt::FunctionDef(f) => {
                if f.is_async {
                    self.unsupported("async def", off);
                }
                if let Some(d) = f.decorator_list.first() {
                    self.unsupported("a decorator", d.range().start().to_usize());
                }
                if f.type_params.is_some() {
                    self.unsupported("type parameters", off);
                }
                for p in f.parameters.iter_non_variadic_params() {
                    if let Some(d) = &p.default {
                        self.visit_expr(d);
                    }
                }
                self.in_function += 1;
                let saved = std::mem::take(&mut self.in_loop);
                let blocks = std::mem::replace(&mut self.blocks, 0);
                self.visit_body(&f.body);
                self.blocks = blocks;
                self.in_loop = saved;
                self.in_function -= 1;
                return;
            }
            Stmt::ClassDef(c) => {
                if let Some(d) = c.decorator_list.first() {
                    self.unsupported("a decorator", d.range().start().to_usize());
                }
                if c.type_params.is_some() {
                    self.unsupported("type parameters", off);
                }
                if let Some(args) = &c.arguments {
                    if args.args.len() > 1 {
                        self.unsupported("multiple inheritance", off);
                    }
                    if !args.keywords.is_empty() {
                        self.unsupported("a class keyword argument (metaclass=...)", off);
                    }
                    for a in args.args.iter() {
                        if let Expr::Starred(_) = a {
                            self.unsupported("starred base classes", off);
                        }
                        self.visit_expr(a);
                    }
                }
                let saved = std::mem::take(&mut self.in_loop);
                self.visit_body(&c.body);
                self.in_loop = saved;
                return;
            }
            Stmt::Return(_) if self.in_function == 0 => {
                self.fail("SyntaxError", "'return' outside function".into(), off, None);
            }
            Stmt::Break(_) if !self.in_loop.last().copied().unwrap_or(false) => {
                self.fail("SyntaxError", "'break' outside loop".into(), off, None);
            }
            Stmt::Continue(_) if !self.in_loop.last().copied().unwrap_or(false) => {
                self.fail("SyntaxError", "'continue' not properly in loop".into(), off, None);
            }
            Stmt::Nonlocal(_) if self.in_function == 0 => {
                self.fail(
                    "SyntaxError",
                    "nonlocal declaration not allowed at module level".into(),
                    off,
                    None,
                );
            }
            Stmt::TypeAlias(_) => self.unsupported("the type statement", off),
            Stmt::Match(_) => self.unsupported("match", off),
            Stmt::IpyEscapeCommand(_) => self.fail("SyntaxError", "invalid syntax".into(), off, None),
            Stmt::Try(t) if t.is_star => self.unsupported("except*", off),
            Stmt::With(w) if w.is_async => self.unsupported("async with", off),
            Stmt::For(f) if f.is_async => self.unsupported("async for", off),
            Stmt::Import(i) => {
                for a in &i.names {
                    self.module(a.name.as_str(), a.range().start().to_usize());
                }
            }
            Stmt::ImportFrom(i) => {
                if i.level > 0 {
                    self.fail(
                        "ImportError",
                        "attempted relative import with no known parent package".into(),
                        off,
                        None,
                    );
                }
                if let Some(m) = &i.module {
                    self.module(m.as_str(), off);
                }
                if i.names.iter().any(|a| a.name.as_str() == "*") {
                    self.unsupported("'from ... import *'", off);
                }
            }
            _ => {}
        }
        match stmt {
            Stmt::For(f) => {
                self.enter_block(off);
                self.visit_expr(&f.target);
                self.visit_expr(&f.iter);
                self.in_loop.push(true);
                self.visit_body(&f.body);
                self.in_loop.pop();
                self.visit_body(&f.orelse);
                self.blocks -= 1;
            }
            Stmt::While(w) => {
                self.enter_block(off);
                self.visit_expr(&w.test);
                self.in_loop.push(true);
                self.visit_body(&w.body);
                self.in_loop.pop();
                self.visit_body(&w.orelse);
                self.blocks -= 1;
            }
            Stmt::Try(t) => {
                self.enter_block(off);
                let guard = catches_import_error(t);
                if guard {
                    self.import_guard += 1;
                }
                self.visit_body(&t.body);
                if guard {
                    self.import_guard -= 1;
                }
                for h in &t.handlers {
                    self.visit_except_handler(h);
                }
                self.visit_body(&t.orelse);
                self.visit_body(&t.finalbody);
                self.blocks -= 1;
            }
            Stmt::With(_) => {
                self.enter_block(off);
                walk_stmt(self, stmt);
                self.blocks -= 1;
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.err.is_some() {
            return;
        }
        let off = expr.range().start().to_usize();
        match expr {
            Expr::Await(_) => self.unsupported("await", off),
            Expr::Yield(_) | Expr::YieldFrom(_) => self.unsupported("yield (generators)", off),
            Expr::TString(_) => self.unsupported("t-strings", off),
            Expr::BytesLiteral(_) => self.unsupported("bytes", off),
            Expr::IpyEscapeCommand(_) => self.fail("SyntaxError", "invalid syntax".into(), off, None),
            Expr::NumberLiteral(n) if matches!(n.value, Number::Complex { .. }) => {
                self.unsupported("complex numbers", off)
            }
            Expr::EllipsisLiteral(_) => self.unsupported("Ellipsis (...) as a value", off),
            Expr::ListComp(ast::ExprListComp { generators, .. })
            | Expr::SetComp(ast::ExprSetComp { generators, .. })
            | Expr::Generator(ast::ExprGenerator { generators, .. })
                if generators.iter().any(|g| g.is_async) =>
            {
                self.unsupported("async comprehensions", off)
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    for p in p.iter_non_variadic_params() {
                        if let Some(d) = &p.default {
                            self.visit_expr(d);
                        }
                    }
                }
                self.in_function += 1;
                self.visit_expr(&l.body);
                self.in_function -= 1;
                return;
            }
            _ => {}
        }
        walk_expr(self, expr);
    }
}

pub fn check(module: &ast::ModModule, source: &str) -> Result<(), CompileError> {
    let mut c = Checker {
        source,
        err: None,
        blocks: 0,
        in_function: 0,
        in_loop: Vec::new(),
        import_guard: 0,
    };
    for s in &module.body {
        c.visit_stmt(s);
    }
    match c.err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
