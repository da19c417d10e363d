//! Challenge mode (issue 15): you are the scheduler. A level's Python runs
//! on the workers with every thread held; the player picks which thread
//! takes the next step (its button, or keys 1-9) until the program breaks
//! the way the level asks. The playing itself (settling, one visible move
//! per choice, judging) is `lockstep_core::challenge::drive::Game`; this
//! draws it, takes the choices, and keeps progress.

use crate::runtime::{self, page};
use lockstep_core::challenge::{self, drive::Game, drive::Tick, Goal, Level, Verdict};
use lockstep_core::reduce::{LaneState, Waiting};
use lockstep_core::{t, tf, tp};
use std::rc::Rc;
use std::sync::Arc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChallengeProps {
    pub level: &'static str,
    /// Moves to replay first (a link's schedule), read when the level opens.
    pub schedule: Vec<u32>,
    /// The moves so far, whenever they change (the link carries them).
    pub on_moves: Callback<Vec<u32>>,
    /// Another level picked.
    pub on_level: Callback<&'static str>,
}

/// One attempt at a level: its game (None if it could not start) and what
/// its program printed.
struct Attempt {
    game: Option<Game>,
    out: Arc<lockstep_python::Capture>,
    error: Option<String>,
    /// Whether this attempt's verdict was acted on (run stopped, progress
    /// kept).
    settled_verdict: bool,
    /// A replay (Undo, Start over) waiting for this attempt's stopped
    /// threads to give their workers back; meanwhile this one stays drawn.
    pending: Option<(&'static Level, Vec<u32>)>,
}

impl Attempt {
    fn start(level: &'static Level, moves: &[u32]) -> Attempt {
        let out = Arc::new(lockstep_python::Capture::default());
        let sink = Arc::new(lockstep_python::Output::new(out.clone(), 1 << 16));
        let (game, error) = match lockstep_python::start_level(runtime::executor(), level, moves, sink) {
            Ok(g) => (Some(g), None),
            Err(e) => (None, Some(e)),
        };
        Attempt {
            game,
            out,
            error,
            settled_verdict: false,
            pending: None,
        }
    }

    /// The next attempt at `level`, replaying `moves`. It starts once this
    /// one's threads have stopped, so two attempts never compete for the
    /// workers (with `?workers=4` a level could fail to start its threads).
    fn replace(&mut self, level: &'static Level, moves: Vec<u32>) {
        self.stop();
        if self.game.as_ref().is_some_and(|g| !g.run.is_done()) {
            self.pending = Some((level, moves));
        } else {
            *self = Attempt::start(level, &moves);
        }
    }

    /// Stops this attempt's threads (they give their workers back).
    fn stop(&self) {
        if let Some(g) = &self.game {
            g.run.abort();
        }
    }

    /// Ticks until the player is asked, the run is over, or `budget_ms`
    /// has passed (a replay of many moves takes several frames).
    fn advance(&mut self, budget_ms: f64) -> bool {
        if let Some((level, moves)) = self.pending.clone() {
            if self.game.as_ref().is_some_and(|g| !g.run.is_done()) {
                return false;
            }
            *self = Attempt::start(level, &moves);
            return true;
        }
        let Some(g) = &mut self.game else { return false };
        let start = js_sys::Date::now();
        let mut changed = false;
        loop {
            let before = (g.said.len(), g.verdict.clone());
            let t = g.tick();
            changed |= before != (g.said.len(), g.verdict.clone()) || t != Tick::Busy;
            if t != Tick::Busy || g.verdict != Verdict::Playing || js_sys::Date::now() - start > budget_ms {
                break;
            }
        }
        changed
    }

