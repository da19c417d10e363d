//! The page root: holds the learner's choice (mirrored in the URL) and the
//! session (the live or finished run), and lays out the components.

use super::code::Code;
use super::console::Console;
use super::controls::Controls;
use super::lanes::Lanes;
use super::metrics::Metrics;
use super::objects::Objects;
use super::params_panel::ParamsPanel;
use super::picker::Picker;
use super::pool_check::{use_pool_check, PoolCheck};
use super::session::{Session, Status};
use super::speedup_plot::SpeedupPlot;
use super::state::{Action, Choice};
use super::waterfall::Waterfall;
use crate::runtime::page;
use lockstep_core::i18n::{self, Lang};
use lockstep_core::lessons::Panel;
use lockstep_core::{t, tf, tp};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    pub workers: usize,
    pub notice: Option<String>,
    pub pool_ms: f64,
}

/// The animation-frame callback, kept alive while frames are requested.
type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut()>>>>;

/// Calls `on_frame` once per animation frame while `active`. Uses one
/// long-lived closure (never dropped while it runs) and a stop flag.
#[hook]
pub(crate) fn use_frames(active: bool, on_frame: Rc<dyn Fn()>) {
    use_effect_with(active, move |&active| {
        let stop = Rc::new(Cell::new(!active));
        if active {
            let f: FrameSlot = Rc::new(RefCell::new(None));
            let g = f.clone();
            let stop2 = stop.clone();
            *g.borrow_mut() = Some(Closure::new(move || {
                if stop2.get() {
                    f.borrow_mut().take();
                    return;
                }
                on_frame();
                if let Some(cb) = f.borrow().as_ref() {
                    let _ = gloo::utils::window().request_animation_frame(cb.as_ref().unchecked_ref());
                }
            }));
            let first = g.borrow();
            if let Some(cb) = first.as_ref() {
                let _ = gloo::utils::window().request_animation_frame(cb.as_ref().unchecked_ref());
            }
        }
        move || stop.set(true)
    });
}

/// Calls `on_key` for each key pressed on the page without Ctrl, Cmd or
/// Alt, with the tag name of the element it was pressed in (the caller
/// decides what counts as typing). One listener for the component's life.
#[hook]
pub(crate) fn use_shortcuts(on_key: impl Fn(&web_sys::KeyboardEvent, &str) + 'static) {
    use_effect_with((), move |_| {
        let listener = gloo::events::EventListener::new(&gloo::utils::document(), "keydown", move |e| {
            let e: &web_sys::KeyboardEvent = e.unchecked_ref();
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let tag = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| el.tag_name())
                .unwrap_or_default();
            on_key(e, &tag);
        });
        move || drop(listener)
    });
}

/// The frames' redraws of a live run (see `App`): when the last was
/// asked for and what it cost, and whether a change is still undrawn.
#[derive(Clone, Copy, Default)]
struct RedrawPacing {
    asked: f64,
    cost: f64,
    pending: bool,
    owed: bool,
}

