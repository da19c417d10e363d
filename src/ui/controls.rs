//! Run, Pause, Step, Reset, speed, Share, Export trace. Real buttons with
//! accessible names (the test hooks in design.md), keyboard shortcuts shown.

use super::session::Status;
use lockstep_core::t;
use yew::prelude::*;

/// Slider position 0..=100 <-> speed 0.1x..10x on a log scale (50 = 1x).
pub fn speed_of(pos: f64) -> f64 {
    10f64.powf((pos - 50.0) / 50.0)
}
pub fn pos_of(speed: f64) -> f64 {
    (speed.log10() * 50.0 + 50.0).round()
}

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub status: Status,
    pub speed: f64,
    pub can_run: bool,
    pub on_run: Callback<()>,
    pub on_pause: Callback<()>,
    pub on_step: Callback<()>,
    pub on_reset: Callback<()>,
    pub on_speed: Callback<f64>,
    pub on_share: Callback<()>,
    pub on_export: Callback<()>,
    pub has_trace: bool,
    pub share_note: Option<String>,
    /// Slow motion is on.
    pub slow: bool,
    pub on_slow: Callback<bool>,
    /// A file chosen with "Open a recorded run".
    pub on_open: Callback<web_sys::File>,
}

#[function_component(Controls)]
pub fn controls(p: &ControlsProps) -> Html {
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let on_speed = {
        let cb = p.on_speed.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(x) = super::params_panel::input_number(&e.into()) {
                cb.emit((speed_of(x) * 100.0).round() / 100.0);
            }
        })
    };
    let running = p.status == Status::Running;
    let paused = p.status == Status::Paused;
    let run_label = if paused { t!("Run (resume)") } else { t!("Run") };
    // Keyboard focus stays on the controls: the button just used becomes
    // disabled (Run while running, Pause once paused), which drops focus
    // to the page; it moves to the button that now does the next thing.
    let (run_ref, pause_ref) = (use_node_ref(), use_node_ref());
    let in_toolbar = use_mut_ref(|| false);
    {
        let (run_ref, pause_ref, in_toolbar) = (run_ref.clone(), pause_ref.clone(), in_toolbar.clone());
        use_effect_with(p.status, move |status| {
            // Lost: on the page's body, or still on the button that was
            // just disabled (Chrome leaves it there, where keys do nothing).
            let lost = gloo::utils::document()
                .active_element()
                .is_none_or(|e| e.tag_name() == "BODY" || e.has_attribute("disabled"));
            if *in_toolbar.borrow() && lost {
                let next = if *status == Status::Running {
                    &pause_ref
                } else {
                    &run_ref
                };
                if let Some(b) = next.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }
    let on_focusin = {
        let in_toolbar = in_toolbar.clone();
        Callback::from(move |_: FocusEvent| *in_toolbar.borrow_mut() = true)
    };
    let on_focusout = {
        let in_toolbar = in_toolbar.clone();
        // Focus that leaves for somewhere else on the page (not for nowhere,
        // as a button being disabled sends it) leaves the toolbar.
        Callback::from(move |e: FocusEvent| {
            if e.related_target().is_some() {
                *in_toolbar.borrow_mut() = false;
            }
        })
    };
    html! {
        <div class="controls" role="toolbar" aria-label={t!("Run controls")} onfocusin={on_focusin} onfocusout={on_focusout}>
            <button class="primary" ref={run_ref} onclick={click(&p.on_run)} disabled={!(p.can_run || paused)} aria-label={t!("Run")}
                title={t!("Space")}>{ run_label }</button>
            <button ref={pause_ref} onclick={click(&p.on_pause)} disabled={!running} aria-label={t!("Pause")} title={t!("Space")}>{t!("Pause")}</button>
            <button onclick={click(&p.on_step)} disabled={!(running || paused || p.can_run)} aria-label={t!("Step")}
                title={t!("S: let exactly one traced operation through")}>{t!("Step")}</button>
            <button onclick={click(&p.on_reset)} disabled={p.status == Status::Idle || p.status == Status::Stopping} aria-label={t!("Reset")} title="R">{t!("Reset")}</button>
            <button class={classes!("toggle", p.slow.then_some("on"))} aria-pressed={if p.slow { "true" } else { "false" }}
                onclick={let (cb, on) = (p.on_slow.clone(), p.slow); move |_: MouseEvent| cb.emit(!on)} aria-label={t!("Slow motion")}
                title={t!("One traced operation at a time, each said in a sentence (the speed sets the beat)")}>{t!("Slow motion")}</button>
            <label class="speed">
                <span>{t!("Speed")}</span>
                <input type="range" min="0" max="100" step="1" value={pos_of(p.speed).to_string()} oninput={on_speed} aria-label={t!("Speed")} />
                <output>{ format!("{:.1}x", p.speed) }</output>
            </label>
            <button onclick={click(&p.on_share)} aria-label={t!("Share")}>{t!("Share")}</button>
            <button onclick={click(&p.on_export)} disabled={!p.has_trace} aria-label={t!("Export trace")}
                title={t!("Chrome Trace Event Format: opens in Perfetto or chrome://tracing")}>{t!("Export trace")}</button>
            <label class="file-button" title={t!("A trace exported by Lockstep: replays exactly that run")}>
                {t!("Open a recorded run")}
                <input type="file" accept=".json,application/json" class="sr" aria-label={t!("Open a recorded run")}
                    disabled={matches!(p.status, Status::Running | Status::Paused | Status::Stopping)}
                    onchange={let cb = p.on_open.clone(); move |e: Event| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        if let Some(f) = input.files().and_then(|l| l.get(0)) {
                            cb.emit(f);
                        }
                        input.set_value("");
                    }} />
            </label>
            if let Some(n) = &p.share_note { <span class="share-note" role="status">{ n }</span> }
            <span class="keys" aria-hidden="true">{t!("space run/pause · s step · r reset")}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn speed_scale_round_trips() {
        for s in [0.1, 0.5, 1.0, 2.0, 10.0] {
            assert!((super::speed_of(super::pos_of(s)) - s).abs() / s < 0.05);
        }
    }
}
