//! The lesson picker, in the notes' order, with the learner's own program
//! first; and the previous / next lesson.

use lockstep_core::challenge;
use lockstep_core::lessons::{self, Group};
use lockstep_core::share::PROGRAM_ID;
use lockstep_core::{t, tf};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub current: &'static str,
    pub disabled: bool,
    pub on_pick: Callback<&'static str>,
}

#[function_component(Picker)]
pub fn picker(p: &PickerProps) -> Html {
    let on_change = {
        let cb = p.on_pick.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target().unwrap().unchecked_into();
            let value = sel.value();
            if let Some(l) = challenge::by_id(&value) {
                cb.emit(l.id);
            } else if value == PROGRAM_ID {
                cb.emit(PROGRAM_ID);
            } else if let Some(l) = lessons::by_id(&value) {
                cb.emit(l.id());
            }
        })
    };
    // The notes' order (L1 to L10), each run of lessons of one kind under
    // its group's name: the order a learner of the notes expects, and the
    // kinds at a glance.
    let mut runs: Vec<(Group, Vec<&'static dyn lessons::Lesson>)> = Vec::new();
    for l in lessons::all() {
        match runs.last_mut() {
            Some((g, ls)) if *g == l.group() => ls.push(*l),
            _ => runs.push((l.group(), vec![*l])),
        }
    }
    html! {
        <label class="picker">
            <span>{t!("Lesson")}</span>
            <select onchange={on_change} disabled={p.disabled} aria-label={t!("Lesson")}>
                <optgroup label={t!("Your code")}>
                    <option value={PROGRAM_ID} selected={p.current == PROGRAM_ID}>{t!("My program (your own Python)")}</option>
                </optgroup>
                { for runs.iter().map(|(g, ls)| html! {
                    <optgroup label={g.title()}>
                        { for ls.iter().map(|l| html! {
                            <option value={l.id()} selected={l.id() == p.current}>
                                { format!("{} · {}", l.number(), l.title()) }
                            </option>
                        }) }
                    </optgroup>
                }) }
                <optgroup label={t!("Challenge: you are the scheduler")}>
                    { for challenge::all().iter().enumerate().map(|(i, l)| html! {
                        <option value={l.id} selected={l.id == p.current}>{
                            tf!("Level {n} · {title}", n = i + 1, title = l.text(lockstep_core::i18n::lang()).title)
                        }</option>
                    }) }
                </optgroup>
            </select>
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct StepperProps {
    pub current: &'static str,
    pub disabled: bool,
    pub on_pick: Callback<&'static str>,
}

/// "L2 ◀ · L3 of 10 · ▶ L4": the lessons one after another, as the notes
/// teach them.
#[function_component(LessonStepper)]
pub fn lesson_stepper(p: &StepperProps) -> Html {
    let all = lessons::all();
    let Some(i) = all.iter().position(|l| l.id() == p.current) else {
        return html! {};
    };
    let go = |l: Option<&&'static dyn lessons::Lesson>, previous: bool| match l {
        Some(l) => {
            let (cb, id) = (p.on_pick.clone(), l.id());
            let (number, title) = (l.number(), l.title());
            let label = if previous {
                tf!("Previous lesson: {number} · {title}", number, title)
            } else {
                tf!("Next lesson: {number} · {title}", number, title)
            };
            html! {
                <button disabled={p.disabled} onclick={move |_| cb.emit(id)} aria-label={label}>
                    { if previous { format!("◀ {number}") } else { format!("{number} ▶") } }
                </button>
            }
        }
        None => html! {},
    };
    html! {
        <nav class="stepper" aria-label={t!("Lessons in the notes' order")}>
            { go(i.checked_sub(1).and_then(|j| all.get(j)), true) }
            <span>{ tf!("lesson {i} of {n}", i = i + 1, n = all.len()) }</span>
            { go(all.get(i + 1), false) }
        </nav>
    }
}
