//! AST to bytecode, once per program. Locals become slots, module names
//! become indices into the global table, built-in names that the program
//! never rebinds become constants, attribute names are interned per code.

pub mod scope;

use crate::bytecode::{BinOp, CmpOp, Code, GlobalName, Op, Program, Signature, Source};
use crate::error::{CompileError, ExcKind};
use crate::value::{int, Name, PyStr, Value};
use ruff_python_ast::{self as ast, Expr, InterpolatedStringElement, Number, Stmt};
use ruff_text_size::Ranged;
use scope::{Kind, Resolved, Table};
use std::collections::HashMap;
use std::sync::Arc;

/// Deepest expression nesting compiled (the parser's bounds keep real
/// programs far below; this guards the compiler's own recursion).
const MAX_DEPTH: usize = 400;

enum FBlock<'a> {
    For {
        cont: usize,
        breaks: Vec<usize>,
    },
    While {
        cont: usize,
        breaks: Vec<usize>,
    },
    TryExcept,
    TryFinally(&'a [Stmt]),
    HandlerBody,
    FinallyExc,
    With,
    /// A return value waits below (a finally body inlined on the return
    /// path): `break`/`continue` there must drop it.
    PopValue,
}

struct Unit<'a> {
    scope: usize,
    ops: Vec<Op>,
    pos: Vec<u32>,
    consts: Vec<Value>,
    str_consts: HashMap<String, u32>,
    int_consts: HashMap<i64, u32>,
    names: Vec<Name>,
    name_idx: HashMap<String, u32>,
    children: Vec<Arc<Code>>,
    cur: u32,
    fblocks: Vec<FBlock<'a>>,
    qualname: String,
    doc: Option<String>,
    is_generator: bool,
    /// Instruction indices some jump targets (no fusion across them).
    labels: std::collections::HashSet<usize>,
}

pub struct Compiler<'a> {
    table: &'a Table,
    source: Arc<Source>,
    globals: Vec<GlobalName>,
    global_idx: HashMap<String, u32>,
    units: Vec<Unit<'a>>,
    depth: usize,
    interned: HashMap<String, Name>,
}

type CResult<T = ()> = Result<T, CompileError>;

pub fn compile(source: &str, filename: &str) -> Result<Arc<Program>, CompileError> {
    let module = crate::parse::parse(source)?;
    crate::check::check(&module, source)?;
    let table = scope::build(&module).map_err(|(msg, _)| CompileError {
        kind: "SyntaxError",
        msg,
        line: 1,
        col: 1,
        note: None,
    })?;
    let src = Arc::new(Source::new(filename, source));
    let mut c = Compiler {
        table: &table,
        source: src.clone(),
        globals: Vec::new(),
        global_idx: HashMap::new(),
        units: Vec::new(),
        depth: 0,
        interned: HashMap::new(),
    };
    c.units.push(Unit::new(0, String::new()));
    for s in &module.body {
        c.stmt(s)?;
    }
    c.emit(Op::LoadConst(0));
    c.emit(Op::Return);
    let code = c.finish("<module>", Signature::default(), 0)?;
    let program = Program {
        module: code,
        globals: c.globals,
        source: src,
    };
    Ok(Arc::new(program))
}

impl<'a> Unit<'a> {
    fn new(scope: usize, qualname: String) -> Unit<'a> {
        Unit {
            scope,
            ops: Vec::new(),
            pos: Vec::new(),
            // const 0 is always None
            consts: vec![Value::None],
            str_consts: HashMap::new(),
            int_consts: HashMap::new(),
            names: Vec::new(),
            name_idx: HashMap::new(),
            children: Vec::new(),
            cur: 0,
            fblocks: Vec::new(),
            qualname,
            doc: None,
            is_generator: false,
            labels: std::collections::HashSet::new(),
        }
    }
}

fn binop(op: ast::Operator) -> BinOp {
    use ast::Operator as O;
    match op {
        O::Add => BinOp::Add,
        O::Sub => BinOp::Sub,
        O::Mult => BinOp::Mul,
        O::MatMult => BinOp::MatMul,
        O::Div => BinOp::TrueDiv,
        O::Mod => BinOp::Mod,
        O::Pow => BinOp::Pow,
        O::LShift => BinOp::LShift,
        O::RShift => BinOp::RShift,
        O::BitOr => BinOp::Or,
        O::BitXor => BinOp::Xor,
        O::BitAnd => BinOp::And,
        O::FloorDiv => BinOp::FloorDiv,
    }
}

fn cmpop(op: ast::CmpOp) -> CmpOp {
    use ast::CmpOp as C;
    match op {
        C::Eq => CmpOp::Eq,
        C::NotEq => CmpOp::Ne,
        C::Lt => CmpOp::Lt,
        C::LtE => CmpOp::Le,
        C::Gt => CmpOp::Gt,
        C::GtE => CmpOp::Ge,
        C::Is => CmpOp::Is,
        C::IsNot => CmpOp::IsNot,
        C::In => CmpOp::In,
        C::NotIn => CmpOp::NotIn,
    }
}

