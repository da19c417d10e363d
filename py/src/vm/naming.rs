//! What a traced object is called in the page. The learner's own objects
//! take the name they were assigned to (`mutex = threading.Lock()` draws
//! as `mutex`); objects the runtime's Python modules make for themselves
//! (a thread's start event, a pool's task queue) are named with a leading
//! `_`, which the page reads as "traced and validated, not drawn".

use super::Vm;
use std::sync::Arc;

impl Vm {
    /// The name for a new object whose kind is `default` (`Lock`, `Queue`).
    pub(crate) fn object_name(&mut self, default: &'static str) -> String {
        let n = self.ctx.next_name(default);
        if self.hidden > 0 {
            self.next_name = None;
            return format!("_{default}-{n}");
        }
        let owner = self.assigned_name();
        match self.next_name.take() {
            // A part of another object (`v.get_lock()`): named after it.
            Some(t) => t.replace("%s", owner.as_deref().unwrap_or(&format!("{default}-{n}"))),
            None => owner.unwrap_or_else(|| format!("{default}-{n}")),
        }
    }

    /// The target of the simple assignment whose right-hand side is the
    /// call the innermost frame of the learner's file is making
    /// (`q = Queue()`, `self.lock = Lock()`), if it is one.
    fn assigned_name(&self) -> Option<String> {
        let main = &self.interp.program.source;
        let f = self
            .frames
            .iter()
            .rev()
            .find(|f| Arc::ptr_eq(&f.code.source, main))?;
        // A call's position is where the call expression starts.
        let off = *f.code.pos.get(f.pc.saturating_sub(1))? as usize;
        let line = main.line_of(off as u32);
        let start = *main.line_starts.get(line.checked_sub(1)?)? as usize;
        let prefix = main.text.get(start..off)?;
        call_target(prefix).map(str::to_string)
    }
}

/// The target when `prefix`, the line up to a call, is `TARGET = ` and
/// at most a dotted module or object name (`threading.`): so not a call
/// nested in another call's arguments (`args=(Lock(),)`), a lambda's body
/// (`make = lambda: Lock()`) or a second statement (`x = 0; l = Lock()`).
fn call_target(prefix: &str) -> Option<&str> {
    let (target, rhs) = assignment_target(prefix)?;
    rhs.trim()
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        .then_some(target)
}

/// `NAME = ...` or `a.b = ...` at the start of `line`: the target and
/// what follows the `=`.
fn assignment_target(line: &str) -> Option<(&str, &str)> {
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
    ok.then(|| (target, &rest[1..]))
}

#[cfg(test)]
mod tests {
    use super::call_target as t;

    #[test]
    fn a_call_is_named_after_the_assignment_it_is_the_value_of() {
        assert_eq!(t("mutex = "), Some("mutex"));
        assert_eq!(t("    self.q = "), Some("self.q"));
        assert_eq!(t("lock = threading."), Some("lock"));
        assert_eq!(t("锁 = "), Some("锁"));
        assert_eq!(t("x == "), None);
        assert_eq!(t("a, b = "), None);
        assert_eq!(t("d[k] = "), None);
        assert_eq!(t("with "), None);
        assert_eq!(t("x += "), None);
        assert_eq!(t("1 = "), None);
        // Not the assignment's own value.
        assert_eq!(t("x = 0; lock = "), None);
        assert_eq!(t("make = lambda: "), None);
        assert_eq!(t("    args=("), None);
        assert_eq!(t("t = Thread(target=f, args=("), None);
        assert_eq!(t("n = len("), None);
    }
}
