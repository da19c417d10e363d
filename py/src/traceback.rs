//! CPython's traceback text, with exception chaining and the collapsing of
//! repeated lines (`[Previous line repeated N more times]`).

use crate::error::{exc_class, ExcKind};
use crate::heap::lock;
use crate::value::{TypeKind, Value};
use crate::vm::Vm;

pub fn format_exception(vm: &mut Vm, exc: &Value) -> String {
    let mut seen = Vec::new();
    format_chain(vm, exc, &mut seen)
}

fn format_chain(vm: &mut Vm, exc: &Value, seen: &mut Vec<i64>) -> String {
    let mut out = String::new();
    let Value::Instance(inst) = exc else {
        return format!("{}\n", vm.repr(exc).unwrap_or_default());
    };
    seen.push(exc.id());
    let (cause, context, suppress, tb) = match &inst.exc {
        Some(e) => {
            let g = lock(e);
            (
                g.cause.clone(),
                g.context.clone(),
                g.suppress_context,
                g.traceback.clone(),
            )
        }
        None => (None, None, false, Vec::new()),
    };
    if seen.len() < 50 {
        if let Some(c) = cause.filter(|c| !seen.contains(&c.id())) {
            out.push_str(&format_chain(vm, &c, seen));
            out.push_str("\nThe above exception was the direct cause of the following exception:\n\n");
        } else if let Some(c) = context.filter(|c| !suppress && !seen.contains(&c.id())) {
            out.push_str(&format_chain(vm, &c, seen));
            out.push_str("\nDuring handling of the above exception, another exception occurred:\n\n");
        }
    }
    if !tb.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
        let mut last: Option<(String, usize, String)> = None;
        let mut repeat = 0usize;
        let flush = |out: &mut String, repeat: usize| {
            if repeat > 3 {
                let n = repeat - 3;
                out.push_str(&format!(
                    "  [Previous line repeated {} more time{}]\n",
                    n,
                    if n == 1 { "" } else { "s" }
                ));
            }
        };
        for e in tb.iter().rev() {
            let pos = e.code.pos.get(e.pc as usize).copied().unwrap_or(e.code.first_pos);
            let src = &e.code.source;
            let line = src.line_of(pos);
            let key = (src.filename.clone(), line, e.code.name.as_str().to_string());
            if last.as_ref() == Some(&key) {
                repeat += 1;
                if repeat > 3 {
                    continue;
                }
            } else {
                flush(&mut out, repeat);
                repeat = 1;
                last = Some(key);
            }
            out.push_str(&format!(
                "  File \"{}\", line {}, in {}\n",
                src.filename,
                line,
                e.code.name.as_str()
            ));
            let text = src.line_text(line).trim();
            if !text.is_empty() {
                out.push_str(&format!("    {text}\n"));
            }
        }
        flush(&mut out, repeat);
    }
    out.push_str(&exception_line(vm, exc));
    out.push('\n');
    out
}

/// `ValueError: message` (or just the name when the message is empty).
pub fn exception_line(vm: &mut Vm, exc: &Value) -> String {
    let Value::Instance(inst) = exc else {
        return String::new();
    };
    let name = if inst.class.kind == TypeKind::User {
        inst.class.qualname.as_str().to_string()
    } else if inst.class.name.as_str() == "PicklingError" {
        // Not a builtin: CPython names its module.
        "_pickle.PicklingError".to_string()
    } else {
        inst.class.name.as_str().to_string()
    };
    let msg = match vm.to_str(exc) {
        Ok(m) => m,
        Err(_) => "<exception str() failed>".to_string(),
    };
    if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    }
}

/// The exit code a `SystemExit` asks for, printing its message if any.
pub fn system_exit_code(vm: &mut Vm, exc: &Value) -> Option<(i32, Option<String>)> {
    let Value::Instance(inst) = exc else { return None };
    if !inst.class.is_subclass(&exc_class(ExcKind::SystemExit)) {
        return None;
    }
    let args = inst
        .exc
        .as_ref()
        .map(|e| lock(e).args.clone())
        .unwrap_or_default();
    Some(match args.first() {
        None | Some(Value::None) => (0, None),
        Some(Value::Int(i)) => ((*i & 0xff) as i32, None),
        Some(Value::Bool(b)) => (*b as i32, None),
        Some(other) => (1, Some(vm.to_str(other).unwrap_or_default())),
    })
}
