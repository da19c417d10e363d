//! The compiled form: one immutable `Code` per function body, a stack VM's
//! instructions with their source positions. A compiled `Program` is
//! `Send + Sync` and shared by `Arc` among every thread of a run.

use crate::value::{Name, Value};
use std::sync::{Arc, Mutex};

/// Binary operators (`BinaryOp` / `InplaceOp` operands).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    And,
    Or,
    Xor,
    MatMul,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::TrueDiv => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "** or pow()",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
            BinOp::MatMul => "@",
        }
    }
    pub fn dunder(self) -> (&'static str, &'static str) {
        match self {
            BinOp::Add => ("__add__", "__radd__"),
            BinOp::Sub => ("__sub__", "__rsub__"),
            BinOp::Mul => ("__mul__", "__rmul__"),
            BinOp::TrueDiv => ("__truediv__", "__rtruediv__"),
            BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
            BinOp::Mod => ("__mod__", "__rmod__"),
            BinOp::Pow => ("__pow__", "__rpow__"),
            BinOp::LShift => ("__lshift__", "__rlshift__"),
            BinOp::RShift => ("__rshift__", "__rrshift__"),
            BinOp::And => ("__and__", "__rand__"),
            BinOp::Or => ("__or__", "__ror__"),
            BinOp::Xor => ("__xor__", "__rxor__"),
            BinOp::MatMul => ("__matmul__", "__rmatmul__"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
    In,
    NotIn,
    Is,
    IsNot,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
        }
    }
}

/// One instruction. Eight bytes: an opcode and up to two small operands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Nop,
    Pop,
    Dup,
    Dup2,
    Rot2,
    Rot3,
    LoadConst(u32),
    LoadInt(i32),
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    /// Cell or free variable `i` of the frame (cells first, then frees).
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    /// Pushes the cell object itself (to build a closure).
    LoadClosure(u32),
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// Class bodies: the namespace, then globals, then builtins.
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    DeleteAttr(u32),
    LoadMethod(u32),
    /// Operand: positional count; then the keyword-name tuple const (or u16::MAX).
    CallMethod(u16, u16),
    Call(u16, u16),
    /// `f(*args, **kwargs)`: stack [f, args tuple, kwargs dict or Null].
    CallEx,
    Binary(BinOp),
    Inplace(BinOp),
    Compare(CmpOp),
    Neg,
    Pos,
    Not,
    Invert,
    Jump(u32),
    JumpIfFalse(u32),
    /// `Compare` fused with the `JumpIfFalse` after it.
    CmpJumpIfFalse(CmpOp, u32),
    JumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    /// Suspends the generator frame, producing TOS.
    YieldValue,
    /// Pushes the next item, or pops the iterator and jumps.
    ForIter(u32),
    BuildList(u32),
    BuildTuple(u32),
    BuildSet(u32),
    BuildMap(u32),
    BuildSlice(u32),
    /// Comprehensions: append TOS to the list `n` below it.
    ListAppend(u32),
    SetAdd(u32),
    MapAdd(u32),
    /// `[*a, ...]`: extend the list `n` below TOS with TOS.
    ListExtend(u32),
    SetUpdate(u32),
    /// `f(*x)`: like ListExtend(1), with CPython's message for a non-iterable.
    StarArgs,
    /// `f(**x)`: like DictUpdate(1), with CPython's message for a non-mapping.
    StarKwargs,
    DictUpdate(u32),
    ListToTuple,
    /// f-strings: join `n` strings.
    BuildString(u32),
    /// Conversion (0 none, 1 str, 2 repr, 3 ascii) | 4 if a spec is on the stack.
    FormatValue(u8),
    Subscr,
    StoreSubscr,
    DeleteSubscr,
    UnpackSequence(u32),
    UnpackEx(u16, u16),
    Return,
    /// Code const; flags: 1 defaults tuple, 2 kw-defaults dict, 4 closure tuple.
    MakeFunction(u32, u8),
    /// Stack: [body function, bases...]; operand: number of bases; name const.
    MakeClass(u16, u16),
    /// Module name const: pushes the module.
    Import(u32),
    /// Attribute name: pushes module.name (ImportError if missing).
    ImportFrom(u32),
    SetupExcept(u32),
    SetupFinally(u32),
    PopBlock,
    /// Leaves an except handler: pops its block and the handled exception.
    PopExcept,
    /// Re-raises TOS (ends a handler that did not match, or a finally).
    Reraise,
    /// 0: bare `raise`; 1: `raise X`; 2: `raise X from Y`.
    Raise(u8),
    /// Stack [exc, type] -> [exc, bool].
    CheckExcMatch,
    /// Stack [mgr] -> [exit, enter()], with a finally-block to the operand
    /// pushed between the two (so the handler sees [exit, exc]).
    BeforeWith(u32),
    /// Stack [exit] (+ TOS value to keep if operand 1): calls exit(None, None, None).
    ExitWith(u8),
    /// Stack [exit, exc] -> [exit, exc, exit(type, exc, None)].
    WithExcept,
    /// Loads a builtin exception class by `ExcKind` index (assert).
    LoadExc(u32),
}

