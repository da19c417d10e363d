# title: Fetched twice
# title.zh: 抓取了两次
# story: Two threads add links to a queue, skipping any link already queued; a
#   fetcher works through it, and the main thread waits in `join()` until
#   every link is marked done. The fetcher even skips a link it has already
#   fetched, just in case.
# story.zh: 两个线程往队列里添加链接，已经入队的链接会跳过；一个抓取线程逐个处理队列，主线程在 `join()` 里等待，直到每个链接都被标记为完成。为了保险起见，抓取线程还会跳过已经抓取过的链接。
# goal: deadlock
# hint: `queue.join()` returns when task_done() has been called once for every put().
# hint.zh: 只有当每次 put() 都对应调用过一次 task_done() 时，`queue.join()` 才会返回。
# hint: Can the same link be put twice? What does the fetcher do the second time it sees it?
# hint.zh: 同一个链接会被放入两次吗？抓取线程第二次见到它时会做什么？
# hint: Let both adders check "/home" before either adds it to `queued`.
# hint.zh: 在任何一个添加线程把 "/home" 加入 `queued` 之前，让两个添加线程都检查它。
# promise: prints "fetched ['/about', '/blog', '/home']"
# promise.zh: 打印 "fetched ['/about', '/blog', '/home']"
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
