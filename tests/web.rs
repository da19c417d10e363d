//! In-browser tests (`wasm-pack test --headless --chrome`): the real Web
//! Worker pool, the real shared memory, the core running on it.

use lockstep::runtime;
use lockstep_core::probe;
use lockstep_core::run::{Run, RunOptions};
use lockstep_core::trace::TraceLog;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod browser;

const WORKERS: usize = 6;

async fn pool() {
    browser::pool(WORKERS).await
}

/// Waits for a run without blocking the browser's main thread.
async fn finish(run: &Run) -> TraceLog {
    let mut log = TraceLog::default();
    for _ in 0..2000 {
        run.drain_into(&mut log);
        if run.is_done() {
            run.drain_into(&mut log);
            log.sort();
            return log;
        }
        gloo::timers::future::TimeoutFuture::new(5).await;
    }
    run.abort();
    panic!("run did not finish in 10 s");
}

#[wasm_bindgen_test]
fn memory_is_shared() {
    let mem: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    assert!(
        mem.buffer().is_instance_of::<js_sys::SharedArrayBuffer>(),
        "wasm memory is not a SharedArrayBuffer"
    );
}

#[wasm_bindgen_test]
async fn every_worker_is_a_distinct_real_thread() {
    pool().await;
    let run = Run::start(runtime::executor(), RunOptions::default(), probe::body(WORKERS)).expect("starts");
    let log = finish(&run).await;
    assert_eq!(log.threads().count(), WORKERS);
    assert_eq!(probe::distinct_workers(&log), WORKERS, "threads shared a worker");
    // None of them is the page's main thread.
    let main = lockstep_core::run::worker_id();
    assert!(log.threads().all(|t| t.2 != main));
}

/// What the page runs for a lesson: its Python through the interpreter
/// (CPython 3.11's GIL), or its compiled model (L1, L8, L10).
fn body_of(
    lesson: &'static dyn lockstep_core::lessons::Lesson,
    p: &lockstep_core::lessons::Params,
    seed: u64,
) -> lockstep_core::lessons::Body {
    if !lesson.runs_python() {
        return lesson.body(p, seed);
    }
    let program =
        lockstep_python::compile(&lesson.python(p), "prog.py").expect("the lesson's Python compiles");
    let out = std::sync::Arc::new(lockstep_python::Output::new(
        std::sync::Arc::new(lockstep_python::Capture::default()),
        1 << 20,
    ));
    let config = lockstep_python::RunConfig {
        seed,
        network: lesson.network(p),
        ..Default::default()
    };
    Box::new(move |ctx| {
        lockstep_python::run_main(ctx, program, out, config);
        Ok(())
    })
}

/// Every lesson, default parameters, on the real Web Worker pool: its
/// outcome checks (CPython's behaviour) pass, computed from the trace, and
/// its threads ran on distinct workers.
#[wasm_bindgen_test]
async fn every_lesson_runs_on_real_workers_and_matches_cpython() {
    use lockstep_core::lessons::{self, Params};
    use lockstep_core::reduce::View;
    pool().await;
    for lesson in lessons::all() {
        if lesson.fetches() {
            // They fetch the bundled site, which this runner does not serve:
            // tests/e2e runs them against dist/.
            continue;
        }
        // Debug wasm is slow: the e2e tests run the full sizes.
        let p = lesson.light(Params::defaults(lesson.params()));
        assert!(
            lesson.threads(&p) <= WORKERS,
            "{} needs more workers",
            lesson.number()
        );
        let opts = RunOptions {
            seed: 3,
            speed: 5.0,
            ..Default::default()
        };
        let run = Run::start(runtime::executor(), opts, body_of(*lesson, &p, 3)).expect("starts");
        let log = finish(&run).await;
        assert_eq!(log.dropped, 0);
        let view = View::of(&log);
        lockstep_core::validate::assert_valid(&log);
        for c in lesson.check(&p, &log, &view) {
            assert!(
                c.ok,
                "{} in the browser: {} ({})",
                lesson.number(),
                c.label,
                c.detail
            );
        }
        // Lesson threads that were alive together ran on distinct workers.
        let workers: std::collections::BTreeSet<u64> = log.threads().map(|t| t.2).collect();
        assert!(workers.len() >= 2, "{}: one worker only", lesson.number());
        assert!(
            !workers.contains(&lockstep_core::run::worker_id()),
            "ran on the page's main thread"
        );
    }
}

