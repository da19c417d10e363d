//! What a traced object is called in the page. The learner's own objects
//! take the name they were assigned to (`mutex = threading.Lock()` draws
//! as `mutex`); objects the runtime's Python modules make for themselves
//! (a thread's start event, a pool's task queue) are named with a leading
//! `_`, which the page reads as "traced and validated, not drawn".

use super::Vm;
use std::sync::Arc;

impl Vm {
    /// The name for a new object whose kind is `default` (`Lock`, `Queue`).
    pub(crate) fn object_name(&self, default: &'static str) -> String {
        let n = self.ctx.next_name(default);
        if self.hidden > 0 {
            return format!("_{default}-{n}");
        }
        self.assigned_name().unwrap_or_else(|| format!("{default}-{n}"))
    }

    /// The target of the simple assignment the innermost frame of the
    /// learner's file is executing (`q = Queue()`, `self.lock = Lock()`),
    /// if it is one.
    fn assigned_name(&self) -> Option<String> {
        let main = &self.interp.program.source;
        let f = self
            .frames
            .iter()
            .rev()
            .find(|f| Arc::ptr_eq(&f.code.source, main))?;
        let off = *f.code.pos.get(f.pc.saturating_sub(1))?;
        assignment_target(main.line_text(main.line_of(off))).map(str::to_string)
    }
}

/// `NAME = ...` or `a.b = ...` at the start of `line`: the target.
fn assignment_target(line: &str) -> Option<&str> {
    let s = line.trim_start();
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(s.len());
    let (target, rest) = s.split_at(end);
    let rest = rest.trim_start();
    let first = target.chars().next()?;
    let ok = (first.is_alphabetic() || first == '_')
        && !target.ends_with('.')
        && rest.starts_with('=')
        && !rest.starts_with("==");
    ok.then_some(target)
}

#[cfg(test)]
mod tests {
    use super::assignment_target as t;

    #[test]
    fn targets() {
        assert_eq!(t("mutex = threading.Lock()"), Some("mutex"));
        assert_eq!(t("    self.q = queue.Queue(3)"), Some("self.q"));
        assert_eq!(t("锁 = Lock()"), Some("锁"));
        assert_eq!(t("x == Lock()"), None);
        assert_eq!(t("a, b = Pipe()"), None);
        assert_eq!(t("d[k] = Lock()"), None);
        assert_eq!(t("with Lock() as l:"), None);
        assert_eq!(t("x += 1"), None);
        assert_eq!(t("1 = x"), None);
    }
}
