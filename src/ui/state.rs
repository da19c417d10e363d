//! What the learner has chosen: lesson, parameters, seed, speed. The URL
//! mirrors it (share link format v1, see lockstep_core::share), and a pure
//! reducer changes it.

use lockstep_core::clock::clamp_speed;
use lockstep_core::lessons;
use lockstep_core::share::{Program, ShareState};
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
}

impl Reducible for Choice {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Lesson(id) => {
                if let Some(l) = lessons::by_id(id) {
                    let keep = (next.share.seed, next.share.speed);
                    next.share = ShareState::new(l);
                    (next.share.seed, next.share.speed) = keep;
                }
            }
            Action::Program => {
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
                    Err(e) => next.notices.push(format!(
                        "The program in this link could not be read ({e}); showing the starter program."
                    )),
                }
            }
            Action::Gil(on) => {
                if let Some(prog) = next.share.program.as_mut() {
                    prog.gil = on;
                }
            }
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
            Action::Seed(s) => next.share.seed = s,
            Action::Speed(s) => next.share.speed = clamp_speed(s),
            Action::DismissNotices => next.notices.clear(),
        }
        Rc::new(next)
    }
}
