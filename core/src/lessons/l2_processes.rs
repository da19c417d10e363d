//! L2. Creating processes: `multiprocessing.Process`, `start()`, `join()`.
//!
//! Processes do not share variables: each child increments its own copy of
//! the global, and the parent's stays 0. (Contrast with L6, where threads
//! share it; the "threads" switch here shows the same code with threads.)

use super::{line_of, Body, Check, Choice, Group, Int, Lesson, ParamSpec, Params};
use crate::reduce::View;
use crate::sync::Value;
use crate::trace::{Event, ObjKind, Op, TraceLog};
use crate::{t, tf, tn};

pub struct Processes;

const KINDS: &[&str] = &["process", "thread"];

const CHILDREN: Int = Int::new(
    "children",
    tn!("Children"),
    1,
    6,
    1,
    tn!("how many Process(target=run_proc) start"),
)
.bound(" for i in range(", ")]");
const ADDS: Int = Int::new(
    "adds",
    tn!("Adds per child"),
    1,
    5,
    1,
    tn!("how many times each child does counter += 1"),
)
.bound("for _ in range(", "):");
const KIND: Choice = Choice::new(
    "kind",
    tn!("Start them as"),
    KINDS,
    0,
    tn!("process: each has its own copy of counter; thread: all share one"),
);
const PARAMS: &[ParamSpec] = &[CHILDREN.0, ADDS.0, KIND.0];

impl Lesson for Processes {
    fn id(&self) -> &'static str {
        "processes"
    }
    fn number(&self) -> &'static str {
        "L2"
    }
    fn title(&self) -> &'static str {
        t!("Creating processes: multiprocessing.Process, start, join")
    }
    fn group(&self) -> Group {
        Group::Processes
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn python(&self, p: &Params) -> String {
        let threads = p.of(&KIND) == 1;
        let (import, ctor) = if threads {
            ("from threading import Thread", "Thread")
        } else {
            ("from multiprocessing import Process", "Process")
        };
        format!(
            r#"{import}

counter = 0

def run_proc(name):     # the notes start run_proc but define run_process
    global counter
    print(f'child starts {{name}}...')
    for _ in range({adds}):
        counter += 1
    print(f'{{name}}: counter = {{counter}}')

if __name__ == '__main__':
    print('parent starts')
    ps = [{ctor}(target=run_proc, args=(f'test{{i}}',)) for i in range({n})]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(f'parent ends: counter = {{counter}}')
"#,
            adds = p.of(&ADDS),
            n = p.of(&CHILDREN),
        )
    }

    fn explain(&self) -> &'static str {
        t!("start() launches the child, join() waits for it to finish. Each child process gets its own copy of \
         the parent's globals: the children count up in their own copies (one value box each) and the parent's \
         counter is still 0 at the end. Switch to threads and the same code shares one counter.")
    }

    fn modelled(&self) -> Option<&'static str> {
        Some(t!("A browser cannot fork. Each \"process\" runs on its own real Web Worker, and its globals are a deep copy made at start(), which is what fork gives a Python child."))
    }

    fn expected(&self, p: &Params) -> String {
        let total = p.of(&CHILDREN) * p.of(&ADDS);
        if p.of(&KIND) == 0 {
            tf!(
                "Each child prints counter = {adds}; the parent still prints counter = 0.",
                adds = p.of(&ADDS)
            )
        } else {
            tf!(
                "Threads share counter: the parent prints counter = {total} (less any update lost to a race: \
                 counter += 1 is not atomic, see L4).",
                total
            )
        }
    }

    fn threads(&self, p: &Params) -> usize {
        p.count(&CHILDREN) + 1
    }

    fn body(&self, p: &Params, _seed: u64) -> Body {
        let (n, adds, threads) = (p.count(&CHILDREN), p.of(&ADDS), p.of(&KIND) == 1);
        Box::new(move |ctx| {
            ctx.print("parent starts")?;
            let counter = Value::new(ctx, "counter", 0);
            let mut ps = Vec::new();
            for i in 0..n {
                let name = format!("test{i}");
                let child = move |c: &crate::Ctx, counter: Value| {
                    c.print(format!("child starts {name}..."))?;
                    for _ in 0..adds {
                        counter.add(c, 1, 0.0)?;
                    }
                    let v = counter.load(c)?;
                    c.print(format!("{name}: counter = {v}"))
                };
                ps.push(if threads {
                    let shared = counter.clone();
                    ctx.spawn(None, move |c| child(c, shared))?
                } else {
                    // The child's copy of the parent's globals, taken at start().
                    let snapshot = counter.peek();
                    ctx.spawn_process(None, &snapshot, move |c, copy: i64| {
                        let own = Value::new(c, &format!("counter (copy in {})", c.name()), copy);
                        child(c, own)
                    })?
                });
            }
            for p in &ps {
                p.join(ctx)?;
            }
            let v = counter.load(ctx)?;
            ctx.print(format!("parent ends: counter = {v}"))
        })
    }

    fn check(&self, p: &Params, _log: &TraceLog, view: &View) -> Vec<Check> {
        let (n, adds) = (p.of(&CHILDREN), p.of(&ADDS));
        let last = view.output.last().map(|l| l.text.clone()).unwrap_or_default();
        if p.of(&KIND) == 0 {
            let copies = view
                .objects
                .values()
                .filter(|o| o.name.starts_with("counter"))
                .count();
            vec![
                Check::new(
                    t!("the parent's counter is unchanged (0)"),
                    last == "parent ends: counter = 0",
                    last,
                ),
                Check::new(
                    tf!("each of the {n} children counted in its own copy", n),
                    copies as i64 == n + 1,
                    tf!("{copies} counters", copies),
                ),
                Check::new(
                    t!("every child saw only its own adds"),
                    view.output
                        .iter()
                        .filter(|l| {
                            l.text.ends_with(&format!(": counter = {adds}")) && l.text.starts_with("test")
                        })
                        .count() as i64
                        == n,
                    "",
                ),
            ]
        } else {
            // Unlocked `counter += 1` on real parallel threads can lose an
            // update (see L4); the trace says exactly how many.
            let id = view.value_named("counter").map_or(0, |v| v.0);
            let lost = view.lost_amount(id);
            let want = n * adds - lost;
            let detail = if lost > 0 {
                tf!(
                    "{last}: {adds} adds, {lost} lost to races the trace shows",
                    last,
                    adds = n * adds,
                    lost
                )
            } else {
                last.clone()
            };
            vec![
                Check::new(
                    t!("threads share one counter: the parent sees their adds"),
                    last == format!("parent ends: counter = {want}"),
                    detail,
                ),
                Check::new(
                    t!("there is only one counter"),
                    view.objects
                        .values()
                        .filter(|o| o.name.starts_with("counter"))
                        .count()
                        == 1,
                    "",
                ),
            ]
        }
    }

    fn line(&self, p: &Params, e: &Event, _kind: Option<ObjKind>) -> Option<usize> {
        let code = self.python(p);
        let needle = match e.op {
            Op::Spawn => "p.start()",
            Op::Join => "p.join()",
            Op::Load | Op::Store if e.tid != 1 => "counter += 1",
            Op::Print if e.tid != 1 => "print(f'child",
            _ => return None,
        };
        line_of(&code, needle)
    }
}
