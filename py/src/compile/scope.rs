//! The symbol table: which names are locals (slots), cells, free variables,
//! globals or class-namespace names, decided once before code generation.

use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Module,
    Function,
    Class,
    Comprehension,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Resolved {
    /// Fast local slot.
    Local(u32),
    /// Cell or free variable slot (cells first, then frees).
    Deref(u32),
    Global,
    /// Class body namespace (falls back to globals).
    ClassName,
}

pub struct Scope {
    pub kind: Kind,
    pub parent: Option<usize>,
    /// Names bound here, in first-binding order (params first).
    pub bound: Vec<String>,
    bound_set: HashSet<String>,
    pub params: Vec<String>,
    pub globals: HashSet<String>,
    pub nonlocals: HashSet<String>,
    pub used: HashSet<String>,
    /// Filled by `resolve`.
    pub cells: Vec<String>,
    pub frees: Vec<String>,
    pub locals: Vec<String>,
    /// Uses zero-argument `super()` (needs the `__class__` cell).
    pub uses_super: bool,
}

impl Scope {
    fn new(kind: Kind, parent: Option<usize>) -> Scope {
        Scope {
            kind,
            parent,
            bound: Vec::new(),
            bound_set: HashSet::new(),
            params: Vec::new(),
            globals: HashSet::new(),
            nonlocals: HashSet::new(),
            used: HashSet::new(),
            cells: Vec::new(),
            frees: Vec::new(),
            locals: Vec::new(),
            uses_super: false,
        }
    }
    fn bind(&mut self, name: &str) {
        if self.bound_set.insert(name.to_string()) {
            self.bound.push(name.to_string());
        }
    }
    pub fn is_bound(&self, name: &str) -> bool {
        self.bound_set.contains(name)
    }

    pub fn resolve(&self, name: &str) -> Resolved {
        match self.kind {
            Kind::Module => Resolved::Global,
            Kind::Class => {
                if let Some(i) = self.frees.iter().position(|n| n == name) {
                    if !self.is_bound(name) {
                        return Resolved::Deref((self.cells.len() + i) as u32);
                    }
                }
                if self.globals.contains(name) {
                    Resolved::Global
                } else if self.is_bound(name) {
                    Resolved::ClassName
                } else {
                    Resolved::Global
                }
            }
            Kind::Function | Kind::Comprehension => {
                if let Some(i) = self.cells.iter().position(|n| n == name) {
                    return Resolved::Deref(i as u32);
                }
                if let Some(i) = self.frees.iter().position(|n| n == name) {
                    return Resolved::Deref((self.cells.len() + i) as u32);
                }
                if let Some(i) = self.locals.iter().position(|n| n == name) {
                    return Resolved::Local(i as u32);
                }
                Resolved::Global
            }
        }
    }
}

pub struct Table {
    pub scopes: Vec<Scope>,
    /// AST node address -> scope index.
    pub by_node: HashMap<usize, usize>,
    /// Names bound at module level or declared `global` anywhere.
    pub module_bound: HashSet<String>,
}

pub fn addr<T>(t: &T) -> usize {
    t as *const T as usize
}

struct Builder {
    scopes: Vec<Scope>,
    by_node: HashMap<usize, usize>,
    cur: usize,
    module_bound: HashSet<String>,
}

