//! The levels, in teaching order: one line each. A level is its file in
//! `levels/` (the Python program and its header) and this line.

pub const SOURCES: &[(&str, &str)] = &[
    (
        "01_lost_update",
        include_str!("../../../levels/01_lost_update.py"),
    ),
    (
        "02_check_then_act",
        include_str!("../../../levels/02_check_then_act.py"),
    ),
    ("03_own_lock", include_str!("../../../levels/03_own_lock.py")),
    (
        "04_early_return",
        include_str!("../../../levels/04_early_return.py"),
    ),
    ("05_lock_twice", include_str!("../../../levels/05_lock_twice.py")),
    ("06_lock_order", include_str!("../../../levels/06_lock_order.py")),
    (
        "07_semaphore_release",
        include_str!("../../../levels/07_semaphore_release.py"),
    ),
    (
        "08_double_checked",
        include_str!("../../../levels/08_double_checked.py"),
    ),
    (
        "09_empty_then_get",
        include_str!("../../../levels/09_empty_then_get.py"),
    ),
    ("10_task_done", include_str!("../../../levels/10_task_done.py")),
    (
        "11_event_clear",
        include_str!("../../../levels/11_event_clear.py"),
    ),
    ("12_if_wait", include_str!("../../../levels/12_if_wait.py")),
    (
        "13_wrong_wakeup",
        include_str!("../../../levels/13_wrong_wakeup.py"),
    ),
    ("14_barrier", include_str!("../../../levels/14_barrier.py")),
    (
        "15_philosophers",
        include_str!("../../../levels/15_philosophers.py"),
    ),
];