/// Random valid parameters, not only the defaults: each lesson that needs
/// no network (the fetching lessons run in tests/e2e against dist/) on
/// three random sets, on real Web Workers. Every trace must keep cause
/// before effect and pass the lesson's checks; a run that deadlocks is
/// checked as the page shows it (at the deadlock), then reset.
#[wasm_bindgen_test]
async fn every_lesson_on_random_parameters_keeps_cause_before_effect() {
    use lockstep_core::follow::Follow;
    use lockstep_core::lessons::{self, Params};
    pool().await;
    for lesson in lessons::all() {
        if lesson.fetches() {
            continue;
        }
        for k in 0..3u64 {
            let seed = 1000 + k;
            let p = lesson.light(Params::random(lesson.params(), seed)); // debug wasm is slow
            if lesson.threads(&p) > WORKERS {
                continue; // the e2e tests run the large sets on the page's 16+ workers
            }
            let opts = RunOptions {
                seed,
                speed: 20.0,
                ..Default::default()
            };
            let run = Run::start(runtime::executor(), opts, body_of(*lesson, &p, seed)).expect("starts");
            let mut follow = Follow::default();
            let mut at_deadlock = None;
            let mut polls = 0;
            while !follow.poll(&run).1 {
                if at_deadlock.is_none() && follow.deadlocked() {
                    at_deadlock = Some(follow.view.clone());
                    run.abort();
                }
                polls += 1;
                assert!(polls < 4000, "{} {p:?}: did not finish in 20 s", lesson.number());
                gloo::timers::future::TimeoutFuture::new(5).await;
            }
            let (log, view) = follow.finish();
            let view = at_deadlock.unwrap_or(view);
            assert_eq!(log.dropped, 0);
            lockstep_core::validate::assert_valid(&log);
            for c in lesson.check(&p, &log, &view) {
                assert!(
                    c.ok,
                    "{} {p:?} in the browser: {} ({})",
                    lesson.number(),
                    c.label,
                    c.detail
                );
            }
        }
    }
}

/// The self-deadlock of L7 is detected from the live trace, and abort
/// (the page's Reset) frees every worker, without blocking the main thread.
#[wasm_bindgen_test]
async fn lock_twice_deadlock_is_detected_and_reset_frees_the_workers() {
    use lockstep_core::lessons::{self, Params};
    use lockstep_core::reduce::{waitfor, View};
    pool().await;
    let l = lessons::by_id("locks").unwrap();
    let (p, _) = Params::from_raw(
        l.params(),
        [("variant", "lock-twice"), ("threads", "3"), ("sleep", "0.1")],
    );
    let run = Run::start(
        runtime::executor(),
        RunOptions {
            speed: 10.0,
            ..Default::default()
        },
        body_of(l, &p, 1),
    )
    .unwrap();
    let mut log = TraceLog::default();
    let mut found = None;
    for _ in 0..1000 {
        run.drain_into(&mut log);
        let mut sorted = log.clone();
        sorted.sort();
        let view = View::of(&sorted);
        if let Some(d) = waitfor::find_deadlock(&view) {
            found = Some(waitfor::explain(&view, &d));
            break;
        }
        gloo::timers::future::TimeoutFuture::new(5).await;
    }
    let text = found.expect("deadlock detected");
    assert!(text.contains("already holds"), "{text}");
    let t0 = js_sys::Date::now();
    run.abort();
    let _ = finish(&run).await;
    assert!(js_sys::Date::now() - t0 < 1000.0);
    assert_eq!(runtime::executor().busy(), 0, "a worker is still held");
}

/// Component tests: reduced state to DOM, for lanes, locks, queues, pools.
mod components {
    use lockstep::ui::lanes::{Lanes, LanesProps};
    use lockstep::ui::objects::{Objects, ObjectsProps};
    use lockstep::ui::view_ref::ViewRef;
    use lockstep_core::reduce::View;
    use lockstep_core::trace::{Event, Meta, ObjKind, Op, Phase, TraceLog};
    use wasm_bindgen_test::*;

    fn ev(t: u64, tid: u32, obj: u32, op: Op, phase: Phase, value: i64, aux: i64) -> Event {
        Event {
            t_real: t,
            t_demo: t,
            tid,
            obj,
            op,
            phase,
            value,
            pos: 0,
            aux,
        }
    }