    fn waiting_for_player(&self) -> bool {
        if self.pending.is_some() {
            return false;
        }
        self.game
            .as_ref()
            .is_none_or(|g| g.verdict != Verdict::Playing || (g.can_move() && !g.driver.moving()))
    }
}

/// A line of code with the expressions at `cols` (1-based columns, where
/// held threads will run next) marked: the name or literal starting there.
fn marked(line: &str, cols: &[usize]) -> Html {
    let mut cols: Vec<usize> = cols.iter().copied().filter(|&c| c > 0).collect();
    cols.sort_unstable();
    cols.dedup();
    let chars: Vec<char> = line.chars().collect();
    let mut out: Vec<Html> = Vec::new();
    let mut i = 0;
    for c in cols {
        let start = c - 1;
        if start < i || start >= chars.len() {
            continue;
        }
        let word = |ch: &char| ch.is_alphanumeric() || *ch == '_';
        let len = chars[start..].iter().take_while(|ch| word(ch)).count().max(1);
        out.push(html! { { chars[i..start].iter().collect::<String>() } });
        out.push(html! { <mark class="at">{ chars[start..start + len].iter().collect::<String>() }</mark> });
        i = start + len;
    }
    out.push(html! { { chars[i.min(chars.len())..].iter().collect::<String>() } });
    html! { <>{ for out }</> }
}

/// What the player must make happen, in a sentence.
fn goal_text(goal: Goal) -> &'static str {
    match goal {
        Goal::Critical => t!("get two threads onto the marked critical lines at the same time."),
        Goal::Deadlock => t!("leave every thread waiting for something that never comes (a deadlock)."),
        Goal::Exception => t!("make the program crash: an exception or a failed assert in any thread."),
    }
}

