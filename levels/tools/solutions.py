"""The winning interleaving of each level, for schedule.py's `solution`
policy: (thread, until) directives, then `sticky`. Thread 0 is main, N the
N-th thread started. until: '@text' runs the thread until it is at the
line containing text, 'store NAME' until it is about to store the global
NAME, 'block' until it blocks, 'end' until it has finished."""

SOLUTIONS = {
    "01_lost_update.py": [
        (1, "store counter"),  # T1 has read 0
        (2, "store counter"),  # T2 has read 0 too
        (2, "end"),  # T2 writes 1
        (1, "end"),  # T1 writes 1: main's assert fails
    ],
    "02_check_then_act.py": [
        (1, "@balance -= 10"),  # ATM 1 saw 10
        (2, "@balance -= 10"),  # ATM 2 saw 10 too
        (1, "end"),
        (2, "end"),  # balance is -10
    ],
    "03_own_lock.py": [
        (1, "@visits += 1"),
        (2, "@visits += 1"),  # both inside, each with its own lock
    ],
    "04_early_return.py": [
        (1, "@lock.acquire()"),  # seller 1 saw one ticket
        (2, "@lock.acquire()"),  # seller 2 saw one ticket too
        (1, "end"),  # seller 1 sells it and releases
        (2, "end"),  # seller 2 finds none and returns holding the lock
    ],  # main's `with lock` waits forever
    "05_lock_twice.py": [
        (1, "@        borrow(name)"),  # Ada saw one copy
        (2, "@        borrow(name)"),  # Bo saw one copy too
        (1, "end"),  # Ada borrows it
        (2, "block"),  # Bo: none left, join_waiting_list takes the lock again
    ],
    "06_lock_order.py": [
        (1, "@with locks[target]"),  # T1 holds alice
        (2, "@with locks[target]"),  # T2 holds bob
    ],
    "07_semaphore_release.py": [
        (1, "@printed.append(doc)"),  # the report is printing
        (2, "end"),  # the letter finds it busy, goes to the tray, releases
        (3, "@printed.append(doc)"),  # the poster gets in too
    ],
    "08_double_checked.py": [
        (1, "@with lock:"),  # T1 saw None
        (2, "@with lock:"),  # T2 saw None too
    ],  # then each loads in turn: loads == 2
    "09_empty_then_get.py": [
        (1, "@squares.append"),  # job 1
        (1, "@while not jobs.empty()"),
        (1, "@squares.append"),  # job 2
        (1, "@while not jobs.empty()"),
        (1, "@n = jobs.get()"),  # worker 1 saw job 3
        (2, "@n = jobs.get()"),  # worker 2 saw it too
    ],  # worker 1 takes it; worker 2's get() waits forever
    "10_task_done.py": [
        (1, "@queued.add(link)"),  # adder 1 found /home not queued
        (2, "@queued.add(link)"),  # adder 2 at /blog
        (2, "@for link in links"),
        (2, "@queued.add(link)"),  # adder 2 found /home not queued too
    ],  # /home is put twice; its second get is skipped without task_done
    "11_event_clear.py": [
        (2, "block"),  # the resident waits for the bell
        (1, "@doorbell.set()"),
        (1, "@for parcel in"),  # the books are on the porch, the bell rang
        (2, "@doorbell.clear()"),  # the resident took the books in
        (1, "end"),  # the shoes, and a ring that is already rung
    ],  # the resident resets the bell and waits for a ring that never comes
    "12_if_wait.py": [
        (1, "block"),  # eater 1 waits on an empty basket
        (3, "@basket.append(fruit)"),
        (3, "@for fruit in"),  # picker added the apple, notified eater 1
        (2, "end"),  # eater 2 comes in and eats the apple
    ],  # eater 1 wakes and pops from an empty basket: IndexError
    "13_wrong_wakeup.py": [
        (2, "block"),  # customer 1 waits
        (3, "block"),  # customer 2 waits
        (1, "block"),  # baker: bun 1 on the shelf, notifies customer 1; waits on the full shelf
    ],  # customer 1 buys and notifies customer 2, not the baker; customer 2 waits again
    "14_barrier.py": [
        (1, "@lookout = name"),  # Ann found no lookout
        (2, "@lookout = name"),  # Ben found none either
    ],  # both keep watch; Cy waits at the bridge alone
    "15_philosophers.py": [
        (1, "@with right:"),
        (2, "@with right:"),
        (3, "@with right:"),  # each holds the left fork
    ],
}
