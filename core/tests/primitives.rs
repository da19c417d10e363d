//! Each primitive against Python's documented behaviour, on real threads.

mod support;

use lockstep_core::pool::{Pool, PoolKind};
use lockstep_core::reduce::View;
use lockstep_core::sync::{Barrier, Condition, Event, Lock, Queue, RLock, Semaphore, Value};
use lockstep_core::trace::{Op, Phase};
use lockstep_core::{Error, PyError};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use support::{fast, run};

#[test]
fn lock_nonblocking_second_acquire_returns_false() {
    // CPython: l.acquire(); l.acquire(False) -> False
    let out = Arc::new(Mutex::new(None));
    let o = out.clone();
    run(fast(), move |ctx| {
        let l = Lock::new(ctx, "l");
        l.acquire(ctx)?;
        *o.lock().unwrap() = Some(l.acquire_with(ctx, false, None)?);
        l.release(ctx)
    });
    assert_eq!(*out.lock().unwrap(), Some(false));
}

#[test]
fn lock_timeout_gives_up() {
    let out = Arc::new(Mutex::new(None));
    let o = out.clone();
    let log = run(fast(), move |ctx| {
        let l = Lock::new(ctx, "l");
        l.acquire(ctx)?;
        *o.lock().unwrap() = Some(l.acquire_with(ctx, true, Some(0.5))?);
        Ok(())
    });
    assert_eq!(*out.lock().unwrap(), Some(false));
    let failed = log
        .events
        .iter()
        .find(|e| e.op == Op::Acquire && e.phase == Phase::Failed)
        .unwrap();
    // 0.5 s of demo time passed before giving up.
    assert!(failed.t_demo >= 500_000_000, "gave up after {} ns", failed.t_demo);
}

#[test]
fn release_unlocked_lock_is_runtime_error() {
    let out = Arc::new(Mutex::new(None));
    let o = out.clone();
    let log = run(fast(), move |ctx| {
        let l = Lock::new(ctx, "l");
        *o.lock().unwrap() = Some(l.release(ctx));
        Ok(())
    });
    assert_eq!(
        *out.lock().unwrap(),
        Some(Err(Error::Py(PyError::RuntimeError(
            "release unlocked lock".into()
        ))))
    );
    assert_eq!(log.raised()[0].1, "RuntimeError: release unlocked lock");
}

#[test]
fn rlock_counts_and_needs_as_many_releases() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    run(fast(), move |ctx| {
        let r = RLock::new(ctx, "r");
        r.acquire(ctx)?;
        r.acquire(ctx)?;
        s.lock().unwrap().push(r.holder());
        r.release(ctx)?;
        s.lock().unwrap().push(r.holder());
        r.release(ctx)?;
        s.lock().unwrap().push(r.holder());
        Ok(())
    });
    let me = Some(1);
    assert_eq!(*seen.lock().unwrap(), vec![(me, 2), (me, 1), (None, 0)]);
}

#[test]
fn rlock_release_by_non_owner_is_error() {
    let out = Arc::new(Mutex::new(None));
    let o = out.clone();
    run(fast(), move |ctx| {
        let r = RLock::new(ctx, "r");
        r.acquire(ctx)?;
        let r2 = r.clone();
        let o2 = o.clone();
        let t = ctx.spawn(None, move |c| {
            *o2.lock().unwrap() = Some(r2.release(c));
            Ok(())
        })?;
        t.join(ctx)?;
        r.release(ctx)
    });
    assert_eq!(
        *out.lock().unwrap(),
        Some(Err(Error::Py(PyError::RuntimeError(
            "cannot release un-acquired lock".into()
        ))))
    );
}

#[test]
fn thread_names_follow_python() {
    let log = run(fast(), |ctx| {
        let a = ctx.spawn(Some("thread 1"), |c| c.print(c.name()))?;
        let b = ctx.spawn(None, |c| c.print(c.name()))?;
        let d = ctx.spawn(None, |c| c.print(c.name()))?;
        a.join(ctx)?;
        b.join(ctx)?;
        d.join(ctx)
    });
    let names: Vec<&str> = log.threads().map(|t| t.1).collect();
    for n in ["MainThread", "thread 1", "Thread-1", "Thread-2"] {
        assert!(names.contains(&n), "{n} missing from {names:?}");
    }
}