    /// MainThread holds `mutex`; Thread-1 waits for it; a queue holds 7 and
    /// 8 with Thread-2 blocked putting; a pool of 2 has one task running.
    fn trace() -> TraceLog {
        let ms = 1_000_000;
        let mut log = TraceLog::default();
        for (tid, name) in [
            (1, "MainThread"),
            (2, "Thread-1"),
            (3, "Thread-2"),
            (4, "ForkPoolWorker-1"),
        ] {
            log.metas.push(Meta::Thread {
                tid,
                name: name.into(),
                worker: tid as u64,
                process: tid == 4,
                parent: 0,
            });
        }
        log.metas.push(Meta::Object {
            id: 1,
            kind: ObjKind::Lock,
            name: "mutex".into(),
            capacity: 1,
        });
        log.metas.push(Meta::Object {
            id: 2,
            kind: ObjKind::Queue,
            name: "q".into(),
            capacity: 2,
        });
        log.metas.push(Meta::Object {
            id: 3,
            kind: ObjKind::Pool,
            name: "pool".into(),
            capacity: 2,
        });
        log.events = vec![
            ev(0, 1, 0, Op::Run, Phase::Begin, 0, 0),
            ev(0, 2, 0, Op::Run, Phase::Begin, 0, 0),
            ev(0, 3, 0, Op::Run, Phase::Begin, 0, 0),
            ev(0, 4, 0, Op::Run, Phase::Begin, 0, 0),
            ev(10 * ms, 1, 1, Op::Acquire, Phase::Done, 1, 0),
            ev(20 * ms, 2, 1, Op::Acquire, Phase::Request, 0, 0),
            ev(20 * ms, 2, 1, Op::Acquire, Phase::Blocked, 0, 0),
            ev(30 * ms, 3, 2, Op::Put, Phase::Done, 7, 1),
            ev(31 * ms, 3, 2, Op::Put, Phase::Done, 8, 2),
            ev(32 * ms, 3, 2, Op::Put, Phase::Blocked, 9, 0),
            ev(40 * ms, 1, 3, Op::Submit, Phase::Done, 0, 1),
            ev(41 * ms, 1, 3, Op::Submit, Phase::Done, 1, 2),
            ev(42 * ms, 4, 3, Op::Task, Phase::Begin, 0, 0),
            ev(50 * ms, 1, 0, Op::Sleep, Phase::Begin, 1_000_000_000, 0),
        ];
        log
    }

    async fn render<C: yew::BaseComponent>(props: C::Properties) -> web_sys::Element {
        let doc = gloo::utils::document();
        let root = doc.create_element("div").unwrap();
        // A laptop's width, whatever the test browser's window is: below
        // 700 px the lanes drop their objects column (and its arrows).
        root.set_attribute("style", "width: 1000px").unwrap();
        doc.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
        gloo::timers::future::TimeoutFuture::new(20).await;
        root
    }

    #[wasm_bindgen_test]
    async fn objects_show_holder_waiters_slots_and_tasks() {
        let view = ViewRef::new(View::of(&trace()));
        let root = render::<Objects>(ObjectsProps { view }).await;
        let text = root.text_content().unwrap();
        let lock = root
            .query_selector("[aria-label='Lock mutex']")
            .unwrap()
            .expect("lock card")
            .text_content()
            .unwrap();
        assert!(lock.contains("holder: MainThread"), "{lock}");
        assert!(lock.contains("waiting, in order: Thread-1"), "{lock}");
        let queue = root
            .query_selector("[aria-label='Queue q']")
            .unwrap()
            .expect("queue card");
        assert_eq!(queue.query_selector_all(".slot.full").unwrap().length(), 2);
        assert_eq!(
            queue.query_selector_all(".slot").unwrap().length(),
            2,
            "maxsize 2: two slots"
        );
        assert!(queue
            .text_content()
            .unwrap()
            .contains("blocked in put (full): Thread-2"));
        let pool = root
            .query_selector("[aria-label='Pool pool']")
            .unwrap()
            .expect("pool card");
        assert_eq!(pool.query_selector_all(".task.running").unwrap().length(), 1);
        assert_eq!(pool.query_selector_all(".task.queued").unwrap().length(), 1);
        assert!(text.contains("1 queued · 1 running · 0 done"), "{text}");
    }

    #[wasm_bindgen_test]
    async fn lanes_draw_one_lane_per_thread_with_its_states() {
        let view = ViewRef::new(View::of(&trace()));
        let root = render::<Lanes>(LanesProps {
            view,
            now: 60_000_000,
            cycle: vec![],
            on_step: Some(yew::Callback::noop()),
            axis_end: 0,
        })
        .await;
        let names: Vec<String> = (0..root.query_selector_all(".lane-name").unwrap().length())
            .map(|i| {
                root.query_selector_all(".lane-name")
                    .unwrap()
                    .item(i)
                    .unwrap()
                    .text_content()
                    .unwrap()
            })
            .collect();
        assert_eq!(names[0], "MainThread");
        assert!(names[3].starts_with("ForkPoolWorker-1"), "{names:?}");
        assert!(names[3].contains('▣'), "a process is marked");
        assert_eq!(
            root.query_selector_all(".lanes > svg .seg.blocked")
                .unwrap()
                .length(),
            2,
            "Thread-1 and Thread-2 blocked"
        );
        assert_eq!(
            root.query_selector_all(".lanes > svg .seg.sleeping")
                .unwrap()
                .length(),
            1
        );
        assert_eq!(root.query_selector_all(".task-mark").unwrap().length(), 1);
        // A live run: every running lane's name steps that thread.
        assert!(root
            .query_selector("[role=button][aria-label='Step Thread-1']")
            .unwrap()
            .is_some());
        assert_eq!(
            root.query_selector_all(".lane-name[role=button]")
                .unwrap()
                .length(),
            4
        );
        // Arrows from the two blocked threads to the objects they wait on.
        assert!(root.query_selector_all("line.arrow.waiting").unwrap().length() >= 2);
    }
}
