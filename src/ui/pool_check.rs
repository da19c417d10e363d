//! The start-up pool check, as a hook: runs `lockstep_core::probe` once on
//! every worker (they must all run at once to pass its barrier) and reports
//! how many distinct real threads answered.

use crate::runtime;
use lockstep_core::run::{Run, RunOptions};
use lockstep_core::t;
use lockstep_core::trace::TraceLog;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub enum PoolCheck {
    Running,
    Passed { distinct: usize, ms: f64 },
    Failed(String),
}

#[hook]
pub fn use_pool_check(workers: usize) -> PoolCheck {
    let state = use_state(|| PoolCheck::Running);
    {
        let state = state.clone();
        use_effect_with(workers, move |&n| {
            let start = js_sys::Date::now();
            match Run::start(
                runtime::executor(),
                RunOptions::default(),
                lockstep_core::probe::body(n),
            ) {
                Err(e) => state.set(PoolCheck::Failed(e.to_string())),
                Ok(run) => {
                    let log = Rc::new(RefCell::new(TraceLog::default()));
                    // Poll from the event loop: the UI thread never waits.
                    let poll = Rc::new(RefCell::new(None::<gloo::timers::callback::Interval>));
                    let p2 = poll.clone();
                    *poll.borrow_mut() = Some(gloo::timers::callback::Interval::new(10, move || {
                        let (_, done) = run.poll(&mut log.borrow_mut());
                        let ms = js_sys::Date::now() - start;
                        if done {
                            let distinct = lockstep_core::probe::distinct_workers(&log.borrow());
                            state.set(PoolCheck::Passed { distinct, ms });
                            p2.borrow_mut().take();
                        } else if ms > 10_000.0 {
                            run.abort();
                            state.set(PoolCheck::Failed(
                                t!("not every worker started within 10 s").into(),
                            ));
                        }
                    }));
                }
            }
        });
    }
    (*state).clone()
}
