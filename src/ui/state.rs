//! What the learner has chosen: lesson, parameters, seed, speed. The URL
//! mirrors it (share link format v1, see lockstep_core::share), and a pure
//! reducer changes it.

use lockstep_core::clock::clamp_speed;
use lockstep_core::lessons;
use lockstep_core::share::{Program, ShareState};
use lockstep_core::tf;
use std::rc::Rc;
use yew::Reducible;

#[derive(Clone, PartialEq, Debug)]
pub struct Choice {
    pub share: ShareState,
    /// Notices from decoding the link (shown until dismissed).
    pub notices: Vec<String>,
    /// The learner's program as typed (the link carries it compressed, in
    /// `share.program`); kept when they look at a lesson and come back.
    pub code: String,
    /// Whether the link's program is still being inflated (the editor
    /// waits for it).
    pub unpacking: bool,
    /// The learner's edit of the lesson's Python (None: the lesson's own,
    /// made from its parameters). The link carries it packed, in
    /// `share.edited`.
    pub lesson_code: Option<String>,
}

impl Choice {
    /// Takes Python typed into (or linked for) the lesson's editor. A
    /// literal bound to a parameter moves its slider; if the code is then
    /// the lesson's own for those values, it is the lesson's code again
    /// (checks on, a v1 link).
    fn take_lesson_code(&mut self, c: String) {
        let lesson = self.share.lesson;
        for spec in lesson.params() {
            if let Some(Ok(v)) = spec.read_literal(&c) {
                self.share.params = self.share.params.clone().with(spec.key, v);
            }
        }
        if c == lesson.python(&self.share.params) {
            self.lesson_code = None;
            self.share.edited = None;
        } else {
            self.lesson_code = Some(c);
        }
    }

    /// The Python the lesson shows and runs: the learner's edit, or the
    /// lesson's own.
    pub fn lesson_python(&self) -> String {
        self.lesson_code
            .clone()
            .unwrap_or_else(|| self.share.lesson.python(&self.share.params))
    }
}

pub enum Action {
    Lesson(&'static str),
    Param(&'static str, f64),
    /// A URL parameter; only a valid URL (or empty) is taken.
    Url(&'static str, String),
    Seed(u64),
    Speed(f64),
    DismissNotices,
    /// Show the learner's own program ("My program").
    Program,
    /// The editor's text changed.
    Code(String),
    /// The program compressed for the link (empty: too long for one), with
    /// the text it was made from: compressions finish in any order, and
    /// only the one of the current text may reach the link.
    Packed(String, String),
    /// A link's program, inflated (or the starter program and a notice).
    Unpacked(Result<String, String>),
    /// GIL on (CPython 3.11) or off (free-threaded).
    Gil(bool),
    /// The learner edited the lesson's Python.
    LessonCode(String),
    /// The edited lesson code compressed for the link, with the text it
    /// was made from (as `Packed`).
    PackedLesson(String, String),
    /// A link's edited lesson code, inflated (or an error: the lesson's
    /// own code and a notice).
    UnpackedLesson(Result<String, String>),
    /// "Restore the lesson's code".
    Restore,
    /// A recorded run was opened: show its lesson, parameters and seed
    /// (its program or edit arrives packed, as a link's does).
    Open(ShareState),
    /// Play a challenge level (from its beginning).
    Level(&'static str),
    /// The moves played in the level (the link carries them).
    Moves(Vec<u32>),
}

impl Reducible for Choice {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Level(id) => {
                next.share.level = Some(lockstep_core::share::LevelLink {
                    id,
                    schedule: Vec::new(),
                });
            }
            Action::Moves(m) => {
                if let Some(l) = next.share.level.as_mut() {
                    l.schedule = m;
                }
            }
            Action::Lesson(id) => {
                if let Some(l) = lessons::by_id(id) {
                    let keep = (next.share.seed, next.share.speed);
                    next.share = ShareState::new(l);
                    (next.share.seed, next.share.speed) = keep;
                    next.lesson_code = None;
                }
            }
            Action::Program => {
                next.share.level = None;
                if next.share.program.is_none() {
                    next.share.program = Some(Program {
                        packed: String::new(),
                        gil: true,
                    });
                }
            }
            Action::Code(c) => next.code = c,
            Action::Packed(code, p) => {
                if code == next.code {
                    if let Some(prog) = next.share.program.as_mut() {
                        prog.packed = p;
                    }
                }
            }
            Action::Unpacked(r) => {
                next.unpacking = false;
                match r {
                    Ok(code) => next.code = code,
                    Err(e) => next.notices.push(tf!(
                        "The program in this link could not be read ({e}); showing the starter program.",
                        e
                    )),
                }
            }
            Action::LessonCode(c) => next.take_lesson_code(c),
            Action::PackedLesson(code, p) => {
                if next.lesson_code.as_ref() == Some(&code) {
                    next.share.edited = Some(p);
                }
            }
            Action::UnpackedLesson(r) => {
                next.unpacking = false;
                match r {
                    Ok(code) => next.take_lesson_code(code),
                    Err(e) => {
                        next.share.edited = None;
                        next.notices.push(tf!(
                            "The lesson code in this link could not be read ({e}); showing the lesson's own code.",
                            e
                        ));
                    }
                }
            }
            Action::Restore => {
                next.lesson_code = None;
                next.share.edited = None;
            }
            Action::Gil(on) => {
                if let Some(prog) = next.share.program.as_mut() {
                    prog.gil = on;
                }
            }
            // While the code is the learner's, a parameter edits its own
            // literal there, if the code still has it, and nothing else.
            Action::Param(k, v) if next.lesson_code.is_some() => {
                let code = next.lesson_code.clone().unwrap_or_default();
                let spec = next.share.lesson.params().iter().find(|s| s.key == k);
                if let Some(spec) = spec {
                    let v = spec.parse(&spec.show(v)).unwrap_or_else(|(x, _)| x);
                    if let Some(written) = spec.write_literal(&code, v) {
                        next.share.params = next.share.params.clone().with(spec.key, v);
                        next.lesson_code = Some(written);
                    }
                }
            }
            Action::Url(..) if next.lesson_code.is_some() => {}
            Action::Param(k, v) => {
                if let Some(spec) = next.share.lesson.params().iter().find(|s| s.key == k) {
                    // Re-validate through the spec, as a link would be.
                    let v = spec.parse(&spec.show(v)).unwrap_or_else(|(x, _)| x);
                    next.share.params = next.share.params.clone().with(spec.key, v);
                }
            }
            Action::Url(k, v) => {
                if let Some(spec) = next.share.lesson.params().iter().find(|s| s.key == k) {
                    if let Ok(u) = spec.parse_url(&v) {
                        next.share.params = next.share.params.clone().with_url(spec.key, u);
                    }
                }
            }
            Action::Open(mut share) => {
                share.speed = next.share.speed;
                next.unpacking =
                    share.program.as_ref().is_some_and(|p| !p.packed.is_empty()) || share.edited.is_some();
                next.share = share;
                next.lesson_code = None;
            }
            Action::Seed(s) => next.share.seed = s,
            Action::Speed(s) => next.share.speed = clamp_speed(s),
            Action::DismissNotices => next.notices.clear(),
        }
        Rc::new(next)
    }
}
