# title: Fetched twice
# story: Two threads add links to a queue, skipping any link already queued; a
#   fetcher works through it, and the main thread waits in `join()` until
#   every link is marked done. The fetcher even skips a link it has already
#   fetched, just in case.
# goal: deadlock
# hint: `queue.join()` returns when task_done() has been called once for every put().
# hint: Can the same link be put twice? What does the fetcher do the second time it sees it?
# hint: Let both adders check "/home" before either adds it to `queued`.
# promise: prints "fetched ['/about', '/blog', '/home']"
# solution: 1.2.2.2.2.2.2.1.1.1.1.1.3.3.3.3.3.3.3.3.3.3.3.3.3.3.3

import queue
import threading

to_fetch = queue.Queue()
queued = set()
fetched = []


def add_links(links):
    for link in links:
        if link not in queued:  # never queue a link twice
            queued.add(link)
            to_fetch.put(link)


def fetcher():
    while True:
        link = to_fetch.get()
        if link in fetched:
            continue  # already fetched: skip it
        fetched.append(link)
        to_fetch.task_done()


adder1 = threading.Thread(target=add_links, args=(["/home", "/about"],))
adder2 = threading.Thread(target=add_links, args=(["/blog", "/home"],))
worker = threading.Thread(target=fetcher, daemon=True)
adder1.start()
adder2.start()
worker.start()
adder1.join()
adder2.join()
to_fetch.join()

print(f"fetched {sorted(fetched)}")