/// A live run's next redraw waits until this many times the last one's
/// cost has passed since it was asked for. The cost measured is the
/// script's (yew's render and the DOM calls); the browser's style, layout
/// and paint of what changed come after it and cost about as much again
/// (a profile of 16 Python threads: 38% of the main thread in the
/// browser's own work beside 23% in the render). At 2 redraws took most
/// of the time and the median frame was 33 ms; at 3 most frames are the
/// display's 16.7 ms, with 12-15 redraws a second (issue 17).
const REDRAW_SPACING: f64 = 3.0;

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let check = use_pool_check(props.workers);
    let choice = use_reducer(|| {
        let (share, notices) = lockstep_core::share::decode(&page::query());
        let unpacking =
            share.program.as_ref().is_some_and(|p| !p.packed.is_empty()) || share.edited.is_some();
        Choice {
            share,
            notices,
            code: super::editor::STARTER.to_string(),
            unpacking,
            lesson_code: None,
        }
    });
    let session = use_mut_ref(|| Session::new(choice.share.lesson));
    let redraw = use_force_update();
    let share_note = use_state(|| None::<String>);
    let slow = use_state(|| false);
    // A finished run kept to compare the next ones with.
    let pinned = use_state(|| None::<Rc<Pinned>>);

    // The URL always reflects the choice.
    {
        let share = choice.share.clone();
        use_effect_with(share, |s| {
            page::replace_query(&lockstep_core::share::encode(s, page::workers_param().as_deref()));
        });
    }

    // A link's program: inflate it once (the browser's DecompressionStream).
    {
        let choice = choice.clone();
        use_effect_with((), move |_| {
            if choice.unpacking {
                let program = choice.share.program.as_ref().map(|p| p.packed.clone());
                let lesson = program.is_none();
                let packed = program
                    .or_else(|| choice.share.edited.clone())
                    .unwrap_or_default();
                wasm_bindgen_futures::spawn_local(async move {
                    let r = crate::runtime::deflate::unpack(&packed).await;
                    choice.dispatch(if lesson {
                        Action::UnpackedLesson(r)
                    } else {
                        Action::Unpacked(r)
                    });
                });
            }
        });
    }
    // The link carries the program: compress it whenever it changes (the
    // starter program is carried as an empty `code=`).
    let link_too_long = use_state(|| false);
    {
        let (choice2, too_long) = (choice.clone(), link_too_long.clone());
        let key = (
            choice.share.program.is_some(),
            choice.code.clone(),
            choice.unpacking,
            choice.lesson_code.clone(),
        );
        use_effect_with(key, move |(on, code, unpacking, lesson_code)| {
            // An edited lesson's code goes into the link the same way.
            if let (false, false, Some(code)) = (*on, *unpacking, lesson_code.clone()) {
                wasm_bindgen_futures::spawn_local(async move {
                    let packed = crate::runtime::deflate::pack(&code).await.unwrap_or_default();
                    let fits = packed.len() <= lockstep_core::share::MAX_CODE;
                    too_long.set(!fits);
                    choice2.dispatch(Action::PackedLesson(
                        code,
                        if fits { packed } else { String::new() },
                    ));
                });
                return;
            }
            if *on && !*unpacking {
                let code = code.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let packed = if code == super::editor::STARTER {
                        Ok(String::new())
                    } else {
                        crate::runtime::deflate::pack(&code).await
                    };
                    let packed = packed.unwrap_or_default();
                    let fits = packed.len() <= lockstep_core::share::MAX_CODE;
                    too_long.set(!fits);
                    let packed = if fits { packed } else { String::new() };
                    choice2.dispatch(Action::Packed(code, packed));
                });
            }
        });
    }

    // Drain the trace once per frame while a run is live, and redraw what
    // changed. A redraw of a big live run (many lanes, spans and cards)
    // can take longer than a frame: then redraws are spaced by their cost
    // (`REDRAW_SPACING`), and the page stays responsive (16 Python
    // threads drew at 20 fps when every frame redrew; issue 17).
    let busy = session.borrow().busy();
    let pacing = use_mut_ref(RedrawPacing::default);
    {
        let pacing = pacing.clone();
        // After every render: the cost of the one the frames asked for.
        use_effect(move || {
            let mut p = pacing.borrow_mut();
            if p.pending {
                p.pending = false;
                p.cost = (js_sys::Date::now() - p.asked).max(0.0);
            }
        });
    }
    {
        let (session, redraw) = (session.clone(), redraw.clone());
        use_frames(
            busy,
            Rc::new(move || {
                let changed = session.borrow_mut().frame();
                let mut p = pacing.borrow_mut();
                p.owed |= changed;
                let now = js_sys::Date::now();
                // Spaced only while the run is live: its end redraws at once.
                let spaced = session.borrow().busy() && now - p.asked < REDRAW_SPACING * p.cost.min(250.0);
                if p.owed && !spaced {
                    *p = RedrawPacing {
                        asked: now,
                        pending: true,
                        owed: false,
                        ..*p
                    };
                    drop(p);
                    redraw.force_update();
                }
            }),
        );
    }

    let lesson = choice.share.lesson;
    let program = choice.share.program.clone();
    let needed = lesson.threads(&choice.share.params);
    // The learner's program starts threads as it goes: past the pool it
    // gets Python's own "can't start new thread".
    let fits = program.is_some() || needed <= props.workers;
    let pool_ready = matches!(check, PoolCheck::Passed { .. });

    let on_run = {
        let (session, choice, redraw) = (session.clone(), choice.clone(), redraw.clone());
        Callback::from(move |()| {
            let mut s = session.borrow_mut();
            match (s.status, &choice.share.program) {
                (Status::Paused, _) => s.resume(),
                (Status::Idle | Status::Finished, Some(p)) if !choice.unpacking => {
                    s.start_python(&choice.code, &choice.share, p.gil, false)
                }
                (Status::Idle | Status::Finished, None) if fits && choice.share.lesson.runs_python() => {
                    if !choice.unpacking {
                        s.start_lesson_code(
                            &choice.lesson_python(),
                            &choice.share,
                            choice.lesson_code.is_some(),
                            false,
                        )
                    }
                }
                (Status::Idle | Status::Finished, None) if fits => s.start(&choice.share, false),
                _ => {}
            }
            drop(s);
            redraw.force_update();
        })
    };
    let on_pause = {
        let (session, redraw) = (session.clone(), redraw.clone());
        Callback::from(move |()| {
            session.borrow_mut().pause();
            redraw.force_update();
        })
    };
    let on_step = {
        let (session, choice, redraw) = (session.clone(), choice.clone(), redraw.clone());
        Callback::from(move |()| {
            let mut s = session.borrow_mut();
            if matches!(s.status, Status::Idle | Status::Finished) && fits && !choice.unpacking {
                match &choice.share.program {
                    Some(p) => s.start_python(&choice.code, &choice.share, p.gil, true),
                    None if choice.share.lesson.runs_python() => s.start_lesson_code(
                        &choice.lesson_python(),
                        &choice.share,
                        choice.lesson_code.is_some(),
                        true,
                    ),
                    None => s.start(&choice.share, true),
                }
            }
            s.step();
            drop(s);
            redraw.force_update();
        })
    };
    let on_step_thread = {
        let (session, redraw) = (session.clone(), redraw.clone());
        Callback::from(move |tid| {
            session.borrow_mut().step_thread(tid);
            redraw.force_update();
        })
    };
    let on_reset = {
        let (session, redraw) = (session.clone(), redraw.clone());
        Callback::from(move |()| {
            session.borrow_mut().reset();
            redraw.force_update();
        })
    };
    let on_speed = {
        let (session, choice) = (session.clone(), choice.clone());
        Callback::from(move |s: f64| {
            session.borrow().set_speed(s);
            choice.dispatch(Action::Speed(s));
        })
    };
    let on_slow = {
        let (session, slow, redraw) = (session.clone(), slow.clone(), redraw.clone());
        Callback::from(move |on: bool| {
            session.borrow_mut().set_slow(on);
            slow.set(on);
            redraw.force_update();
        })
    };
    let on_open = {
        let (session, choice, redraw) = (session.clone(), choice.clone(), redraw.clone());
        Callback::from(move |file: web_sys::File| {
            let (session, choice, redraw) = (session.clone(), choice.clone(), redraw.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let text = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|t| t.as_string())
                    .unwrap_or_default();
                match read_recorded(&text) {
                    Ok((share, log)) => {
                        let (lesson, params) = (share.lesson, share.params.clone());
                        // Its program (or lesson edit) travels packed, as in a link.
                        let program = share
                            .program
                            .as_ref()
                            .map(|p| p.packed.clone())
                            .filter(|p| !p.is_empty());
                        let packed = program
                            .clone()
                            .map(|p| (p, false))
                            .or(share.edited.clone().map(|e| (e, true)));
                        choice.dispatch(Action::Open(share));
                        session.borrow_mut().open_recorded(lesson, params, log, name);
                        if let Some((packed, edit)) = packed {
                            let r = crate::runtime::deflate::unpack(&packed).await;
                            choice.dispatch(if edit {
                                Action::UnpackedLesson(r)
                            } else {
                                Action::Unpacked(r)
                            });
                        }
                    }
                    Err(e) => session.borrow_mut().error = Some(tf!("Could not open {name}: {e}", name, e)),
                }
                redraw.force_update();
            });
        })
    };
    let on_pin = {
        let (session, pinned, choice) = (session.clone(), pinned.clone(), choice.clone());
        Callback::from(move |_: MouseEvent| {
            let s = session.borrow();
            let view = s.live.borrow().clone();
            pinned.set(Some(Rc::new(Pinned::of(view, &choice.share, s.recorded.clone()))));
        })
    };
    let on_unpin = {
        let pinned = pinned.clone();
        Callback::from(move |_: MouseEvent| pinned.set(None))
    };
    let on_share = {
        let share_note = share_note.clone();
        Callback::from(move |()| {
            let url = page::href();
            let note = share_note.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = page::copy(url.clone()).await;
                note.set(Some(if ok {
                    t!("Link copied to the clipboard.").into()
                } else {
                    tf!("Copy this link: {url}", url)
                }));
            });
        })
    };
    let on_export = {
        let (session, choice) = (session.clone(), choice.clone());
        Callback::from(move |()| {
            let json = session.borrow().export();
            let id = match choice.share.program {
                Some(_) => lockstep_core::share::PROGRAM_ID,
                None => choice.share.lesson.id(),
            };
            let name = format!("lockstep-{id}-seed{}.json", choice.share.seed);
            page::download(&name, "application/json", &json);
        })
    };
    let on_pick = {
        let (session, choice, slow) = (session.clone(), choice.clone(), slow.clone());
        Callback::from(move |id: &'static str| {
            let mut fresh = Session::new(lockstep_core::lessons::by_id(id).unwrap_or(choice.share.lesson));
            fresh.slow = *slow;
            *session.borrow_mut() = fresh;
            if lockstep_core::challenge::by_id(id).is_some() {
                choice.dispatch(Action::Level(id));
            } else if id == lockstep_core::share::PROGRAM_ID {
                choice.dispatch(Action::Program);
            } else {
                choice.dispatch(Action::Lesson(id));
            }
        })
    };
    let on_param = {
        let choice = choice.clone();
        Callback::from(move |(k, v): (&'static str, f64)| choice.dispatch(Action::Param(k, v)))
    };
    let on_url = {
        let choice = choice.clone();
        Callback::from(move |(k, v): (&'static str, String)| choice.dispatch(Action::Url(k, v)))
    };
    let on_seed = {
        let choice = choice.clone();
        Callback::from(move |s: u64| choice.dispatch(Action::Seed(s)))
    };
    let on_code = {
        let choice = choice.clone();
        Callback::from(move |c: String| choice.dispatch(Action::Code(c)))
    };
    let on_lesson_code = {
        let choice = choice.clone();
        Callback::from(move |c: String| choice.dispatch(Action::LessonCode(c)))
    };
    let on_restore = {
        let choice = choice.clone();
        Callback::from(move |_: MouseEvent| choice.dispatch(Action::Restore))
    };
    let on_gil = {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            choice.dispatch(Action::Gil(sel.value() == "on"));
        })
    };

    // Keyboard: space run/pause, s step, r reset (not while typing).
    let keys = use_mut_ref(|| {
        (
            on_run.clone(),
            on_pause.clone(),
            on_step.clone(),
            on_reset.clone(),
            Status::Idle,
            false,
        )
    });
    *keys.borrow_mut() = (
        on_run.clone(),
        on_pause.clone(),
        on_step.clone(),
        on_reset.clone(),
        session.borrow().status,
        choice.share.level.is_some(),
    );
    {
        let keys = keys.clone();
        use_shortcuts(move |e, tag| {
            let typing = matches!(tag, "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON");
            if typing && e.key() == " " {
                return;
            }
            // s and r from a button are shortcuts; from a field, letters.
            if typing && matches!(e.key().as_str(), "s" | "r") && tag != "BUTTON" {
                return;
            }
            let k = keys.borrow().clone();
            // Challenge mode has its own keys (its component's).
            if k.5 {
                return;
            }
            match e.key().as_str() {
                " " => {
                    e.prevent_default();
                    if k.4 == Status::Running {
                        k.1.emit(())
                    } else {
                        k.0.emit(())
                    }
                }
                "s" | "S" => k.2.emit(()),
                "r" | "R" => k.3.emit(()),
                _ => {}
            }
        });
    }

    let s = session.borrow();
    let view = s.view();
    let now = s.now();
    let deadlock = s.deadlock();
    let cycle = deadlock.as_ref().map(|d| d.0.cycle.clone()).unwrap_or_default();
    let end = s.end().max(1);
    let has_trace = !s.log().events.is_empty();
    let mode = match (s.status, s.replay_at) {
        (_, Some(t)) => tf!(
            "REPLAY · {at} s of {end} s recorded",
            at = format!("{:.2}", t as f64 / 1e9),
            end = format!("{:.2}", end as f64 / 1e9)
        ),
        (Status::Running, _) if s.slow => t!("SLOW MOTION · one traced operation at a time").to_string(),
        (Status::Running, _) => t!("LIVE · running on real threads").to_string(),
        (Status::Paused, _) => t!("LIVE · paused (Step lets one operation through)").to_string(),
        (Status::Stopping, _) => t!("stopping every thread…").to_string(),
        (Status::Finished, _) if s.recorded.is_some() => tf!(
            "RECORDED · {file} · drag the timeline to replay any moment of that run",
            file = s.recorded.clone().unwrap_or_default()
        ),
        (Status::Finished, _) => t!("FINISHED · drag the timeline to replay any moment").to_string(),
        (Status::Idle, _) => t!("ready · press Run").to_string(),
    };
    let on_scrub = {
        let (session, redraw) = (session.clone(), redraw.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(x) = super::params_panel::input_number(&e.into()) {
                let mut s = session.borrow_mut();
                let end = s.end();
                s.scrub((x / 1000.0 * end as f64) as u64);
                drop(s);
                redraw.force_update();
            }
        })
    };
    let scrub_pos = s
        .replay_at
        .map(|t| (t as f64 / end as f64 * 1000.0).round())
        .unwrap_or(1000.0);
    let check_text = match &check {
        PoolCheck::Running => t!("checking the pool…").to_string(),
        PoolCheck::Passed { distinct, ms } => {
            tf!(
                "check: {distinct} distinct thread ids at once ({ms} ms)",
                distinct,
                ms = format!("{ms:.0}")
            )
        }
        PoolCheck::Failed(e) => tf!("pool check failed: {e}", e),
    };
    let picked = match &program {
        Some(_) => lockstep_core::share::PROGRAM_ID,
        None => lesson.id(),
    };
    // In an edited lesson, a parameter still edits its literal if the code
    // has it; the others say why they are off.
    let params_off: Vec<(&'static str, &'static str)> = match &choice.lesson_code {
        Some(code) => lesson
            .params()
            .iter()
            .filter_map(
                |spec| match (spec.bind.is_some(), spec.read_literal(code).is_some()) {
                    (_, true) => None,
                    (true, false) => Some((spec.key, t!("Its literal is no longer in your code."))),
                    (false, false) => Some((
                        spec.key,
                        t!("Your code decides this now (restore the lesson's code to use it)."),
                    )),
                },
            )
            .collect(),
        None => Vec::new(),
    };
    // A pinned run and this one share the lanes' time scale.
    let pin_end = (*pinned).as_ref().map_or(0, |p| p.end);
    let panels = lesson.panels();
    let sweep = (program.is_none() && panels.contains(&Panel::Speedup))
        .then(|| lockstep_core::reduce::speedup::sweep(s.log()));
    let stderr = s.stderr();
    let error_line = s.error_line();

    let topbar = html! {
        <header class="topbar">
            <h1 class="brand">{"Lockstep"}</h1>
            <p class="tagline">{t!("Python's concurrency lessons, running as Python on real threads")}</p>
            <p class="pool" data-check={match &check { PoolCheck::Running => "running", PoolCheck::Passed { .. } => "passed", PoolCheck::Failed(_) => "failed" }}
                title={t!("Each lesson thread runs on its own Web Worker; all share one WebAssembly memory.")}>
                <strong>{ tp!(props.workers, "{n} worker ready", "{n} workers ready") }</strong>
                { tf!(" in {ms} ms · {check}", ms = format!("{:.0}", props.pool_ms), check = check_text) }
            </p>
            // The language switch: a link to this very state in the other
            // language (the page reloads in it; the choice is remembered).
            <nav class="lang" aria-label={t!("Language")}>
                { for Lang::ALL.iter().map(|&l| {
                    let href = format!("{}{}", page::path(),
                        lockstep_core::share::encode_in(&choice.share, page::workers_param().as_deref(), l));
                    let here = l == i18n::lang();
                    html! {
                        <a {href} lang={l.html()} hreflang={l.html()} aria-current={here.then_some("true")}
                            onclick={move |_: MouseEvent| page::remember_lang(l)}>{ l.own_name() }</a>
                    }
                }) }
            </nav>
        </header>
    };
    // Challenge mode: a level instead of a lesson (its own component).
    if let Some(level) = &choice.share.level {
        let on_moves = {
            let choice = choice.clone();
            Callback::from(move |m: Vec<u32>| choice.dispatch(Action::Moves(m)))
        };
        return html! {
            <>
                { topbar }
                <main class="layout">
                    <aside class="side">
                        <Picker current={level.id} disabled={false} on_pick={on_pick.clone()} />
                    </aside>
                    <section class="stage">
                        if pool_ready {
                            <super::challenge::Challenge key={level.id} level={level.id} schedule={level.schedule.clone()}
                                {on_moves} on_level={on_pick.clone()} />
                        } else {
                            <p class="mode" role="status">{ check_text.clone() }</p>
                        }
                    </section>
                </main>
            </>
        };
    }

    html! {
        <>
            { topbar }
            if let Some(n) = &props.notice {
                <p class="notice" role="status">{ n }</p>
            }
            if !choice.notices.is_empty() {
                <div class="notice" role="status" aria-label={t!("Link notices")}>
                    <p>{t!("Some of this link could not be used as it was:")}</p>
                    <ul>{ for choice.notices.iter().map(|n| html!{ <li>{ n.clone() }</li> }) }</ul>
                    <button onclick={let c = choice.clone(); move |_| c.dispatch(Action::DismissNotices)} aria-label={t!("Dismiss")}>{t!("OK")}</button>
                </div>
            }
            <main class="layout">
                <aside class="side">
                    <Picker current={picked} disabled={s.busy()} on_pick={on_pick.clone()} />
                    if let Some(p) = &program {
                        <h2 class="lesson-title">{t!("My program")}</h2>
                        <p class="explain">{t!("Write Python and press Run: each thread you start runs on a real Web Worker, every read and write of a global or of a shared object's attribute or item is traced, and Step lets exactly one of them through, so you can stop between the load and the store of x += 1. The generic detectors (deadlock, lost updates, exceptions) explain what happened.")}</p>
                        <p class="modelled"><strong>{t!("Modelled: ")}</strong>{t!("a multiprocessing process or os.fork() child is a copy of your program's objects on a worker of its own, with its own GIL and a made-up pid (one browser tab cannot start OS processes); time.sleep runs in demo time; requests fetches the bundled site's pages after a modelled latency.")}</p>
                        <label class="param">
                            <span>{t!("Interpreter")}</span>
                            <select aria-label={t!("GIL")} disabled={s.busy()} onchange={on_gil}>
                                <option value="on" selected={p.gil}>{t!("GIL (CPython 3.11, the default)")}</option>
                                <option value="off" selected={!p.gil}>{t!("free-threaded (like CPython 3.13t)")}</option>
                            </select>
                        </label>
                        <ParamsPanel specs={&[][..]} values={choice.share.params.clone()} seed={choice.share.seed}
                            disabled={s.busy()} on_change={on_param} on_url={on_url} on_seed={on_seed} />
                        if *link_too_long {
                            <p class="notice" role="status">{ tf!("This program is too long for a share link (more than {max} characters compressed): the link opens the starter program. Export the trace, or shorten the program.", max = lockstep_core::share::MAX_CODE) }</p>
                        }
                    } else {
                        <h2 class="lesson-title">{ format!("{} · {}", lesson.number(), lesson.title()) }</h2>
                        <super::picker::LessonStepper current={lesson.id()} disabled={s.busy()} on_pick={on_pick.clone()} />
                        <p class="explain">{ lesson.explain() }</p>
                        if let Some(m) = lesson.modelled() { <p class="modelled"><strong>{t!("Modelled: ")}</strong>{ m }</p> }
                        if lesson.runs_python() {
                            <p class="modelled"><strong>{t!("Runs as Python: ")}</strong>{t!("the code beside the lanes is what runs, through Lockstep's Python interpreter (CPython 3.11's GIL), on real Web Workers. The parameters below write its numbers; edit the code and it is yours.")}</p>
                        } else {
                            <p class="modelled"><strong>{t!("Runs as a compiled model: ")}</strong>{t!("this lesson's threads run Rust that does what its Python does, step for step; the Python beside them is shown, not run.")}</p>
                        }
                        <ParamsPanel specs={lesson.params()} values={choice.share.params.clone()} seed={choice.share.seed}
                            disabled={s.busy()} on_change={on_param} on_url={on_url} on_seed={on_seed} off={params_off} />
                        if *link_too_long && choice.lesson_code.is_some() {
                            <p class="notice" role="status">{ tf!("Your edit is too long for a share link (more than {max} characters compressed): the link opens the lesson's own code.", max = lockstep_core::share::MAX_CODE) }</p>
                        }
                    }
                </aside>
                <section class="stage">
                    <Controls status={s.status} speed={choice.share.speed} can_run={fits && pool_ready && !s.busy()}
                        on_run={on_run.clone()} on_pause={on_pause} on_step={on_step} on_reset={on_reset.clone()}
                        on_speed={on_speed} on_share={on_share} on_export={on_export} has_trace={has_trace}
                        share_note={(*share_note).clone()} slow={*slow} on_slow={on_slow} on_open={on_open} />
                    // Why Run is off, beside Run (it was at the bottom of the
                    // parameters, out of sight).
                    if !fits && !s.busy() {
                        <p class="notice why-not" role="alert">{ tf!(
                            "Run is off: with these parameters this lesson needs {needed} threads, and this page runs {workers} workers (one per thread). Lower a parameter, or open the page with ?workers={needed}.",
                            needed, workers = props.workers) }</p>
                    }
                    <p class={classes!("mode", s.replay_at.map(|_| "replay"))} role="status" aria-label={t!("Mode")}>{ mode }
                        if matches!(s.status, Status::Running | Status::Paused) && s.replay_at.is_none() {
                            <span class="hint">{t!(" · activate a thread's name to step that thread alone")}</span>
                        }
                    </p>
                    if (s.slow || s.status == Status::Paused) && s.replay_at.is_none() && s.busy() {
                        <ol class="said" aria-live="polite" aria-label={t!("What just happened")}>
                            { for s.said.iter().enumerate().map(|(i, x)| html! {
                                <li class={classes!((i + 1 == s.said.len()).then_some("last"))}>{ x.text.clone() }</li>
                            }) }
                            if s.said.is_empty() { <li class="dim">{t!("Each operation will be said here as it happens.")}</li> }
                        </ol>
                    }
                    if let Some(e) = &s.error { <p class="notice" role="alert">{ e.clone() }</p> }
                    if let Some((_, text)) = &deadlock {
                        <div class="deadlock" role="alert">
                            <p>{ text.clone() }</p>
                            <button onclick={let r = on_reset.clone(); move |_| r.emit(())} aria-label={t!("Reset to recover")}>{t!("Reset to recover")}</button>
                        </div>
                    }
                    <Lanes view={view.clone()} now={now} cycle={cycle} axis_end={pin_end}
                        on_step={matches!(s.status, Status::Running | Status::Paused).then_some(on_step_thread)} />
                    if has_trace && matches!(s.status, Status::Paused | Status::Finished) {
                        <label class="timeline">
                            <span>{t!("Timeline")}</span>
                            <input type="range" min="0" max="1000" value={scrub_pos.to_string()} oninput={on_scrub} aria-label={t!("Timeline")} />
                            if s.status == Status::Finished {
                                <button class="pin" onclick={on_pin}
                                    title={t!("Keep this run under the lanes, change one thing, run again and compare")}>{t!("Pin this run")}</button>
                            }
                        </label>
                    }
                    if let Some(pin) = (*pinned).clone() {
                        <section class="pinned" aria-label={t!("Pinned run")}>
                            <header>
                                <strong>{ tf!("Pinned: {label}", label = pin.label) }</strong>
                                <button onclick={on_unpin}>{t!("Unpin")}</button>
                            </header>
                            <table class="compare" aria-label={t!("Pinned run and this run")}>
                                <thead><tr><th>{""}</th><th>{t!("makespan")}</th><th>{t!("lost updates")}</th><th>{t!("threads")}</th><th>{t!("busiest thread busy")}</th></tr></thead>
                                <tbody>
                                    <tr><td>{t!("pinned")}</td>{ pin.numbers.clone() }</tr>
                                    if has_trace { <tr><td>{t!("this run")}</td>{ Pinned::cells(&view.get(), now) }</tr> }
                                </tbody>
                            </table>
                            <Lanes view={pin.view.clone()} now={pin.end} cycle={Vec::new()} axis_end={now} />
                        </section>
                    }
                    // Code and output side by side under the lanes: a laptop
                    // screen shows the lanes, the line each thread is at and
                    // what it printed together while the run plays.
                    if program.is_some() || lesson.runs_python() {
                        if program.is_none() && choice.lesson_code.is_some() {
                            <div class="notice edited" role="status" aria-label={t!("Edited lesson")}>
                                <p>{t!("This is your edit of the lesson's code: the lesson's checks are off (they judge the lesson's own program); the detectors of deadlocks, lost updates and exceptions still run.")}</p>
                                <button onclick={on_restore} disabled={s.busy()}>{t!("Restore the lesson's code")}</button>
                            </div>
                        }
                        <div class="panels work">
                            if program.is_some() {
                                <super::editor::Editor code={AttrValue::from(choice.code.clone())} view={view.clone()}
                                    disabled={s.busy() || choice.unpacking} error_line={error_line}
                                    on_code={on_code} on_run={on_run.clone()} />
                            } else {
                                <super::editor::Editor code={AttrValue::from(choice.lesson_python())} view={view.clone()}
                                    disabled={s.busy() || choice.unpacking} error_line={error_line}
                                    on_code={on_lesson_code} on_run={on_run.clone()}
                                    caption={AttrValue::from(t!("The Python this lesson runs (from the notes, repaired; yours to edit)"))} />
                            }
                            <Console view={view.clone()} />
                        </div>
                        if let Some(c) = &s.compile_error {
                            <pre class="traceback" role="alert" aria-label={t!("Python error")}>{ c.text.clone() }</pre>
                        } else if !stderr.is_empty() {
                            <pre class="traceback" role="alert" aria-label={t!("Python error")}>{ stderr.clone() }</pre>
                        }
                        // Prints travel in the trace; a run that lost events
                        // (the page fell behind) may miss some, so its own
                        // stdout is shown whole.
                        if s.status == Status::Finished && (s.log().dropped > 0 || s.drain.not_kept > 0) {
                            <figure class="stdout">
                                <figcaption>{t!("The program's whole output (the trace above is missing events, so its Output panel may be too):")}</figcaption>
                                <pre aria-label={t!("Program output")}>{ s.stdout() }</pre>
                            </figure>
                        }
                    } else {
                        <div class="panels work">
                            <Code lesson={lesson} params={choice.share.params.clone()} view={view.clone()} />
                            <Console view={view.clone()} />
                        </div>
                    }
                    // The lesson's own panels; a program gets the waterfall once
                    // it fetches.
                    if program.is_some() || panels.contains(&Panel::Waterfall) {
                        if program.is_none() || !view.get().fetches.is_empty() { <Waterfall view={view.clone()} now={now} /> }
                    }
                    if let Some((axis, points)) = sweep {
                        <SpeedupPlot axis={AttrValue::from(axis)} {points} />
                    }
                    <div class="panels">
                        <Objects view={view.clone()} />
                        <Metrics view={view} now={now} checks={s.checks.clone()}
                            expected={if program.is_some() || choice.lesson_code.is_some() { String::new() } else { lesson.expected(&choice.share.params) }} />
                    </div>
                    if s.drain.not_kept > 0 {
                        <p class="notice" role="status">{ tf!(
                            "This run recorded more than {kept} events: the page kept the first {kept} for replay and export and applied the {more} after them to what you see, without keeping them.",
                            kept = super::session::MAX_KEPT, more = s.drain.not_kept) }</p>
                    }
                    if s.log().dropped > 0 {
                        <p class="notice">{ tf!("{n} trace events were dropped because the page fell behind; what is shown is incomplete.", n = s.log().dropped) }</p>
                    }
                </section>
            </main>
            <footer class="foot">
                <p>{t!("Every thread above is a real Web Worker sharing one WebAssembly memory; every step drawn was recorded as it happened. ")}
                   {t!("Sleeps run in demo time (scaled by the speed control).")}</p>
            </footer>
        </>
    }
}