impl Builder {
    fn push(&mut self, kind: Kind, node: usize) -> usize {
        let id = self.scopes.len();
        self.scopes.push(Scope::new(kind, Some(self.cur)));
        self.by_node.insert(node, id);
        let prev = self.cur;
        self.cur = id;
        prev
    }
    fn bind(&mut self, name: &str) {
        let s = &mut self.scopes[self.cur];
        if s.globals.contains(name) {
            self.module_bound.insert(name.to_string());
            return;
        }
        s.bind(name);
        if s.kind == Kind::Module {
            self.module_bound.insert(name.to_string());
        }
    }
    fn use_name(&mut self, name: &str) {
        self.scopes[self.cur].used.insert(name.to_string());
    }
    fn params(&mut self, p: &ast::Parameters) {
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            self.param(a.parameter.name.as_str());
        }
        let mut rest = Vec::new();
        for a in p.kwonlyargs.iter() {
            rest.push(a.parameter.name.to_string());
        }
        if let Some(v) = &p.vararg {
            self.param(v.name.as_str());
        }
        for r in rest {
            self.param(&r);
        }
        if let Some(k) = &p.kwarg {
            self.param(k.name.as_str());
        }
    }
    fn param(&mut self, name: &str) {
        let s = &mut self.scopes[self.cur];
        s.params.push(name.to_string());
        s.bind(name);
    }
    fn target(&mut self, e: &Expr) {
        match e {
            Expr::Name(n) => self.bind(n.id.as_str()),
            Expr::Tuple(t) => t.elts.iter().for_each(|x| self.target(x)),
            Expr::List(t) => t.elts.iter().for_each(|x| self.target(x)),
            Expr::Starred(s) => self.target(&s.value),
            other => self.visit_expr(other),
        }
    }
    fn comprehension(&mut self, node: usize, generators: &[ast::Comprehension], elts: &[&Expr]) {
        // The first iterable is evaluated in the enclosing scope.
        if let Some(g) = generators.first() {
            self.visit_expr(&g.iter);
        }
        let prev = self.push(Kind::Comprehension, node);
        self.param(".0");
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.visit_expr(&g.iter);
            }
            self.target(&g.target);
            for c in &g.ifs {
                self.visit_expr(c);
            }
        }
        for e in elts {
            self.visit_expr(e);
        }
        self.cur = prev;
    }
}

impl<'a> Visitor<'a> for Builder {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                for p in f.parameters.iter_non_variadic_params() {
                    if let Some(d) = &p.default {
                        self.visit_expr(d);
                    }
                }
                self.bind(f.name.as_str());
                let prev = self.push(Kind::Function, addr(f));
                self.params(&f.parameters);
                self.visit_body(&f.body);
                self.cur = prev;
            }
            Stmt::ClassDef(c) => {
                if let Some(a) = &c.arguments {
                    for b in a.args.iter() {
                        self.visit_expr(b);
                    }
                }
                self.bind(c.name.as_str());
                let prev = self.push(Kind::Class, addr(c));
                self.visit_body(&c.body);
                self.cur = prev;
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.scopes[self.cur].globals.insert(n.to_string());
                    self.module_bound.insert(n.to_string());
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    self.scopes[self.cur].nonlocals.insert(n.to_string());
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let n = match &a.asname {
                        Some(x) => x.to_string(),
                        None => a.name.split('.').next().unwrap_or("").to_string(),
                    };
                    self.bind(&n);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    let n = a.asname.as_ref().unwrap_or(&a.name);
                    self.bind(n.as_str());
                }
            }
            Stmt::Try(t) => {
                self.visit_body(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.visit_expr(ty);
                    }
                    if let Some(n) = &h.name {
                        self.bind(n.as_str());
                    }
                    self.visit_body(&h.body);
                }
                self.visit_body(&t.orelse);
                self.visit_body(&t.finalbody);
            }
            Stmt::AugAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    self.use_name(n.id.as_str());
                    self.bind(n.id.as_str());
                } else {
                    self.visit_expr(&a.target);
                }
                self.visit_expr(&a.value);
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) => match n.ctx {
                ExprContext::Load => {
                    self.use_name(n.id.as_str());
                    if n.id.as_str() == "super" {
                        self.scopes[self.cur].uses_super = true;
                    }
                }
                _ => self.bind(n.id.as_str()),
            },
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    for p in p.iter_non_variadic_params() {
                        if let Some(d) = &p.default {
                            self.visit_expr(d);
                        }
                    }
                }
                let prev = self.push(Kind::Function, addr(l));
                if let Some(p) = &l.parameters {
                    self.params(p);
                }
                self.visit_expr(&l.body);
                self.cur = prev;
            }
            Expr::ListComp(c) => self.comprehension(addr(c), &c.generators, &[&c.elt]),
            Expr::SetComp(c) => self.comprehension(addr(c), &c.generators, &[&c.elt]),
            Expr::Generator(c) => self.comprehension(addr(c), &c.generators, &[&c.elt]),
            Expr::DictComp(c) => {
                let mut elts: Vec<&Expr> = Vec::new();
                if let Some(k) = &c.key {
                    elts.push(k);
                }
                elts.push(&c.value);
                self.comprehension(addr(c), &c.generators, &elts)
            }
            Expr::Named(n) => {
                // The walrus binds in the nearest non-comprehension scope.
                let saved = self.cur;
                while self.scopes[self.cur].kind == Kind::Comprehension {
                    match self.scopes[self.cur].parent {
                        Some(p) => self.cur = p,
                        None => break,
                    }
                }
                self.target(&n.target);
                self.cur = saved;
                if let Expr::Name(t) = &*n.target {
                    // Comprehension scopes see it as free.
                    self.use_name(t.id.as_str());
                }
                self.visit_expr(&n.value);
            }
            _ => walk_expr(self, expr),
        }
    }
}