#[test]
fn queue_is_fifo_and_bounded() {
    let got = Arc::new(Mutex::new(Vec::new()));
    let g = got.clone();
    let log = run(fast(), move |ctx| {
        let q: Queue<i64> = Queue::new(ctx, "q", 2);
        let qp = q.clone();
        let p = ctx.spawn(Some("producer"), move |c| {
            for i in 0..6 {
                qp.put(c, i)?;
            }
            Ok(())
        })?;
        ctx.sleep(0.3)?; // the producer fills the queue and blocks
        for _ in 0..6 {
            g.lock().unwrap().push(q.get(ctx)?);
        }
        p.join(ctx)
    });
    assert_eq!(*got.lock().unwrap(), vec![0, 1, 2, 3, 4, 5]);
    let v = View::of(&log);
    let q = v.queues.values().next().unwrap();
    assert!(q.depth.iter().all(|(_, d)| *d <= 2), "depth exceeded maxsize");
    // The producer really blocked on a full queue.
    assert!(log
        .events
        .iter()
        .any(|e| e.op == Op::Put && e.phase == Phase::Blocked));
}

#[test]
fn queue_nonblocking_raises_full_and_empty() {
    let out = Arc::new(Mutex::new(Vec::new()));
    let o = out.clone();
    run(fast(), move |ctx| {
        let q: Queue<i64> = Queue::new(ctx, "q", 1);
        o.lock().unwrap().push(q.get_with(ctx, false, None).err());
        q.put(ctx, 1)?;
        o.lock().unwrap().push(q.put_with(ctx, 2, false, None).err());
        o.lock().unwrap().push(q.put_with(ctx, 2, true, Some(0.2)).err());
        Ok(())
    });
    assert_eq!(
        *out.lock().unwrap(),
        vec![
            Some(Error::Py(PyError::Empty)),
            Some(Error::Py(PyError::Full)),
            Some(Error::Py(PyError::Full))
        ]
    );
}

#[test]
fn queue_join_returns_after_every_task_done() {
    let done = Arc::new(AtomicI64::new(0));
    let d = done.clone();
    let joined_after = Arc::new(AtomicI64::new(-1));
    let j = joined_after.clone();
    run(fast(), move |ctx| {
        let q: Queue<i64> = Queue::new(ctx, "q", 0);
        for i in 0..5 {
            q.put(ctx, i)?;
        }
        let qc = q.clone();
        ctx.spawn(Some("consumer"), move |c| {
            for _ in 0..5 {
                qc.get(c)?;
                c.sleep(0.05)?;
                d.fetch_add(1, Ordering::SeqCst);
                qc.task_done(c)?;
            }
            Ok(())
        })?;
        q.join(ctx)?;
        j.store(done.load(Ordering::SeqCst), Ordering::SeqCst);
        Ok(())
    });
    assert_eq!(joined_after.load(Ordering::SeqCst), 5);
}

#[test]
fn task_done_too_many_times() {
    let out = Arc::new(Mutex::new(None));
    let o = out.clone();
    run(fast(), move |ctx| {
        let q: Queue<i64> = Queue::new(ctx, "q", 0);
        *o.lock().unwrap() = q.task_done(ctx).err();
        Ok(())
    });
    assert_eq!(
        *out.lock().unwrap(),
        Some(Error::Py(PyError::ValueError(
            "task_done() called too many times".into()
        )))
    );
}