const _: () = assert!(std::mem::size_of::<Op>() <= 8);

/// Source text and its line starts, for tracebacks and positions.
pub struct Source {
    pub filename: String,
    pub text: String,
    pub line_starts: Vec<u32>,
}

impl Source {
    pub fn new(filename: &str, text: &str) -> Source {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        Source {
            filename: filename.to_string(),
            text: text.to_string(),
            line_starts,
        }
    }
    /// 1-based line of byte offset `off`.
    pub fn line_of(&self, off: u32) -> usize {
        match self.line_starts.binary_search(&off) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
    /// 1-based column (in characters) of byte offset `off`.
    pub fn col_of(&self, off: u32) -> usize {
        let line = self.line_of(off);
        let start = self.line_starts[line - 1] as usize;
        let end = (off as usize).min(self.text.len());
        self.text.get(start..end).map(|s| s.chars().count()).unwrap_or(0) + 1
    }
    /// Text of 1-based line `n`, without its newline.
    pub fn line_text(&self, n: usize) -> &str {
        if n == 0 || n > self.line_starts.len() {
            return "";
        }
        let start = self.line_starts[n - 1] as usize;
        let end = self
            .line_starts
            .get(n)
            .map(|e| *e as usize)
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

/// How a function takes its arguments.
#[derive(Default, Clone)]
pub struct Signature {
    /// Parameter names: positional (incl. positional-only), then keyword-only.
    pub params: Vec<Name>,
    pub posonly: usize,
    pub positional: usize,
    pub kwonly: usize,
    pub varargs: bool,
    pub varkw: bool,
}

pub struct Code {
    pub name: Name,
    pub qualname: Name,
    pub ops: Vec<Op>,
    /// Source byte offset of each instruction.
    pub pos: Vec<u32>,
    /// `pos` packed as trace positions (line, column), made at the first
    /// traced access of this code (`trace::pack_pos`).
    pub trace_pos: std::sync::OnceLock<Box<[u32]>>,
    pub consts: Vec<Value>,
    /// Nested code objects (functions, lambdas, classes, comprehensions).
    pub children: Vec<Arc<Code>>,
    /// Attribute / class-body names.
    pub names: Vec<Name>,
    pub sig: Signature,
    pub nlocals: usize,
    /// Local names (for errors).
    pub local_names: Vec<Name>,
    /// Cells this code creates, and which of them start as arguments.
    pub cell_names: Vec<Name>,
    pub cell_args: Vec<Option<u32>>,
    pub free_names: Vec<Name>,
    pub is_module: bool,
    pub is_class_body: bool,
    /// A generator expression: calling it makes a suspended frame.
    pub is_generator: bool,
    pub source: Arc<Source>,
    /// First line (for `<lambda>` / def line).
    pub first_pos: u32,
    /// The function's docstring.
    pub doc: Option<Value>,
    /// Per attribute name: the built-in method last found for it, as
    /// `kind << 16 | method` + 1 (0 = empty). A one-entry inline cache that
    /// saves hashing the name on every `lst.append(x)`.
    pub method_cache: Box<[std::sync::atomic::AtomicU32]>,
}

/// A module-level name: its slot in `Globals`, and the builtin it falls
/// back to when unbound.
pub struct GlobalName {
    pub name: Name,
    pub builtin: Option<Value>,
}

pub struct Program {
    pub module: Arc<Code>,
    pub globals: Vec<GlobalName>,
    pub source: Arc<Source>,
}

/// One module's global variables, by slot. Each slot has its own lock:
/// issue 13's threads share globals, and a load or store must be atomic.
pub struct Globals {
    pub slots: Box<[Mutex<Option<Value>>]>,
    pub program: Arc<Program>,
    /// Whether reads and writes of these globals are traced (the learner's
    /// program, not the Python-source modules).
    pub traced: std::sync::atomic::AtomicBool,
    /// Per slot, its traced object id + 1 (0 = not registered yet).
    pub objs: Box<[std::sync::atomic::AtomicU32]>,
}

impl Globals {
    pub fn new(program: Arc<Program>) -> Arc<Globals> {
        let slots = (0..program.globals.len()).map(|_| Mutex::new(None)).collect();
        let objs = (0..program.globals.len())
            .map(|_| std::sync::atomic::AtomicU32::new(0))
            .collect();
        Arc::new(Globals {
            slots,
            program,
            traced: std::sync::atomic::AtomicBool::new(false),
            objs,
        })
    }
    #[inline]
    pub fn is_traced(&self) -> bool {
        self.traced.load(std::sync::atomic::Ordering::Relaxed)
    }
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.program.globals.iter().position(|g| g.name.as_str() == name)
    }
    /// Drops every global (run end), breaking cycles through functions.
    pub fn clear(&self) {
        for s in self.slots.iter() {
            let v = crate::heap::lock(s).take();
            if let Some(v) = v {
                crate::heap::defer_drop_vec(vec![v]);
            }
        }
    }
}