/// Builds the table and resolves every scope's cells and free variables.
pub fn build(module: &ast::ModModule) -> Result<Table, (String, usize)> {
    let mut b = Builder {
        scopes: vec![Scope::new(Kind::Module, None)],
        by_node: HashMap::new(),
        cur: 0,
        module_bound: HashSet::new(),
    };
    for s in &module.body {
        b.visit_stmt(s);
    }
    let mut scopes = b.scopes;
    // Locals: bound names not declared global/nonlocal.
    for s in scopes.iter_mut() {
        if matches!(s.kind, Kind::Function | Kind::Comprehension) {
            let mut locals: Vec<String> = s.params.clone();
            for n in &s.bound {
                if !s.globals.contains(n) && !s.nonlocals.contains(n) && !locals.contains(n) {
                    locals.push(n.clone());
                }
            }
            s.locals = locals;
        }
    }
    // Free variables: for each use (or nonlocal) not local, look outward
    // through function scopes (class scopes are skipped, as in Python).
    let n = scopes.len();
    for i in 0..n {
        if scopes[i].kind == Kind::Module {
            continue;
        }
        let mut wanted: Vec<String> = Vec::new();
        {
            let s = &scopes[i];
            let mut names: Vec<&String> = s.used.iter().collect();
            names.sort();
            for u in names {
                let local = match s.kind {
                    Kind::Class => s.is_bound(u),
                    _ => s.locals.contains(u),
                };
                if !local && !s.globals.contains(u) {
                    wanted.push(u.clone());
                }
            }
            let mut nl: Vec<&String> = s.nonlocals.iter().collect();
            nl.sort();
            for u in nl {
                if !wanted.contains(u) {
                    wanted.push(u.clone());
                }
            }
            if s.uses_super && s.kind != Kind::Class {
                wanted.push("__class__".into());
            }
        }
        for name in wanted {
            // Find the defining function scope.
            let mut p = scopes[i].parent;
            let mut path = vec![i];
            let mut found = None;
            while let Some(j) = p {
                let s = &scopes[j];
                match s.kind {
                    Kind::Module => break,
                    Kind::Class => {
                        if name == "__class__" {
                            found = Some(j);
                            break;
                        }
                    }
                    _ => {
                        if s.globals.contains(&name) {
                            break;
                        }
                        if s.locals.contains(&name) {
                            found = Some(j);
                            break;
                        }
                    }
                }
                path.push(j);
                p = s.parent;
            }
            match found {
                Some(def) => {
                    if !scopes[def].cells.contains(&name) {
                        scopes[def].cells.push(name.clone());
                    }
                    for k in path {
                        if !scopes[k].frees.contains(&name) {
                            scopes[k].frees.push(name.clone());
                        }
                    }
                }
                None => {
                    if scopes[i].nonlocals.contains(&name) {
                        return Err((format!("no binding for nonlocal '{name}' found"), i));
                    }
                }
            }
        }
    }
    // A name both cell and free in one scope can't happen; cells in a
    // function keep their local slot unused.
    Ok(Table {
        scopes,
        by_node: b.by_node,
        module_bound: b.module_bound,
    })
}
