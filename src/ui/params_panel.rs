//! The parameter panel: one labelled control per lesson parameter, with its
//! range shown. Values are validated by the lesson's specs.

use lockstep_core::lessons::{ParamKind, ParamSpec, Params};
use lockstep_core::t;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ParamsProps {
    pub specs: &'static [ParamSpec],
    pub values: Params,
    pub seed: u64,
    pub disabled: bool,
    pub on_change: Callback<(&'static str, f64)>,
    pub on_url: Callback<(&'static str, String)>,
    pub on_seed: Callback<u64>,
    /// Parameters the learner's edited code has taken over: key and why
    /// (their controls are off).
    #[prop_or_default]
    pub off: Vec<(&'static str, &'static str)>,
}

/// The number in the input an event came from, if it holds one.
pub(crate) fn input_number(e: &Event) -> Option<f64> {
    input_value(e).trim().parse().ok()
}

pub(crate) fn input_value(e: &Event) -> String {
    e.target()
        .unwrap()
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

#[function_component(ParamsPanel)]
pub fn params_panel(p: &ParamsProps) -> Html {
    let row = |spec: &'static ParamSpec| {
        let v = if matches!(spec.kind, ParamKind::Url { .. }) {
            0.0
        } else {
            p.values.get(spec.key)
        };
        let id = format!("param-{}", spec.key);
        let cb = p.on_change.clone();
        let off = p.off.iter().find(|o| o.0 == spec.key).map(|o| o.1);
        let disabled = p.disabled || off.is_some();
        let control = match spec.kind {
            ParamKind::Int { min, max } => {
                let oninput = Callback::from(move |e: InputEvent| {
                    let e: Event = e.into();
                    if let Ok(x) = input_value(&e).parse::<f64>() {
                        cb.emit((spec.key, x));
                    }
                });
                html! { <>
                    <input id={id.clone()} type="range" min={min.to_string()} max={max.to_string()} step="1"
                        value={(v as i64).to_string()} {oninput} disabled={disabled} aria-label={spec.label_shown()} />
                    <output for={id.clone()}>{ v as i64 }</output>
                    <span class="range">{ format!("{min}–{max}") }</span>
                </> }
            }
            ParamKind::Float { min, max, step } => {
                let oninput = Callback::from(move |e: InputEvent| {
                    let e: Event = e.into();
                    if let Ok(x) = input_value(&e).parse::<f64>() {
                        cb.emit((spec.key, x));
                    }
                });
                html! { <>
                    <input id={id.clone()} type="range" min={min.to_string()} max={max.to_string()} step={step.to_string()}
                        value={v.to_string()} {oninput} disabled={disabled} aria-label={spec.label_shown()} />
                    <output for={id.clone()}>{ spec.show(v) }</output>
                    <span class="range">{ format!("{min}–{max}") }</span>
                </> }
            }
            ParamKind::Bool => {
                let onchange = Callback::from(move |e: Event| {
                    let checked = e
                        .target()
                        .unwrap()
                        .unchecked_into::<web_sys::HtmlInputElement>()
                        .checked();
                    cb.emit((spec.key, if checked { 1.0 } else { 0.0 }));
                });
                html! { <input id={id.clone()} type="checkbox" checked={v != 0.0} {onchange} disabled={disabled} aria-label={spec.label_shown()} /> }
            }
            ParamKind::Url { max_len } => {
                let cb = p.on_url.clone();
                let onchange = Callback::from(move |e: Event| cb.emit((spec.key, input_value(&e))));
                let value = p.values.url(spec.key).to_string();
                html! { <input id={id.clone()} type="url" maxlength={max_len.to_string()} placeholder="https://…"
                value={value} {onchange} disabled={disabled} aria-label={spec.label_shown()} /> }
            }
            ParamKind::Choice(opts) => {
                let onchange = Callback::from(move |e: Event| {
                    let sel: web_sys::HtmlSelectElement = e.target().unwrap().unchecked_into();
                    if let Some(i) = opts.iter().position(|o| *o == sel.value()) {
                        cb.emit((spec.key, i as f64));
                    }
                });
                html! {
                    <select id={id.clone()} {onchange} disabled={disabled} aria-label={spec.label_shown()}>
                        { for opts.iter().enumerate().map(|(i, o)| html!{ <option value={*o} selected={i == v as usize}>{ *o }</option> }) }
                    </select>
                }
            }
        };
        html! {
            <div class="param">
                <label for={id.clone()} title={spec.help_shown()}>{ spec.label_shown() }</label>
                <div class="control">{ control }</div>
                if let Some(why) = off { <p class="help off">{ why }</p> }
                else if !spec.help.is_empty() { <p class="help">{ spec.help_shown() }</p> }
            </div>
        }
    };
    let on_seed = {
        let cb = p.on_seed.clone();
        Callback::from(move |e: Event| {
            if let Ok(s) = input_value(&e).trim().parse::<u64>() {
                cb.emit(s);
            }
        })
    };
    html! {
        <fieldset class="params" disabled={p.disabled}>
            <legend>{t!("Parameters")}</legend>
            { for p.specs.iter().map(row) }
            <div class="param">
                <label for="param-seed" title={t!("every random choice comes from this seed")}>{t!("Seed")}</label>
                <div class="control">
                    <input id="param-seed" type="number" min="0" value={p.seed.to_string()} onchange={on_seed} aria-label={t!("Seed")} />
                </div>
            </div>
            if p.disabled { <p class="help">{t!("Parameters are fixed while a run is in progress: Reset to change them.")}</p> }
        </fieldset>
    }
}
