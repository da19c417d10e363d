//! What the learner has chosen: lesson, parameters, seed, speed. The URL
//! mirrors it (share link format v1, see lockstep_core::share), and a pure
//! reducer changes it.

use lockstep_core::clock::clamp_speed;
use lockstep_core::lessons;
use lockstep_core::share::ShareState;
use std::rc::Rc;
use yew::Reducible;

#[derive(Clone, PartialEq, Debug)]
pub struct Choice {
    pub share: ShareState,
    /// Notices from decoding the link (shown until dismissed).
    pub notices: Vec<String>,
}

pub enum Action {
    Lesson(&'static str),
    Param(&'static str, f64),
    /// A URL parameter; only a valid URL (or empty) is taken.
    Url(&'static str, String),
    Seed(u64),
    Speed(f64),
    DismissNotices,
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