#[test]
fn bounded_semaphore_rejects_extra_release_and_caps_holders() {
    let out = Arc::new(Mutex::new(None));
    let o = out.clone();
    let log = run(fast(), move |ctx| {
        let s = Semaphore::new(ctx, "s", 2, true);
        let hs = (0..6)
            .map(|_| {
                let s = s.clone();
                ctx.spawn(None, move |c| {
                    s.acquire(c)?;
                    c.sleep(0.05)?;
                    s.release(c)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for h in hs {
            h.join(ctx)?;
        }
        *o.lock().unwrap() = s.release(ctx).err();
        Ok(())
    });
    assert_eq!(
        *out.lock().unwrap(),
        Some(Error::Py(PyError::ValueError(
            "Semaphore released too many times".into()
        )))
    );
    // Recorded value after each acquire/release never goes below 0 or above 2.
    for e in log
        .events
        .iter()
        .filter(|e| matches!(e.op, Op::Acquire | Op::Release) && e.phase == Phase::Done)
    {
        assert!((0..=2).contains(&e.value));
    }
}

#[test]
fn event_wakes_waiters_and_times_out() {
    let out = Arc::new(Mutex::new(Vec::new()));
    let o = out.clone();
    run(fast(), move |ctx| {
        let e = Event::new(ctx, "e");
        o.lock().unwrap().push(e.wait(ctx, Some(0.1))?);
        let e2 = e.clone();
        let o2 = o.clone();
        let w = ctx.spawn(None, move |c| {
            o2.lock().unwrap().push(e2.wait(c, None)?);
            Ok(())
        })?;
        ctx.sleep(0.1)?;
        e.set(ctx)?;
        w.join(ctx)
    });
    assert_eq!(*out.lock().unwrap(), vec![false, true]);
}

#[test]
fn condition_notify_wakes_one_waiter_then_all() {
    let woke = Arc::new(AtomicI64::new(0));
    let w2 = woke.clone();
    let mid = Arc::new(AtomicI64::new(-1));
    let m2 = mid.clone();
    run(fast(), move |ctx| {
        let cv = Condition::new(ctx, "cv");
        let hs = (0..3)
            .map(|_| {
                let (cv, woke) = (cv.clone(), w2.clone());
                ctx.spawn(None, move |c| {
                    cv.acquire(c)?;
                    cv.wait(c, None)?;
                    woke.fetch_add(1, Ordering::SeqCst);
                    cv.release(c)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        ctx.sleep(0.2)?;
        cv.acquire(ctx)?;
        cv.notify(ctx, 1)?;
        cv.release(ctx)?;
        ctx.sleep(0.2)?;
        m2.store(w2.load(Ordering::SeqCst), Ordering::SeqCst);
        cv.acquire(ctx)?;
        cv.notify_all(ctx)?;
        cv.release(ctx)?;
        for h in hs {
            h.join(ctx)?;
        }
        Ok(())
    });
    assert_eq!(mid.load(Ordering::SeqCst), 1);
    assert_eq!(woke.load(Ordering::SeqCst), 3);
}

#[test]
fn barrier_releases_all_parties_together() {
    let idx = Arc::new(Mutex::new(Vec::new()));
    let i2 = idx.clone();
    let log = run(fast(), move |ctx| {
        let b = Barrier::new(ctx, "b", 4);
        let hs = (0..4)
            .map(|k| {
                let (b, i2) = (b.clone(), i2.clone());
                ctx.spawn(None, move |c| {
                    c.sleep(0.05 * k as f64)?;
                    let i = b.wait(c)?;
                    i2.lock().unwrap().push(i);
                    Ok(())
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for h in hs {
            h.join(ctx)?;
        }
        Ok(())
    });
    let mut v = idx.lock().unwrap().clone();
    v.sort();
    assert_eq!(v, vec![0, 1, 2, 3]);
    // Nobody passes before the last arrives.
    let last_arrival = log
        .events
        .iter()
        .filter(|e| e.op == Op::Wait && e.phase == Phase::Request)
        .map(|e| e.t_real)
        .max()
        .unwrap();
    let first_pass = log
        .events
        .iter()
        .filter(|e| e.op == Op::Wait && e.phase == Phase::Done)
        .map(|e| e.t_real)
        .min()
        .unwrap();
    assert!(first_pass >= last_arrival);
}

#[test]
fn process_gets_a_copy_threads_share() {
    let parent_after = Arc::new(AtomicI64::new(-1));
    let p2 = parent_after.clone();
    run(fast(), move |ctx| {
        // A "global" the child increments: a process changes its own copy.
        let counter = Arc::new(Mutex::new(0i64));
        let snapshot = *counter.lock().unwrap();
        let p = ctx.spawn_process(None, &snapshot, |c, mut mine: i64| {
            mine += 100;
            c.print(format!("child sees {mine}"))
        })?;
        p.join(ctx)?;
        p2.store(*counter.lock().unwrap(), Ordering::SeqCst);
        Ok(())
    });
    assert_eq!(parent_after.load(Ordering::SeqCst), 0);
}

#[test]
fn pool_errors_match_cpython() {
    let errs = Arc::new(Mutex::new(Vec::new()));
    let e2 = errs.clone();
    run(fast(), move |ctx| {
        let pool = Pool::new(ctx, 2, PoolKind::Processes)?;
        e2.lock().unwrap().push(pool.join(ctx).err());
        pool.close(ctx)?;
        e2.lock().unwrap().push(
            pool.apply_async(ctx, |_| Ok(1))
                .err()
                .map(|_| ())
                .map(|_| Error::Py(PyError::ValueError("Pool not running".into()))),
        );
        pool.join(ctx)
    });
    let errs = errs.lock().unwrap();
    assert_eq!(
        errs[0],
        Some(Error::Py(PyError::ValueError("Pool is still running".into())))
    );
    assert_eq!(
        errs[1],
        Some(Error::Py(PyError::ValueError("Pool not running".into())))
    );
}

#[test]
fn pool_map_keeps_input_order_and_uses_exactly_n_workers() {
    let out = Arc::new(Mutex::new(Vec::new()));
    let o = out.clone();
    let log = run(fast(), move |ctx| {
        let pool = Pool::new(ctx, 3, PoolKind::Threads)?;
        // Later items finish first.
        let r = pool.map(ctx, (0..8).collect(), |c, i: i64| {
            c.sleep(0.05 * (8 - i) as f64)?;
            Ok(i * i)
        })?;
        *o.lock().unwrap() = r;
        pool.close(ctx)?;
        pool.join(ctx)
    });
    assert_eq!(*out.lock().unwrap(), (0..8).map(|i| i * i).collect::<Vec<_>>());
    let v = View::of(&log);
    let pool = v.pools.values().next().unwrap();
    let workers: std::collections::BTreeSet<_> = pool.tasks.values().filter_map(|t| t.worker).collect();
    assert_eq!(workers.len(), 3);
    // Never more than 3 tasks running at once.
    let mut times: Vec<(u64, i32)> = pool
        .tasks
        .values()
        .flat_map(|t| [(t.started.unwrap(), 1), (t.ended.unwrap(), -1)])
        .collect();
    times.sort_by_key(|(t, d)| (*t, *d));
    let mut running = 0;
    for (_, d) in times {
        running += d;
        assert!(running <= 3);
    }
}

#[test]
fn async_result_reraises_task_exception() {
    let out = Arc::new(Mutex::new(None));
    let o = out.clone();
    run(fast(), move |ctx| {
        let pool = Pool::new(ctx, 1, PoolKind::Processes)?;
        let r = pool.apply_async(ctx, |_| -> lockstep_core::Result<i64> {
            Err(Error::Py(PyError::Other("boom".into())))
        })?;
        *o.lock().unwrap() = Some((r.get(ctx).err(), r.ready()));
        pool.close(ctx)?;
        pool.join(ctx)
    });
    assert_eq!(
        *out.lock().unwrap(),
        Some((Some(Error::Py(PyError::Other("boom".into()))), true))
    );
}

#[test]
fn pool_terminate_stops_blocked_and_busy_workers() {
    let log = run(fast(), |ctx| {
        let pool = Pool::new(ctx, 2, PoolKind::Processes)?;
        for _ in 0..4 {
            pool.apply_async(ctx, |c| c.sleep(100.0))?;
        }
        ctx.sleep(0.1)?;
        pool.terminate(ctx)?;
        pool.join(ctx)
    });
    // The run ended well before the 100 s sleeps.
    assert!(log.events.last().unwrap().t_demo < 5_000_000_000);
    let v = View::of(&log);
    assert_eq!(v.lanes.values().filter(|l| l.terminated).count(), 2);
}

#[test]
fn value_records_what_each_write_overwrote() {
    let log = run(fast(), |ctx| {
        let v = Value::new(ctx, "v", 0);
        v.add(ctx, 1, 0.0)?;
        v.add(ctx, 3, 0.0)?;
        Ok(())
    });
    let view = View::of(&log);
    let val = view.values.values().next().unwrap();
    assert_eq!(val.value, 4);
    assert_eq!(val.lost.len(), 0);
}
