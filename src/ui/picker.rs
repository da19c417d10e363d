//! The lesson picker, grouped as in the notes, with the learner's own
//! program first.

use lockstep_core::lessons::{self, Group};
use lockstep_core::share::PROGRAM_ID;
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
            if value == PROGRAM_ID {
                cb.emit(PROGRAM_ID);
            } else if let Some(l) = lessons::by_id(&value) {
                cb.emit(l.id());
            }
        })
    };
    let groups = [Group::Processes, Group::Threads, Group::Fetching, Group::Beyond];
    html! {
        <label class="picker">
            <span>{"Lesson"}</span>
            <select onchange={on_change} disabled={p.disabled} aria-label="Lesson">
                <optgroup label="Your code">
                    <option value={PROGRAM_ID} selected={p.current == PROGRAM_ID}>{"My program (your own Python)"}</option>
                </optgroup>
                { for groups.iter().map(|g| {
                    let ls: Vec<_> = lessons::all().iter().filter(|l| l.group() == *g).collect();
                    if ls.is_empty() { return html!{}; }
                    html! {
                        <optgroup label={g.title()}>
                            { for ls.iter().map(|l| html! {
                                <option value={l.id()} selected={l.id() == p.current}>
                                    { format!("{} · {}", l.number(), l.title()) }
                                </option>
                            }) }
                        </optgroup>
                    }
                }) }
            </select>
        </label>
    }
}
