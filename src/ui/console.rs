//! What the threads printed, and the exceptions they raised, in order.

use super::view_ref::ViewRef;
use lockstep_core::reduce::Line;
use lockstep_core::{t, tp};
use yew::prelude::*;

/// How many of the newest lines the panel draws.
const SHOWN: usize = 500;

fn tail(lines: &[Line], n: usize) -> &[Line] {
    &lines[lines.len().saturating_sub(n)..]
}

#[derive(Properties)]
pub struct ConsoleProps {
    pub view: ViewRef,
}

impl PartialEq for ConsoleProps {
    fn eq(&self, o: &Self) -> bool {
        self.view == o.view
    }
}

#[function_component(Console)]
pub fn console(p: &ConsoleProps) -> Html {
    let v = p.view.get();
    let v = &*v;
    // Only the newest lines are drawn: a program that prints in a loop
    // would otherwise make every redraw rebuild an ever longer list, until
    // the page has no time left for a click on Reset. Each list is in the
    // order its lines arrived, so its tail is its newest.
    let total = v.output.len() + v.errors.len();
    let name = |tid: &_| v.lanes.get(tid).map(|x| x.name.clone()).unwrap_or_default();
    let mut lines: Vec<(u64, bool, String, String)> = tail(&v.output, SHOWN)
        .iter()
        .map(|l| (l.at, false, name(&l.tid), l.text.clone()))
        .chain(
            tail(&v.errors, SHOWN)
                .iter()
                .map(|l| (l.at, true, name(&l.tid), l.text.clone())),
        )
        .collect();
    lines.sort_by_key(|l| l.0);
    let lines = lines.split_off(lines.len().saturating_sub(SHOWN));
    let hidden = total - lines.len();
    // Follow new lines, unless the learner scrolled up to read: `follow`
    // is whether the list was at its end before this render.
    let list = use_node_ref();
    let follow = use_mut_ref(|| true);
    {
        let (list, follow) = (list.clone(), follow.clone());
        use_effect_with(total, move |_| {
            if let (true, Some(el)) = (*follow.borrow(), list.cast::<web_sys::Element>()) {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let on_scroll = {
        let (list, follow) = (list.clone(), follow.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = list.cast::<web_sys::Element>() {
                *follow.borrow_mut() = el.scroll_top() + el.client_height() >= el.scroll_height() - 4;
            }
        })
    };
    // The names' column is as wide as its longest name, up to 22
    // characters (no inline style under the page's CSP: a class per width).
    let longest = lines.iter().map(|l| l.2.chars().count()).max().unwrap_or(0);
    let width = match longest {
        0..=6 => "w6",
        7..=10 => "w10",
        11..=14 => "w14",
        15..=18 => "w18",
        _ => "w22",
    };
    html! {
        <section class={classes!("console", width)} aria-label={t!("Output")}>
            <h2>{t!("Output")}</h2>
            if hidden > 0 {
                <p class="dim earlier">{ tp!(hidden, "{n} earlier line not shown", "{n} earlier lines not shown") }</p>
            }
            <ol aria-live="polite" aria-label={t!("Printed lines")} tabindex="0" ref={list} onscroll={on_scroll}>
                { for lines.iter().map(|(at, err, who, text)| html! {
                    <li class={classes!(err.then_some("error"))}>
                        // A compact time: `s` in every language.
                        <span class="t">{ format!("{:6.2}s", *at as f64 / 1e9) }</span>
                        <span class="who">{ who.clone() }</span>
                        <span class="text">{ text.clone() }</span>
                    </li>
                }) }
            </ol>
            if lines.is_empty() { <p class="dim">{t!("Nothing printed yet.")}</p> }
        </section>
    }
}