#[function_component(Challenge)]
pub fn challenge(p: &ChallengeProps) -> Html {
    let level = challenge::by_id(p.level).unwrap_or(&challenge::all()[0]);
    let text = level.shown();
    let attempt = {
        let moves = p.schedule.clone();
        use_mut_ref(move || Attempt::start(level, &moves))
    };
    let redraw = use_force_update();
    // The move log follows its newest line.
    let log = use_node_ref();
    {
        let log = log.clone();
        use_effect(move || {
            if let Some(el) = log.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let hints = use_state(|| 0usize);
    let done = use_state(runtime::progress::done);
    // Leaving the level stops its threads.
    {
        let attempt = attempt.clone();
        use_effect_with((), move |_| move || attempt.borrow().stop());
    }

    // Tick while threads move; stop once it is the player's turn.
    let playing = !attempt.borrow().waiting_for_player();
    {
        let (attempt, redraw, on_moves, done) =
            (attempt.clone(), redraw.clone(), p.on_moves.clone(), done.clone());
        super::app::use_frames(
            playing,
            Rc::new(move || {
                let mut a = attempt.borrow_mut();
                if a.advance(6.0) {
                    if let Some(g) = &a.game {
                        if !g.driver.moving() {
                            on_moves.emit(g.driver.played.clone());
                        }
                    }
                    let verdict = a.game.as_ref().map(|g| g.verdict.clone());
                    if let Some(v) = verdict.filter(|v| *v != Verdict::Playing && !a.settled_verdict) {
                        a.settled_verdict = true;
                        a.stop();
                        if matches!(v, Verdict::Won(_)) {
                            runtime::progress::mark_done(level.id);
                            done.set(runtime::progress::done());
                        }
                    }
                    drop(a);
                    redraw.force_update();
                }
            }),
        );
    }

    let restart = {
        let (attempt, redraw, on_moves) = (attempt.clone(), redraw.clone(), p.on_moves.clone());
        Rc::new(move |moves: Vec<u32>| {
            attempt.borrow_mut().replace(level, moves.clone());
            on_moves.emit(moves);
            redraw.force_update();
        })
    };
    let choose = {
        let (attempt, redraw) = (attempt.clone(), redraw.clone());
        Rc::new(move |n: u32| {
            let mut a = attempt.borrow_mut();
            let replacing = a.pending.is_some();
            if let Some(g) = a
                .game
                .as_mut()
                .filter(|g| !replacing && g.can_move() && !g.driver.moving())
            {
                let ok = matches!(&g.last, Tick::Choose(can) if can.iter().any(|&(m, _)| m == n));
                if ok {
                    g.driver.choose(n);
                    g.last = Tick::Busy;
                    drop(a);
                    redraw.force_update();
                }
            }
        })
    };
    let undo = {
        let (attempt, restart) = (attempt.clone(), restart.clone());
        Rc::new(move || {
            let moves = attempt
                .borrow()
                .game
                .as_ref()
                .map(|g| g.driver.played.clone())
                .unwrap_or_default();
            if !moves.is_empty() {
                restart(moves[..moves.len() - 1].to_vec());
            }
        })
    };
    // Keys: 1-9 move that thread, u undoes.
    let keys = use_mut_ref(|| (choose.clone(), undo.clone()));
    *keys.borrow_mut() = (choose.clone(), undo.clone());
    {
        let keys = keys.clone();
        super::app::use_shortcuts(move |e, tag| {
            if matches!(tag, "INPUT" | "SELECT" | "TEXTAREA") {
                return;
            }
            let k = keys.borrow().clone();
            let key = e.key();
            if let Some(n) = key.parse::<u32>().ok().filter(|n| (1..=9).contains(n)) {
                (k.0)(n);
            } else if key == "u" || key == "U" {
                (k.1)();
            }
        });
    }

    let a = attempt.borrow();
    let index = challenge::all()
        .iter()
        .position(|l| l.id == level.id)
        .unwrap_or(0);
    let total = challenge::all().len();
    let Some(g) = &a.game else {
        return html! { <p class="notice" role="alert">{ a.error.clone().unwrap_or_default() }</p> };
    };
    let view = &g.view;
    let can: Vec<(u32, u32)> = match &g.last {
        Tick::Choose(c) if g.verdict == Verdict::Playing && !g.driver.moving() => c.clone(),
        _ => Vec::new(),
    };
    // Where each thread is: held threads at the operation they will do
    // next, the others at their last one.
    // (line, name, held, column of the expression it will run next).
    let mut at: Vec<(usize, String, bool, usize)> = Vec::new();
    for lane in view.lanes.values().filter(|l| l.state != LaneState::Done) {
        let n = lockstep_core::challenge::drive::number(lane.tid);
        let held = can.iter().find(|&&(m, _)| m == n).map(|&(_, pos)| pos);
        let line = held
            .map(|p| p >> 12)
            .or(lane.last.map(|e| e.pos_line()))
            .unwrap_or(0) as usize;
        if line > 0 {
            let col = held.map_or(0, |p| (p & 4095) as usize);
            at.push((line, lane.name.clone(), held.is_some(), col));
        }
    }
    let lines: Vec<&str> = level.code.lines().collect();
    let program_start = lines
        .iter()
        .position(|l| l.trim().is_empty())
        .map_or(0, |i| i + 1);
    let threads: Vec<Html> = view
        .lanes
        .values()
        .map(|lane| {
            let n = lockstep_core::challenge::drive::number(lane.tid);
            let held = can.iter().find(|&&(m, _)| m == n);
            let state = match (lane.state, held) {
                (LaneState::Done, _) => t!("finished").to_string(),
                (_, Some(&(_, pos))) if pos >> 12 > 0 => tf!("next: line {line}", line = pos >> 12),
                (_, Some(_)) => t!("ready").to_string(),
                (LaneState::Blocked, _) => match lane.waiting_on {
                    Some(Waiting::Object(o)) => tf!(
                        "waits on {obj}",
                        obj = view.objects.get(&o).map_or("?", |o| o.name.as_str())
                    ),
                    Some(Waiting::Thread(t)) => tf!(
                        "waits for {who}",
                        who = view.lanes.get(&t).map_or("?", |l| l.name.as_str())
                    ),
                    None => t!("waits").to_string(),
                },
                _ if g.verdict != Verdict::Playing => t!("stopped").to_string(),
                _ => t!("moving…").to_string(),
            };
            if n == 0 {
                return html! {
                    <li class="thread main"><span class="who">{ lane.name.clone() }</span>
                        <span class="dim">{ tf!(" runs by itself · {state}", state) }</span></li>
                };
            }
            let choose = choose.clone();
            html! {
                <li class={classes!("thread", format!("c{}", n % 8))}>
                    <button disabled={held.is_none()} onclick={move |_| choose(n)}
                        aria-label={tf!("Step thread {n}: {name}", n, name = lane.name)}>
                        <kbd>{ n }</kbd>{ format!(" {}", lane.name) }
                    </button>
                    <span class="state">{ format!(" {state}") }</span>
                </li>
            }
        })
        .collect();
    let verdict = match &g.verdict {
        Verdict::Won(why) => html! {
            <div class="verdict won" role="status" aria-label={t!("Verdict")}>
                <p><strong>{t!("You broke it. ")}</strong>{ why.clone() }</p>
                <p>{ tp!(g.driver.played.len(), "Level done in {n} move. The link now replays your solution.", "Level done in {n} moves. The link now replays your solution.") }</p>
            </div>
        },
        Verdict::Lost(why) => html! {
            <div class="verdict lost" role="status" aria-label={t!("Verdict")}>
                <p><strong>{t!("Not broken. ")}</strong>{ why.clone() }</p>
                <button onclick={let r = restart.clone(); move |_| r(Vec::new())}>{t!("Retry")}</button>
            </div>
        },
        Verdict::Playing => html! {},
    };
    let printed = a.out.out.lock().map(|s| s.clone()).unwrap_or_default();
    let errors = a.out.err.lock().map(|s| s.clone()).unwrap_or_default();
    let pick = |i: usize| challenge::all().get(i).map(|l| l.id);
    // Links that open in a new tab too, switching in place on a click.
    let level_link = |id: &'static str, text: String, class: Option<&'static str>| {
        let cb = p.on_level.clone();
        let href = format!("{}?v=2&level={id}", page::path());
        html! {
            <a class={classes!(class)} {href} aria-current={(id == level.id).then_some("page")}
                onclick={move |e: MouseEvent| { e.prevent_default(); cb.emit(id) }}>{ text }</a>
        }
    };
    let on_reset_progress = {
        let done = done.clone();
        Callback::from(move |_| {
            runtime::progress::reset();
            done.set(runtime::progress::done());
        })
    };
    html! {
        <section class="challenge" aria-label={t!("Challenge")}>
            <header class="level-head">
                <h2 class="lesson-title">{ tf!("Level {i} of {total} · {title}", i = index + 1, total, title = text.title) }
                    if done.contains(&level.id.to_string()) { <span class="done-mark" aria-label={t!("done")}>{" ✓"}</span> }
                </h2>
                <p class="explain">{ text.story.clone() }</p>
                <p class="goal"><strong>{t!("Your goal: ")}</strong>{ goal_text(level.goal) }</p>
                <p class="modelled"><strong>{t!("You are the scheduler: ")}</strong>{t!("this program runs on real Web Workers, free-threaded, with every thread held. Pick the thread that takes the next step: one traced operation (a read or a write of a global, a lock taken, a queue read), so `x += 1` is two steps, its load and its store. The main thread runs by itself whenever it can.")}</p>
            </header>
            <div class="panels work">
                <figure class="code level-code" tabindex="0" aria-label={t!("Level code")}>
                    <figcaption>{t!("The program ")}<span class="dim">{t!("(critical lines marked ▌)")}</span></figcaption>
                    <pre><code>
                        { for lines.iter().enumerate().skip(program_start).map(|(i, l)| {
                            let n = i + 1;
                            let here: Vec<&(usize, String, bool, usize)> = at.iter().filter(|(line, ..)| *line == n).collect();
                            let cols: Vec<usize> = here.iter().filter(|h| h.2).map(|h| h.3).collect();
                            let critical = level.critical.contains(&n);
                            html! {
                                <span class={classes!("line", (!here.is_empty()).then_some("current"), critical.then_some("critical"))}>
                                    <span class="ln" aria-hidden="true">{ format!("{n:>3} ") }</span>
                                    { marked(l.trim_end_matches("# critical").trim_end(), &cols) }
                                    if !here.is_empty() {
                                        <span class="who">{ format!("  ← {}", here.iter().map(|(_, w, held, _)| {
                                            // Short: "Thread-1 (add_one)" is "Thread-1" here.
                                            let w = w.split(" (").next().unwrap_or(w);
                                            if *held { tf!("{w} next", w) } else { w.to_string() }
                                        }).collect::<Vec<_>>().join(", ")) }</span>
                                    }
                                    { "\n" }
                                </span>
                            }
                        }) }
                    </code></pre>
                </figure>
                <div class="play">
                    <h3>{t!("Who goes next?")}</h3>
                    <ul class="threads" aria-label={t!("Threads")}>{ for threads }</ul>
                    <p class="count" role="status" aria-label={t!("Moves played")}>{ tp!(g.driver.played.len(), "{n} move played", "{n} moves played") }</p>
                    <p class="keys dim">{t!("Keys: 1-9 step that thread · u undoes")}</p>
                    <div class="game-buttons">
                        <button onclick={let u = undo.clone(); move |_| u()} disabled={g.driver.played.is_empty()}>{t!("Undo")}</button>
                        <button onclick={let r = restart.clone(); move |_| r(Vec::new())}>{t!("Start over")}</button>
                        <button onclick={let h = hints.clone(); move |_| h.set((*h + 1).min(3))}
                            disabled={*hints >= text.hints.len()}>{ tf!("Hint ({i} of {n})", i = (*hints).min(text.hints.len()), n = text.hints.len()) }</button>
                    </div>
                    if *hints > 0 {
                        <ol class="hints" aria-label={t!("Hints")}>{ for text.hints.iter().take(*hints).map(|h| html! { <li>{ h.clone() }</li> }) }</ol>
                    }
                    { verdict }
                    <ol class="moves said" aria-label={t!("Moves")} aria-live="polite" tabindex="0" ref={log.clone()}>
                        // The main thread's own moves are there, dimmed: they
                        // are what the program does between the player's.
                        { for g.said.iter().map(|(t, s)| html! {
                            <li class={classes!((*t == lockstep_core::challenge::drive::MAIN).then_some("auto"))}>{ s.clone() }</li>
                        }) }
                        if g.said.is_empty() { <li class="dim">{t!("Each move will be said here.")}</li> }
                    </ol>
                    <figure class="stdout">
                        <figcaption>{t!("Output")}</figcaption>
                        <pre role="region" tabindex="0" aria-label={t!("Level output")}>{ format!("{printed}{errors}") }</pre>
                    </figure>
                </div>
            </div>
            <nav class="levels" aria-label={t!("Levels")}>
                <p>{ tf!("{done} of {total} levels done ", done = done.len().min(total), total) }
                    <button onclick={on_reset_progress} disabled={done.is_empty()}>{t!("Reset progress")}</button></p>
                <ol>
                    { for challenge::all().iter().map(|l| {
                        html! { <li class={classes!((l.id == level.id).then_some("here"))}>
                            { level_link(l.id, l.shown().title, None) }
                            if done.contains(&l.id.to_string()) { {" ✓"} }
                        </li> }
                    }) }
                </ol>
                if let Some(next) = pick(index + 1) {
                    { level_link(next, t!("Next level ▶").to_string(), Some("next")) }
                }
            </nav>
        </section>
    }
}
