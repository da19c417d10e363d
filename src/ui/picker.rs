//! The lesson picker, grouped as in the notes.

use lockstep_core::lessons::{self, Group};
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
            if let Some(l) = lessons::by_id(&value) {
                cb.emit(l.id());
            }
        })
    };
    let groups = [Group::Processes, Group::Threads, Group::Fetching, Group::Beyond];
    html! {
        <label class="picker">
            <span>{"Lesson"}</span>
            <select onchange={on_change} disabled={p.disabled} aria-label="Lesson">
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