/// A finished run kept to compare with: its view, its settings and its
/// numbers.
pub struct Pinned {
    pub label: String,
    pub view: super::view_ref::ViewRef,
    pub end: u64,
    pub numbers: Html,
}

impl Pinned {
    fn of(
        view: lockstep_core::reduce::View,
        share: &lockstep_core::share::ShareState,
        file: Option<String>,
    ) -> Pinned {
        let what = match &share.program {
            Some(p) => tf!(
                "My program, {mode}",
                mode = if p.gil { "GIL" } else { t!("free-threaded") }
            ),
            None => {
                let ps: Vec<String> = share
                    .params
                    .to_raw(share.lesson.params())
                    .into_iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                format!("{} {}", share.lesson.number(), ps.join(", "))
            }
        };
        let label = match file {
            Some(f) => tf!("{what} (from {f})", what, f),
            None => tf!("{what}, seed {seed}", what, seed = share.seed),
        };
        let end = view.now;
        let numbers = Pinned::cells(&view, end);
        Pinned {
            label,
            view: super::view_ref::ViewRef::new(view),
            end,
            numbers,
        }
    }

    /// The numbers compared, as table cells.
    fn cells(v: &lockstep_core::reduce::View, now: u64) -> Html {
        let m = lockstep_core::reduce::metrics::compute_at(v, now);
        let busiest = m.utilisation.iter().map(|(_, u)| u.busy()).fold(0.0, f64::max);
        html! { <>
            <td>{ format!("{:.2} s", m.makespan as f64 / 1e9) }</td>
            <td>{ m.lost_updates }</td>
            <td>{ v.lanes.len() }</td>
            <td>{ format!("{:.0}%", busiest * 100.0) }</td>
        </> }
    }
}

/// A recorded run's settings (its link, as the file says) and trace.
fn read_recorded(
    text: &str,
) -> Result<(lockstep_core::share::ShareState, lockstep_core::trace::TraceLog), String> {
    let doc = js_sys::JSON::parse(text).map_err(|_| t!("this file is not JSON").to_string())?;
    let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).ok();
    let packed = get(&doc, "otherData")
        .and_then(|o| get(&o, "lockstep"))
        .and_then(|t| t.as_string())
        .ok_or(t!(
            "it has no Lockstep run in it (an export from before recorded runs, or another tool's trace)"
        ))?;
    let log = lockstep_core::recorded::read(&packed)?;
    let params = log
        .metas
        .iter()
        .find_map(|m| match m {
            lockstep_core::trace::Meta::Run { params, .. } => Some(params.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let (share, _) = lockstep_core::share::decode(&params);
    Ok((share, log))
}