impl<'a> Compiler<'a> {
    fn unit(&mut self) -> &mut Unit<'a> {
        let n = self.units.len() - 1;
        &mut self.units[n]
    }
    fn scope(&self) -> &'a scope::Scope {
        let u = &self.units[self.units.len() - 1];
        &self.table.scopes[u.scope]
    }
    fn emit(&mut self, op: Op) -> usize {
        let u = self.unit();
        let cur = u.cur;
        match op {
            Op::Jump(t)
            | Op::JumpIfTrue(t)
            | Op::JumpIfFalseOrPop(t)
            | Op::JumpIfTrueOrPop(t)
            | Op::ForIter(t) => {
                u.labels.insert(t as usize);
            }
            Op::JumpIfFalse(t) => {
                u.labels.insert(t as usize);
                // Peephole: Compare + JumpIfFalse -> one instruction.
                let k = u.ops.len();
                if let Some(Op::Compare(c)) = u.ops.last().copied() {
                    if !u.labels.contains(&k) && !u.labels.contains(&(k - 1)) {
                        let last = u.ops.len() - 1;
                        u.ops[last] = Op::CmpJumpIfFalse(c, t);
                        return last;
                    }
                }
            }
            _ => {}
        }
        u.ops.push(op);
        u.pos.push(cur);
        u.ops.len() - 1
    }
    fn here(&mut self) -> usize {
        self.unit().ops.len()
    }
    fn patch(&mut self, at: usize, target: usize) {
        let t = target as u32;
        let u = self.unit();
        u.labels.insert(target);
        u.ops[at] = match u.ops[at] {
            Op::CmpJumpIfFalse(c, _) => Op::CmpJumpIfFalse(c, t),
            Op::Jump(_) => Op::Jump(t),
            Op::JumpIfFalse(_) => Op::JumpIfFalse(t),
            Op::JumpIfTrue(_) => Op::JumpIfTrue(t),
            Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(t),
            Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(t),
            Op::ForIter(_) => Op::ForIter(t),
            Op::SetupExcept(_) => Op::SetupExcept(t),
            Op::SetupFinally(_) => Op::SetupFinally(t),
            Op::BeforeWith(_) => Op::BeforeWith(t),
            other => other,
        };
    }
    fn set_pos(&mut self, r: impl Ranged) {
        self.unit().cur = r.range().start().to_u32();
    }
    fn err(&self, kind: &'static str, msg: impl Into<String>, off: u32) -> CompileError {
        CompileError {
            kind,
            msg: msg.into(),
            line: self.source.line_of(off),
            col: self.source.col_of(off),
            note: None,
        }
    }

    fn intern(&mut self, s: &str) -> Name {
        if let Some(n) = self.interned.get(s) {
            return n.clone();
        }
        let n: Name = Arc::new(PyStr::new(s));
        self.interned.insert(s.to_string(), n.clone());
        n
    }
    fn const_str(&mut self, s: &str) -> u32 {
        if let Some(i) = self.unit().str_consts.get(s) {
            return *i;
        }
        let v = Value::Str(self.intern(s));
        let u = self.unit();
        u.consts.push(v);
        let i = (u.consts.len() - 1) as u32;
        u.str_consts.insert(s.to_string(), i);
        i
    }
    fn const_val(&mut self, v: Value) -> u32 {
        if let Value::Int(i) = v {
            if let Some(k) = self.unit().int_consts.get(&i) {
                return *k;
            }
            let u = self.unit();
            u.consts.push(v);
            let k = (u.consts.len() - 1) as u32;
            u.int_consts.insert(i, k);
            return k;
        }
        let u = self.unit();
        u.consts.push(v);
        (u.consts.len() - 1) as u32
    }
    fn name(&mut self, s: &str) -> u32 {
        if let Some(i) = self.unit().name_idx.get(s) {
            return *i;
        }
        let n = self.intern(s);
        let u = self.unit();
        u.names.push(n);
        let i = (u.names.len() - 1) as u32;
        u.name_idx.insert(s.to_string(), i);
        i
    }
    fn global(&mut self, s: &str) -> u32 {
        if let Some(i) = self.global_idx.get(s) {
            return *i;
        }
        let name = self.intern(s);
        self.globals.push(GlobalName {
            name,
            builtin: crate::builtins::lookup(s),
        });
        let i = (self.globals.len() - 1) as u32;
        self.global_idx.insert(s.to_string(), i);
        i
    }

    fn finish(&mut self, name: &str, sig: Signature, first_pos: u32) -> CResult<Arc<Code>> {
        let u = self
            .units
            .pop()
            .ok_or_else(|| self.err("SyntaxError", "internal: no unit", 0))?;
        let s = &self.table.scopes[u.scope];
        let cell_args = s
            .cells
            .iter()
            .map(|c| {
                s.locals
                    .iter()
                    .position(|l| l == c)
                    .filter(|&i| i < s.params.len())
                    .map(|i| i as u32)
            })
            .collect();
        let intern = |c: &mut Self, v: &Vec<String>| v.iter().map(|x| c.intern(x)).collect::<Vec<_>>();
        let local_names = intern(self, &s.locals);
        let cell_names = intern(self, &s.cells);
        let free_names = intern(self, &s.frees);
        if u.ops.len() > u32::MAX as usize / 2 {
            return Err(self.err("SyntaxError", "program too large", 0));
        }
        let qualname = if u.qualname.is_empty() {
            name.to_string()
        } else {
            u.qualname.clone()
        };
        let names_len = u.names.len();
        Ok(Arc::new(Code {
            trace_pos: std::sync::OnceLock::new(),
            name: self.intern(name),
            qualname: self.intern(&qualname),
            ops: u.ops,
            pos: u.pos,
            consts: u.consts,
            children: u.children,
            names: u.names,
            sig,
            nlocals: s.locals.len(),
            local_names,
            cell_names,
            cell_args,
            free_names,
            is_module: s.kind == Kind::Module,
            is_class_body: s.kind == Kind::Class,
            is_generator: u.is_generator,
            source: self.source.clone(),
            first_pos,
            doc: u.doc.map(|d| Value::Str(self.intern(&d))),
            method_cache: (0..names_len)
                .map(|_| std::sync::atomic::AtomicU32::new(0))
                .collect(),
        }))
    }

    // ---- names ----

    fn load_name(&mut self, id: &str) {
        match self.scope().resolve(id) {
            Resolved::Local(i) => {
                self.emit(Op::LoadFast(i));
            }
            Resolved::Deref(i) => {
                self.emit(Op::LoadDeref(i));
            }
            Resolved::ClassName => {
                self.global(id);
                let n = self.name(id);
                self.emit(Op::LoadName(n));
            }
            Resolved::Global => {
                if !self.table.module_bound.contains(id) {
                    if let Some(b) = crate::builtins::lookup(id) {
                        let k = self.const_val(b);
                        self.emit(Op::LoadConst(k));
                        return;
                    }
                }
                let g = self.global(id);
                self.emit(Op::LoadGlobal(g));
            }
        }
    }
    fn store_name(&mut self, id: &str) {
        match self.scope().resolve(id) {
            Resolved::Local(i) => self.emit(Op::StoreFast(i)),
            Resolved::Deref(i) => self.emit(Op::StoreDeref(i)),
            Resolved::ClassName => {
                let n = self.name(id);
                self.emit(Op::StoreName(n))
            }
            Resolved::Global => {
                let g = self.global(id);
                self.emit(Op::StoreGlobal(g))
            }
        };
    }
    fn delete_name(&mut self, id: &str) {
        match self.scope().resolve(id) {
            Resolved::Local(i) => self.emit(Op::DeleteFast(i)),
            Resolved::Deref(i) => self.emit(Op::DeleteDeref(i)),
            Resolved::ClassName => {
                let n = self.name(id);
                self.emit(Op::DeleteName(n))
            }
            Resolved::Global => {
                let g = self.global(id);
                self.emit(Op::DeleteGlobal(g))
            }
        };
    }

    // ---- statements ----

    fn body(&mut self, stmts: &'a [Stmt]) -> CResult {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt) -> CResult {
        self.set_pos(s);
        match s {
            Stmt::Expr(e) => {
                if let Expr::EllipsisLiteral(_) = &*e.value {
                    return Ok(());
                }
                self.expr(&e.value)?;
                self.emit(Op::Pop);
            }
            Stmt::Pass(_) => {}
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < n {
                        self.emit(Op::Dup);
                    }
                    self.store(t)?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v)?;
                    self.store(&a.target)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::If(i) => {
                let mut ends = Vec::new();
                self.expr(&i.test)?;
                let mut jf = self.emit(Op::JumpIfFalse(0));
                self.body(&i.body)?;
                for clause in &i.elif_else_clauses {
                    ends.push(self.emit(Op::Jump(0)));
                    let h = self.here();
                    self.patch(jf, h);
                    self.set_pos(clause);
                    match &clause.test {
                        Some(t) => {
                            self.expr(t)?;
                            jf = self.emit(Op::JumpIfFalse(0));
                            self.body(&clause.body)?;
                        }
                        None => {
                            self.body(&clause.body)?;
                            jf = usize::MAX;
                        }
                    }
                }
                let h = self.here();
                if jf != usize::MAX {
                    self.patch(jf, h);
                }
                for e in ends {
                    self.patch(e, h);
                }
            }
            Stmt::While(w) => {
                let start = self.here();
                self.expr(&w.test)?;
                let jf = self.emit(Op::JumpIfFalse(0));
                self.unit().fblocks.push(FBlock::While {
                    cont: start,
                    breaks: Vec::new(),
                });
                self.body(&w.body)?;
                self.emit(Op::Jump(start as u32));
                let fb = self.unit().fblocks.pop();
                let h = self.here();
                self.patch(jf, h);
                self.body(&w.orelse)?;
                let end = self.here();
                if let Some(FBlock::While { breaks, .. }) = fb {
                    for b in breaks {
                        self.patch(b, end);
                    }
                }
            }
            Stmt::For(f) => {
                self.expr(&f.iter)?;
                self.set_pos(&*f.iter);
                self.emit(Op::GetIter);
                let start = self.here();
                let fi = self.emit(Op::ForIter(0));
                self.store(&f.target)?;
                self.unit().fblocks.push(FBlock::For {
                    cont: start,
                    breaks: Vec::new(),
                });
                self.body(&f.body)?;
                self.emit(Op::Jump(start as u32));
                let fb = self.unit().fblocks.pop();
                let h = self.here();
                self.patch(fi, h);
                self.body(&f.orelse)?;
                let end = self.here();
                if let Some(FBlock::For { breaks, .. }) = fb {
                    for b in breaks {
                        self.patch(b, end);
                    }
                }
            }
            Stmt::Break(_) => self.break_or_continue(true)?,
            Stmt::Continue(_) => self.break_or_continue(false)?,
            Stmt::Return(r) => {
                match &r.value {
                    Some(v) => self.expr(v)?,
                    None => {
                        self.emit(Op::LoadConst(0));
                    }
                }
                self.set_pos(s);
                self.unwind_all(true)?;
                self.emit(Op::Return);
            }
            Stmt::FunctionDef(f) => {
                self.function(
                    addr_of(f),
                    f.name.as_str(),
                    &f.parameters,
                    FuncBody::Stmts(&f.body),
                    f.range().start().to_u32(),
                )?;
                self.store_name(f.name.as_str());
            }
            Stmt::ClassDef(c) => self.class(c)?,
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete(t)?;
                }
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.set_pos(s);
                self.emit(Op::Raise(n));
            }
            Stmt::Assert(a) => {
                self.expr(&a.test)?;
                let j = self.emit(Op::JumpIfTrue(0));
                self.set_pos(s);
                let k = ExcKind::ALL
                    .iter()
                    .position(|k| *k == ExcKind::AssertionError)
                    .unwrap_or(0);
                self.emit(Op::LoadExc(k as u32));
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                    self.emit(Op::Call(1, u16::MAX));
                }
                self.set_pos(s);
                self.emit(Op::Raise(1));
                let h = self.here();
                self.patch(j, h);
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let k = self.const_str(a.name.as_str());
                    self.emit(Op::Import(k));
                    match &a.asname {
                        Some(n) => self.store_name(n.as_str()),
                        None => {
                            let top = a.name.split('.').next().unwrap_or("");
                            if top != a.name.as_str() {
                                // `import a.b` binds `a`.
                                self.emit(Op::Pop);
                                let k = self.const_str(top);
                                self.emit(Op::Import(k));
                            }
                            self.store_name(top)
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                let m = i.module.as_ref().map(|m| m.to_string()).unwrap_or_default();
                let k = self.const_str(&m);
                self.emit(Op::Import(k));
                for a in &i.names {
                    let n = self.name(a.name.as_str());
                    self.emit(Op::ImportFrom(n));
                    let target = a.asname.as_ref().unwrap_or(&a.name);
                    self.store_name(target.as_str());
                }
                self.emit(Op::Pop);
            }
            Stmt::Try(t) => self.try_stmt(t)?,
            Stmt::With(w) => self.with_stmt(&w.items, &w.body)?,
            other => {
                return Err(self.err(
                    "NotImplementedError",
                    "this statement is not supported in Lockstep yet",
                    other.range().start().to_u32(),
                ))
            }
        }
        Ok(())
    }

    fn break_or_continue(&mut self, is_break: bool) -> CResult {
        // Unwind blocks inside the loop, innermost first.
        let n = self.unit().fblocks.len();
        let mut i = n;
        while i > 0 {
            i -= 1;
            if matches!(self.unit().fblocks[i], FBlock::For { .. } | FBlock::While { .. }) {
                break;
            }
            self.unwind_one(i, false)?;
        }
        match &self.unit().fblocks[i] {
            FBlock::For { cont, .. } => {
                let cont = *cont;
                if is_break {
                    self.emit(Op::Pop);
                    let j = self.emit(Op::Jump(0));
                    if let FBlock::For { breaks, .. } = &mut self.unit().fblocks[i] {
                        breaks.push(j);
                    }
                } else {
                    self.emit(Op::Jump(cont as u32));
                }
            }
            FBlock::While { cont, .. } => {
                let cont = *cont;
                if is_break {
                    let j = self.emit(Op::Jump(0));
                    if let FBlock::While { breaks, .. } = &mut self.unit().fblocks[i] {
                        breaks.push(j);
                    }
                } else {
                    self.emit(Op::Jump(cont as u32));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn unwind_all(&mut self, keep_tos: bool) -> CResult {
        let n = self.unit().fblocks.len();
        for i in (0..n).rev() {
            self.unwind_one(i, keep_tos)?;
        }
        Ok(())
    }

    /// Emits the exit code of fblock `i` (for break/continue/return).
    fn unwind_one(&mut self, i: usize, keep_tos: bool) -> CResult {
        let u = self.unit();
        match &u.fblocks[i] {
            FBlock::For { .. } => {
                if keep_tos {
                    self.emit(Op::Rot2);
                }
                self.emit(Op::Pop);
            }
            FBlock::While { .. } => {}
            FBlock::TryExcept => {
                self.emit(Op::PopBlock);
            }
            FBlock::TryFinally(body) => {
                let body = *body;
                self.emit(Op::PopBlock);
                // The finally body runs outside its own block (a `break`
                // inside it must not run it again).
                let saved: Vec<FBlock<'a>> = self.unit().fblocks.drain(i..).collect();
                if keep_tos {
                    self.unit().fblocks.push(FBlock::PopValue);
                }
                self.body(body)?;
                if keep_tos {
                    self.unit().fblocks.pop();
                }
                let u = self.unit();
                u.fblocks.extend(saved);
            }
            FBlock::HandlerBody => {
                self.emit(Op::PopExcept);
            }
            FBlock::PopValue => {
                if keep_tos {
                    self.emit(Op::Rot2);
                }
                self.emit(Op::Pop);
            }
            FBlock::FinallyExc => {
                if keep_tos {
                    self.emit(Op::Rot2);
                }
                self.emit(Op::Pop);
                self.emit(Op::PopExcept);
            }
            FBlock::With => {
                self.emit(Op::PopBlock);
                if keep_tos {
                    self.emit(Op::Rot2);
                }
                self.emit(Op::ExitWith(0));
            }
        }
        Ok(())
    }

    fn try_stmt(&mut self, t: &'a ast::StmtTry) -> CResult {
        if t.finalbody.is_empty() {
            return self.try_except(t);
        }
        let setup = self.emit(Op::SetupFinally(0));
        self.unit().fblocks.push(FBlock::TryFinally(&t.finalbody));
        if t.handlers.is_empty() {
            self.body(&t.body)?;
            self.body(&t.orelse)?;
        } else {
            self.try_except(t)?;
        }
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        self.body(&t.finalbody)?;
        let jend = self.emit(Op::Jump(0));
        let h = self.here();
        self.patch(setup, h);
        self.unit().fblocks.push(FBlock::FinallyExc);
        self.body(&t.finalbody)?;
        self.unit().fblocks.pop();
        self.emit(Op::Reraise);
        let end = self.here();
        self.patch(jend, end);
        Ok(())
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> CResult {
        let setup = self.emit(Op::SetupExcept(0));
        self.unit().fblocks.push(FBlock::TryExcept);
        self.body(&t.body)?;
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        self.body(&t.orelse)?;
        let mut ends = vec![self.emit(Op::Jump(0))];
        let h = self.here();
        self.patch(setup, h);
        let mut bare = false;
        for handler in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(hd) = handler;
            self.set_pos(hd);
            let mut next = None;
            match &hd.type_ {
                Some(ty) => {
                    self.emit(Op::Dup);
                    self.expr(ty)?;
                    self.emit(Op::CheckExcMatch);
                    next = Some(self.emit(Op::JumpIfFalse(0)));
                }
                None => bare = true,
            }
            match &hd.name {
                Some(n) => self.store_name(n.as_str()),
                None => {
                    self.emit(Op::Pop);
                }
            }
            self.unit().fblocks.push(FBlock::HandlerBody);
            self.body(&hd.body)?;
            self.unit().fblocks.pop();
            self.emit(Op::PopExcept);
            if let Some(n) = &hd.name {
                // Python deletes the name after the handler.
                self.emit(Op::LoadConst(0));
                self.store_name(n.as_str());
                self.delete_name(n.as_str());
            }
            ends.push(self.emit(Op::Jump(0)));
            if let Some(j) = next {
                let h = self.here();
                self.patch(j, h);
            }
            if bare {
                break;
            }
        }
        if !bare {
            self.emit(Op::Reraise);
        }
        let end = self.here();
        for e in ends {
            self.patch(e, end);
        }
        Ok(())
    }

    fn with_stmt(&mut self, items: &'a [ast::WithItem], body: &'a [Stmt]) -> CResult {
        let Some((first, rest)) = items.split_first() else {
            return self.body(body);
        };
        self.expr(&first.context_expr)?;
        self.set_pos(&first.context_expr);
        let setup = self.emit(Op::BeforeWith(0));
        match &first.optional_vars {
            Some(t) => self.store(t)?,
            None => {
                self.emit(Op::Pop);
            }
        }
        self.unit().fblocks.push(FBlock::With);
        self.with_stmt(rest, body)?;
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        self.emit(Op::ExitWith(0));
        let jend = self.emit(Op::Jump(0));
        let h = self.here();
        self.patch(setup, h);
        self.emit(Op::WithExcept);
        let js = self.emit(Op::JumpIfTrue(0));
        self.emit(Op::Reraise);
        let s = self.here();
        self.patch(js, s);
        self.emit(Op::Pop);
        self.emit(Op::PopExcept);
        self.emit(Op::Pop);
        let end = self.here();
        self.patch(jend, end);
        Ok(())
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> CResult {
        let op = binop(a.op);
        match &*a.target {
            Expr::Name(n) => {
                self.load_name(n.id.as_str());
                self.expr(&a.value)?;
                self.set_pos(a);
                self.emit(Op::Inplace(op));
                self.store_name(n.id.as_str());
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Op::Dup);
                let n = self.name(at.attr.as_str());
                self.set_pos(at);
                self.emit(Op::LoadAttr(n));
                self.expr(&a.value)?;
                self.set_pos(a);
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot2);
                self.emit(Op::StoreAttr(n));
            }
            Expr::Subscript(sb) => {
                self.expr(&sb.value)?;
                self.subscript_index(&sb.slice)?;
                self.emit(Op::Dup2);
                self.set_pos(sb);
                self.emit(Op::Subscr);
                self.expr(&a.value)?;
                self.set_pos(a);
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot3);
                self.emit(Op::StoreSubscr);
            }
            other => {
                return Err(self.err(
                    "SyntaxError",
                    "'expression' is an illegal expression for augmented assignment",
                    other.range().start().to_u32(),
                ))
            }
        }
        Ok(())
    }

    fn store(&mut self, t: &'a Expr) -> CResult {
        match t {
            Expr::Name(n) => self.store_name(n.id.as_str()),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let n = self.name(a.attr.as_str());
                self.set_pos(a);
                self.emit(Op::StoreAttr(n));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.subscript_index(&s.slice)?;
                self.set_pos(s);
                self.emit(Op::StoreSubscr);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                self.set_pos(t);
                let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                match star {
                    None => {
                        self.emit(Op::UnpackSequence(elts.len() as u32));
                    }
                    Some(i) => {
                        if elts.iter().filter(|e| matches!(e, Expr::Starred(_))).count() > 1 {
                            return Err(self.err(
                                "SyntaxError",
                                "multiple starred expressions in assignment",
                                t.range().start().to_u32(),
                            ));
                        }
                        let after = elts.len() - i - 1;
                        if i > u16::MAX as usize || after > u16::MAX as usize {
                            return Err(self.err(
                                "SyntaxError",
                                "too many expressions in star-unpacking assignment",
                                t.range().start().to_u32(),
                            ));
                        }
                        self.emit(Op::UnpackEx(i as u16, after as u16));
                    }
                }
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.store(&s.value)?,
                        e => self.store(e)?,
                    }
                }
            }
            Expr::Starred(s) => {
                return Err(self.err(
                    "SyntaxError",
                    "starred assignment target must be in a list or tuple",
                    s.range().start().to_u32(),
                ))
            }
            other => {
                return Err(self.err(
                    "SyntaxError",
                    "cannot assign to expression",
                    other.range().start().to_u32(),
                ))
            }
        }
        Ok(())
    }

    fn delete(&mut self, t: &'a Expr) -> CResult {
        self.set_pos(t);
        match t {
            Expr::Name(n) => self.delete_name(n.id.as_str()),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let n = self.name(a.attr.as_str());
                self.emit(Op::DeleteAttr(n));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.subscript_index(&s.slice)?;
                self.set_pos(s);
                self.emit(Op::DeleteSubscr);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for e in elts {
                    self.delete(e)?;
                }
            }
            other => {
                return Err(self.err(
                    "SyntaxError",
                    "cannot delete expression",
                    other.range().start().to_u32(),
                ))
            }
        }
        Ok(())
    }

    // ---- functions and classes ----

    fn function(
        &mut self,
        node: usize,
        name: &str,
        params: &'a ast::Parameters,
        body: FuncBody<'a>,
        first_pos: u32,
    ) -> CResult {
        // Defaults, evaluated now in the enclosing scope.
        let mut flags = 0u8;
        let pos_defaults: Vec<&Expr> = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .filter_map(|p| p.default.as_deref())
            .collect();
        if !pos_defaults.is_empty() {
            for d in &pos_defaults {
                self.expr(d)?;
            }
            self.emit(Op::BuildTuple(pos_defaults.len() as u32));
            flags |= 1;
        }
        let kw_defaults: Vec<(&str, &Expr)> = params
            .kwonlyargs
            .iter()
            .filter_map(|p| p.default.as_deref().map(|d| (p.parameter.name.as_str(), d)))
            .collect();
        if !kw_defaults.is_empty() {
            for (n, d) in &kw_defaults {
                let k = self.const_str(n);
                self.emit(Op::LoadConst(k));
                self.expr(d)?;
            }
            self.emit(Op::BuildMap(kw_defaults.len() as u32));
            flags |= 2;
        }
        let sid = *self
            .table
            .by_node
            .get(&node)
            .ok_or_else(|| self.err("SyntaxError", "internal: unknown scope", first_pos))?;
        let qual = self.child_qualname(name);
        let code = self.compile_child(sid, qual, name, params, body, first_pos)?;
        self.make_closure(code, flags, first_pos)
    }

    fn child_qualname(&self, name: &str) -> String {
        let u = &self.units[self.units.len() - 1];
        let s = &self.table.scopes[u.scope];
        match s.kind {
            Kind::Module => name.to_string(),
            Kind::Class => format!("{}.{}", u.qualname, name),
            _ => format!("{}.<locals>.{}", u.qualname, name),
        }
    }

    fn compile_child(
        &mut self,
        sid: usize,
        qual: String,
        name: &str,
        params: &'a ast::Parameters,
        body: FuncBody<'a>,
        first_pos: u32,
    ) -> CResult<Arc<Code>> {
        let sig = Signature {
            params: params
                .posonlyargs
                .iter()
                .chain(params.args.iter())
                .chain(params.kwonlyargs.iter())
                .map(|p| self.intern(p.parameter.name.as_str()))
                .collect(),
            posonly: params.posonlyargs.len(),
            positional: params.posonlyargs.len() + params.args.len(),
            kwonly: params.kwonlyargs.len(),
            varargs: params.vararg.is_some(),
            varkw: params.kwarg.is_some(),
        };
        // Duplicate parameter names are a SyntaxError.
        let mut seen = std::collections::HashSet::new();
        for p in params.iter() {
            let n = p.name().as_str();
            if !seen.insert(n.to_string()) {
                return Err(self.err(
                    "SyntaxError",
                    format!("duplicate argument '{n}' in function definition"),
                    first_pos,
                ));
            }
        }
        self.units.push(Unit::new(sid, qual));
        self.unit().cur = first_pos;
        match body {
            FuncBody::Stmts(b) => {
                if let Some(d) = docstring(b) {
                    self.unit().doc = Some(d);
                }
                self.body(b)?;
                self.emit(Op::LoadConst(0));
                self.emit(Op::Return);
            }
            FuncBody::Expr(e) => {
                self.expr(e)?;
                self.emit(Op::Return);
            }
        }
        self.finish(name, sig, first_pos)
    }

    /// Pushes the closure tuple (if any) and emits MakeFunction.
    fn make_closure(&mut self, code: Arc<Code>, mut flags: u8, pos: u32) -> CResult {
        if !code.free_names.is_empty() {
            let frees: Vec<String> = code.free_names.iter().map(|n| n.as_str().to_string()).collect();
            for f in &frees {
                match self.scope().resolve(f) {
                    Resolved::Deref(i) => {
                        self.emit(Op::LoadClosure(i));
                    }
                    _ => {
                        // `__class__` inside a class body is the body's own cell.
                        let s = self.scope();
                        if let Some(i) = s.cells.iter().position(|c| c == f) {
                            self.emit(Op::LoadClosure(i as u32));
                        } else if let Some(i) = s.frees.iter().position(|c| c == f) {
                            self.emit(Op::LoadClosure((s.cells.len() + i) as u32));
                        } else {
                            return Err(self.err(
                                "SyntaxError",
                                format!("internal: free variable '{f}' not found"),
                                pos,
                            ));
                        }
                    }
                }
            }
            self.emit(Op::BuildTuple(frees.len() as u32));
            flags |= 4;
        }
        let u = self.unit();
        u.children.push(code);
        let idx = (u.children.len() - 1) as u32;
        self.unit().cur = pos;
        self.emit(Op::MakeFunction(idx, flags));
        Ok(())
    }

    fn class(&mut self, c: &'a ast::StmtClassDef) -> CResult {
        let sid = *self.table.by_node.get(&addr_of(c)).ok_or_else(|| {
            self.err(
                "SyntaxError",
                "internal: unknown scope",
                c.range().start().to_u32(),
            )
        })?;
        let qual = self.child_qualname(c.name.as_str());
        let pos = c.range().start().to_u32();
        self.units.push(Unit::new(sid, qual.clone()));
        self.unit().cur = pos;
        // __module__ and __qualname__ in the namespace.
        let k = self.const_str("__main__");
        self.emit(Op::LoadConst(k));
        let n = self.name("__module__");
        self.emit(Op::StoreName(n));
        let k = self.const_str(&qual);
        self.emit(Op::LoadConst(k));
        let n = self.name("__qualname__");
        self.emit(Op::StoreName(n));
        if let Some(d) = docstring(&c.body) {
            let k = self.const_str(&d);
            self.emit(Op::LoadConst(k));
            let n = self.name("__doc__");
            self.emit(Op::StoreName(n));
        }
        self.body(&c.body)?;
        // Return the __class__ cell (if methods use super()), else None.
        let s = &self.table.scopes[sid];
        match s.cells.iter().position(|x| x == "__class__") {
            Some(i) => {
                self.emit(Op::LoadClosure(i as u32));
            }
            None => {
                self.emit(Op::LoadConst(0));
            }
        }
        self.emit(Op::Return);
        let code = self.finish(c.name.as_str(), Signature::default(), pos)?;
        self.make_closure(code, 0, pos)?;
        let mut nbases = 0u16;
        if let Some(a) = &c.arguments {
            for b in a.args.iter() {
                self.expr(b)?;
                nbases += 1;
            }
        }
        let k = self.const_str(c.name.as_str());
        self.set_pos(c);
        self.emit(Op::MakeClass(nbases, k as u16));
        self.store_name(c.name.as_str());
        Ok(())
    }

    // ---- expressions ----

    fn expr(&mut self, e: &'a Expr) -> CResult {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(self.err(
                "SyntaxError",
                "expression too deeply nested",
                e.range().start().to_u32(),
            ));
        }
        let r = self.expr_inner(e);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &'a Expr) -> CResult {
        match e {
            Expr::NoneLiteral(_) => {
                self.emit(Op::LoadConst(0));
            }
            Expr::BooleanLiteral(b) => {
                let k = self.const_val(Value::Bool(b.value));
                self.emit(Op::LoadConst(k));
            }
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => match i.as_i64() {
                    Some(v) if v >= i32::MIN as i64 && v <= i32::MAX as i64 => {
                        self.emit(Op::LoadInt(v as i32));
                    }
                    Some(v) => {
                        let k = self.const_val(Value::Int(v));
                        self.emit(Op::LoadConst(k));
                    }
                    None => {
                        let v = int::parse_literal(&i.to_string()).ok_or_else(|| {
                            self.err(
                                "SyntaxError",
                                "invalid integer literal",
                                n.range().start().to_u32(),
                            )
                        })?;
                        let k = self.const_val(v);
                        self.emit(Op::LoadConst(k));
                    }
                },
                Number::Float(f) => {
                    let k = self.const_val(Value::Float(*f));
                    self.emit(Op::LoadConst(k));
                }
                Number::Complex { .. } => {
                    return Err(self.err(
                        "NotImplementedError",
                        "complex numbers are not supported in Lockstep yet",
                        n.range().start().to_u32(),
                    ))
                }
            },
            Expr::StringLiteral(s) => {
                let k = self.const_str(s.value.to_str());
                self.emit(Op::LoadConst(k));
            }
            Expr::FString(f) => self.fstring(f)?,
            Expr::Name(n) => {
                self.set_pos(n);
                self.load_name(n.id.as_str());
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.set_pos(b);
                self.emit(Op::Binary(binop(b.op)));
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.set_pos(u);
                self.emit(match u.op {
                    ast::UnaryOp::USub => Op::Neg,
                    ast::UnaryOp::UAdd => Op::Pos,
                    ast::UnaryOp::Not => Op::Not,
                    ast::UnaryOp::Invert => Op::Invert,
                });
            }
            Expr::BoolOp(b) => {
                let mut jumps = Vec::new();
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < n {
                        jumps.push(self.emit(match b.op {
                            ast::BoolOp::And => Op::JumpIfFalseOrPop(0),
                            ast::BoolOp::Or => Op::JumpIfTrueOrPop(0),
                        }));
                    }
                }
                let h = self.here();
                for j in jumps {
                    self.patch(j, h);
                }
            }
            Expr::Compare(c) => {
                let (Some(left), Some(rights)) = (c.operands.first(), c.operands.get(1..)) else {
                    return Err(self.err("SyntaxError", "invalid syntax", c.range().start().to_u32()));
                };
                self.expr(left)?;
                let n = c.ops.len().min(rights.len());
                if n == 1 {
                    self.expr(&rights[0])?;
                    self.set_pos(c);
                    self.emit(Op::Compare(cmpop(c.ops[0])));
                } else {
                    let mut cleanups = Vec::new();
                    for (i, (op, right)) in c.ops.iter().zip(rights.iter()).enumerate() {
                        self.expr(right)?;
                        self.set_pos(c);
                        if i + 1 < n {
                            self.emit(Op::Dup);
                            self.emit(Op::Rot3);
                            self.emit(Op::Compare(cmpop(*op)));
                            cleanups.push(self.emit(Op::JumpIfFalseOrPop(0)));
                        } else {
                            self.emit(Op::Compare(cmpop(*op)));
                        }
                    }
                    let j = self.emit(Op::Jump(0));
                    let h = self.here();
                    for c in cleanups {
                        self.patch(c, h);
                    }
                    self.emit(Op::Rot2);
                    self.emit(Op::Pop);
                    let end = self.here();
                    self.patch(j, end);
                }
            }
            Expr::If(i) => {
                self.expr(&i.test)?;
                let jf = self.emit(Op::JumpIfFalse(0));
                self.expr(&i.body)?;
                let j = self.emit(Op::Jump(0));
                let h = self.here();
                self.patch(jf, h);
                self.expr(&i.orelse)?;
                let end = self.here();
                self.patch(j, end);
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Op::Dup);
                if let Expr::Name(t) = &*n.target {
                    self.store_name(t.id.as_str());
                }
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let n = self.name(a.attr.as_str());
                self.set_pos(a);
                self.emit(Op::LoadAttr(n));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.subscript_index(&s.slice)?;
                self.set_pos(s);
                self.emit(Op::Subscr);
            }
            Expr::Slice(_) => self.subscript_index(e)?,
            Expr::Call(c) => self.call(c)?,
            Expr::List(l) => self.sequence(&l.elts, 0)?,
            Expr::Tuple(t) => self.sequence(&t.elts, 1)?,
            Expr::Set(s) => self.sequence(&s.elts, 2)?,
            Expr::Dict(d) => {
                let has_unpack = d.items.iter().any(|i| i.key.is_none());
                if !has_unpack {
                    for item in &d.items {
                        if let Some(k) = &item.key {
                            self.expr(k)?;
                        }
                        self.expr(&item.value)?;
                    }
                    self.set_pos(d);
                    self.emit(Op::BuildMap(d.items.len() as u32));
                } else {
                    self.emit(Op::BuildMap(0));
                    for item in &d.items {
                        match &item.key {
                            Some(k) => {
                                self.expr(k)?;
                                self.expr(&item.value)?;
                                self.emit(Op::MapAdd(2));
                            }
                            None => {
                                self.expr(&item.value)?;
                                self.emit(Op::DictUpdate(1));
                            }
                        }
                    }
                }
            }
            Expr::Lambda(l) => {
                let empty: &'a ast::Parameters = match &l.parameters {
                    Some(p) => p,
                    None => {
                        // Leak-free static default: an empty Parameters.
                        static EMPTY: std::sync::OnceLock<ast::Parameters> = std::sync::OnceLock::new();
                        EMPTY.get_or_init(ast::Parameters::default)
                    }
                };
                self.function(
                    addr_of(l),
                    "<lambda>",
                    empty,
                    FuncBody::Expr(&l.body),
                    l.range().start().to_u32(),
                )?;
            }
            Expr::ListComp(c) => self.comprehension(
                addr_of(c),
                &c.generators,
                CompKind::List(&c.elt),
                c.range().start().to_u32(),
            )?,
            Expr::SetComp(c) => self.comprehension(
                addr_of(c),
                &c.generators,
                CompKind::Set(&c.elt),
                c.range().start().to_u32(),
            )?,
            Expr::Generator(c) => {
                self.comprehension(
                    addr_of(c),
                    &c.generators,
                    CompKind::Gen(&c.elt),
                    c.range().start().to_u32(),
                )?;
            }
            Expr::DictComp(c) => {
                let key = c.key.as_deref().ok_or_else(|| {
                    self.err(
                        "SyntaxError",
                        "dict unpacking cannot be used in dict comprehension",
                        c.range().start().to_u32(),
                    )
                })?;
                self.comprehension(
                    addr_of(c),
                    &c.generators,
                    CompKind::Dict(key, &c.value),
                    c.range().start().to_u32(),
                )?
            }
            Expr::Starred(s) => {
                return Err(self.err(
                    "SyntaxError",
                    "can't use starred expression here",
                    s.range().start().to_u32(),
                ))
            }
            other => {
                return Err(self.err(
                    "NotImplementedError",
                    "this expression is not supported in Lockstep yet",
                    other.range().start().to_u32(),
                ))
            }
        }
        Ok(())
    }

    fn subscript_index(&mut self, s: &'a Expr) -> CResult {
        if let Expr::Slice(sl) = s {
            for part in [&sl.lower, &sl.upper] {
                match part {
                    Some(x) => self.expr(x)?,
                    None => {
                        self.emit(Op::LoadConst(0));
                    }
                }
            }
            match &sl.step {
                Some(x) => {
                    self.expr(x)?;
                    self.emit(Op::BuildSlice(3));
                }
                None => {
                    self.emit(Op::BuildSlice(2));
                }
            }
            Ok(())
        } else {
            self.expr(s)
        }
    }

    /// kind: 0 list, 1 tuple, 2 set.
    fn sequence(&mut self, elts: &'a [Expr], kind: u8) -> CResult {
        let has_star = elts.iter().any(|e| matches!(e, Expr::Starred(_)));
        if !has_star {
            for e in elts {
                self.expr(e)?;
            }
            let n = elts.len() as u32;
            self.emit(match kind {
                0 => Op::BuildList(n),
                1 => Op::BuildTuple(n),
                _ => Op::BuildSet(n),
            });
            return Ok(());
        }
        if kind == 2 {
            self.emit(Op::BuildSet(0));
        } else {
            self.emit(Op::BuildList(0));
        }
        for e in elts {
            match e {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(if kind == 2 {
                        Op::SetUpdate(1)
                    } else {
                        Op::ListExtend(1)
                    });
                }
                e => {
                    self.expr(e)?;
                    self.emit(if kind == 2 {
                        Op::SetAdd(1)
                    } else {
                        Op::ListAppend(1)
                    });
                }
            }
        }
        if kind == 1 {
            self.emit(Op::ListToTuple);
        }
        Ok(())
    }

    fn call(&mut self, c: &'a ast::ExprCall) -> CResult {
        let args = &c.arguments;
        let star = args.args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || args.keywords.iter().any(|k| k.arg.is_none());
        if args.args.len() + args.keywords.len() > 60000 {
            return Err(self.err("SyntaxError", "too many arguments", c.range().start().to_u32()));
        }
        // Zero-argument super(): super(__class__, first argument).
        if let Expr::Name(n) = &*c.func {
            if n.id.as_str() == "super" && args.args.is_empty() && args.keywords.is_empty() {
                let s = self.scope();
                if matches!(s.kind, Kind::Function) && s.frees.iter().any(|f| f == "__class__") {
                    self.load_name("super");
                    let i = s.frees.iter().position(|f| f == "__class__").unwrap_or(0) + s.cells.len();
                    self.emit(Op::LoadDeref(i as u32));
                    match s.params.first() {
                        Some(p) => {
                            let p = p.clone();
                            self.load_name(&p);
                        }
                        None => {
                            self.emit(Op::LoadConst(0));
                        }
                    }
                    self.set_pos(c);
                    self.emit(Op::Call(2, u16::MAX));
                    return Ok(());
                }
            }
        }
        if star {
            self.expr(&c.func)?;
            self.emit(Op::BuildList(0));
            for a in args.args.iter() {
                match a {
                    Expr::Starred(s) => {
                        self.expr(&s.value)?;
                        self.emit(Op::StarArgs);
                    }
                    a => {
                        self.expr(a)?;
                        self.emit(Op::ListAppend(1));
                    }
                }
            }
            self.emit(Op::ListToTuple);
            if args.keywords.is_empty() {
                self.emit(Op::LoadConst(0));
                // None stands for "no kwargs" here; CallEx treats it so.
            } else {
                self.emit(Op::BuildMap(0));
                for k in args.keywords.iter() {
                    match &k.arg {
                        Some(name) => {
                            let kk = self.const_str(name.as_str());
                            self.emit(Op::LoadConst(kk));
                            self.expr(&k.value)?;
                            self.emit(Op::MapAdd(2));
                        }
                        None => {
                            self.expr(&k.value)?;
                            self.emit(Op::StarKwargs);
                        }
                    }
                }
            }
            self.set_pos(c);
            self.emit(Op::CallEx);
            return Ok(());
        }
        let kwnames = if args.keywords.is_empty() {
            u16::MAX
        } else {
            let mut seen = std::collections::HashSet::new();
            let mut names = Vec::new();
            for k in args.keywords.iter() {
                let n = k.arg.as_ref().map(|a| a.to_string()).unwrap_or_default();
                if !seen.insert(n.clone()) {
                    return Err(self.err(
                        "SyntaxError",
                        format!("keyword argument repeated: {n}"),
                        k.range().start().to_u32(),
                    ));
                }
                names.push(Value::Str(self.intern(&n)));
            }
            let t = Value::try_tuple(names).ok_or_else(|| self.err("MemoryError", "", 0))?;
            let k = self.const_val(t);
            if k >= u16::MAX as u32 {
                return Err(self.err("SyntaxError", "too many constants", c.range().start().to_u32()));
            }
            k as u16
        };
        let argc = (args.args.len() + args.keywords.len()) as u16;
        if let Expr::Attribute(a) = &*c.func {
            self.expr(&a.value)?;
            let n = self.name(a.attr.as_str());
            self.set_pos(a);
            self.emit(Op::LoadMethod(n));
            for x in args.args.iter() {
                self.expr(x)?;
            }
            for k in args.keywords.iter() {
                self.expr(&k.value)?;
            }
            self.set_pos(c);
            self.emit(Op::CallMethod(argc, kwnames));
        } else {
            self.expr(&c.func)?;
            for x in args.args.iter() {
                self.expr(x)?;
            }
            for k in args.keywords.iter() {
                self.expr(&k.value)?;
            }
            self.set_pos(c);
            self.emit(Op::Call(argc, kwnames));
        }
        Ok(())
    }

    fn fstring(&mut self, f: &'a ast::ExprFString) -> CResult {
        let mut n = 0u32;
        for part in f.value.iter() {
            match part {
                ast::FStringPartRef::Literal(l) => {
                    let k = self.const_str(&l.value);
                    self.emit(Op::LoadConst(k));
                    n += 1;
                }
                ast::FStringPartRef::FString(fs) => {
                    n += self.fstring_elements(&fs.elements)?;
                }
            }
        }
        if n == 1 {
            // A lone literal or value still must be a str.
            self.emit(Op::BuildString(1));
        } else {
            self.emit(Op::BuildString(n));
        }
        Ok(())
    }

    fn fstring_elements(&mut self, elements: &'a [InterpolatedStringElement]) -> CResult<u32> {
        let mut n = 0u32;
        for el in elements {
            match el {
                InterpolatedStringElement::Literal(l) => {
                    let k = self.const_str(&l.value);
                    self.emit(Op::LoadConst(k));
                    n += 1;
                }
                InterpolatedStringElement::Interpolation(i) => {
                    let mut conv = match i.conversion {
                        ast::ConversionFlag::None => 0u8,
                        ast::ConversionFlag::Str => 1,
                        ast::ConversionFlag::Repr => 2,
                        ast::ConversionFlag::Ascii => 3,
                    };
                    if let Some(d) = &i.debug_text {
                        let text = format!("{}{}{}", d.leading(), d.expression(), d.trailing());
                        let k = self.const_str(&text);
                        self.emit(Op::LoadConst(k));
                        n += 1;
                        if conv == 0 && i.format_spec.is_none() {
                            conv = 2;
                        }
                    }
                    self.expr(&i.expression)?;
                    if let Some(spec) = &i.format_spec {
                        let m = self.fstring_elements(&spec.elements)?;
                        self.emit(Op::BuildString(m));
                        conv |= 4;
                    }
                    self.set_pos(i);
                    self.emit(Op::FormatValue(conv));
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    fn comprehension(
        &mut self,
        node: usize,
        gens: &'a [ast::Comprehension],
        kind: CompKind<'a>,
        pos: u32,
    ) -> CResult {
        let sid = *self
            .table
            .by_node
            .get(&node)
            .ok_or_else(|| self.err("SyntaxError", "internal: unknown scope", pos))?;
        let name = match kind {
            CompKind::List(_) => "<listcomp>",
            CompKind::Gen(_) => "<genexpr>",
            CompKind::Set(_) => "<setcomp>",
            CompKind::Dict(..) => "<dictcomp>",
        };
        let qual = self.child_qualname(name);
        self.units.push(Unit::new(sid, qual));
        self.unit().cur = pos;
        match kind {
            CompKind::List(_) => {
                self.emit(Op::BuildList(0));
            }
            CompKind::Set(_) => {
                self.emit(Op::BuildSet(0));
            }
            CompKind::Dict(..) => {
                self.emit(Op::BuildMap(0));
            }
            CompKind::Gen(_) => {
                self.unit().is_generator = true;
            }
        }
        let mut loops = Vec::new();
        for (i, g) in gens.iter().enumerate() {
            if i == 0 {
                self.emit(Op::LoadFast(0));
            } else {
                self.expr(&g.iter)?;
                self.emit(Op::GetIter);
            }
            let start = self.here();
            let fi = self.emit(Op::ForIter(0));
            self.store(&g.target)?;
            for cond in &g.ifs {
                self.expr(cond)?;
                self.emit(Op::JumpIfFalse(start as u32));
            }
            loops.push((start, fi));
        }
        let depth = gens.len() as u32 + 1;
        match kind {
            CompKind::List(e) => {
                self.expr(e)?;
                self.emit(Op::ListAppend(depth));
            }
            CompKind::Set(e) => {
                self.expr(e)?;
                self.emit(Op::SetAdd(depth));
            }
            CompKind::Gen(e) => {
                self.expr(e)?;
                self.emit(Op::YieldValue);
                self.emit(Op::Pop);
            }
            CompKind::Dict(k, v) => {
                self.expr(k)?;
                self.expr(v)?;
                self.emit(Op::MapAdd(depth + 1));
            }
        }
        for (start, fi) in loops.into_iter().rev() {
            self.emit(Op::Jump(start as u32));
            let h = self.here();
            self.patch(fi, h);
        }
        if let CompKind::Gen(_) = kind {
            self.emit(Op::LoadConst(0));
        }
        self.emit(Op::Return);
        let sig = Signature {
            params: vec![self.intern(".0")],
            posonly: 0,
            positional: 1,
            kwonly: 0,
            varargs: false,
            varkw: false,
        };
        let code = self.finish(name, sig, pos)?;
        self.make_closure(code, 0, pos)?;
        let first = gens
            .first()
            .ok_or_else(|| self.err("SyntaxError", "comprehension without for", pos))?;
        self.expr(&first.iter)?;
        self.emit(Op::GetIter);
        self.unit().cur = pos;
        self.emit(Op::Call(1, u16::MAX));
        Ok(())
    }
}

enum FuncBody<'a> {
    Stmts(&'a [Stmt]),
    Expr(&'a Expr),
}

#[derive(Clone, Copy)]
enum CompKind<'a> {
    List(&'a Expr),
    Gen(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
}

fn docstring(body: &[Stmt]) -> Option<String> {
    if let Some(Stmt::Expr(e)) = body.first() {
        if let Expr::StringLiteral(s) = &*e.value {
            return Some(s.value.to_str().to_string());
        }
    }
    None
}

fn addr_of<T>(t: &T) -> usize {
    scope::addr(t)
}
