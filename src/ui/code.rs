//! The Python snippet beside the run, with the line each thread is on.

use super::view_ref::ViewRef;
use lockstep_core::lessons::{Lesson, Params};
use lockstep_core::reduce::LaneState;
use lockstep_core::t;
use std::collections::BTreeMap;
use yew::prelude::*;

#[derive(Properties)]
pub struct CodeProps {
    pub lesson: &'static dyn Lesson,
    pub params: Params,
    pub view: ViewRef,
}

impl PartialEq for CodeProps {
    fn eq(&self, o: &Self) -> bool {
        self.lesson.id() == o.lesson.id() && self.params == o.params && self.view == o.view
    }
}

#[function_component(Code)]
pub fn code(p: &CodeProps) -> Html {
    let src = p.lesson.python(&p.params);
    // line -> names of the threads on it now
    let mut on: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let v = p.view.get();
    for lane in v.lanes.values() {
        if lane.state == LaneState::Done {
            continue;
        }
        let Some(e) = lane.last else { continue };
        let kind = v.objects.get(&e.obj).map(|o| o.kind);
        if let Some(line) = p.lesson.line(&p.params, &e, kind) {
            on.entry(line).or_default().push(lane.name.clone());
        }
    }
    html! {
        <figure class="code" tabindex="0" aria-label={t!("The Python this runs")}>
            <figcaption>{t!("The Python this runs")}{" "}<span class="dim">{t!("(from the notes, repaired)")}</span></figcaption>
            <pre><code>
                { for src.lines().enumerate().map(|(i, l)| {
                    let n = i + 1;
                    let who = on.get(&n);
                    html! {
                        <span class={classes!("line", who.is_some().then_some("current"))}>
                            <span class="ln" aria-hidden="true">{ format!("{n:>3} ") }</span>
                            { l.to_string() }
                            if let Some(w) = who { <span class="who">{ format!("  ← {}", w.join(", ")) }</span> }
                            { "\n" }
                        </span>
                    }
                }) }
            </code></pre>
        </figure>
    }
}
