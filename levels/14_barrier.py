# title: Two to cross
# title.zh: 两人过桥
# story: Three hikers reach a rope bridge that must be crossed two at a time, so
#   a Barrier(2) pairs them up. The first hiker to arrive stays behind as
#   the lookout.
# story.zh: 三名徒步者来到一座吊桥前，桥每次必须两个人一起过，所以用一个屏障 Barrier(2) 让他们两两配对。第一个到达的人留在后面放哨。
# goal: deadlock
# hint: A Barrier(2) opens only when two threads are waiting at it.
# hint.zh: Barrier(2) 只有在两个线程都在它那里等待时才会打开。
# hint: How many hikers reach the barrier if two of them decide to be the lookout?
# hint.zh: 如果有两名徒步者都决定去放哨，还有几个人会走到屏障那里？
# hint: Let the first two hikers both find no lookout before either of them takes the job.
# hint.zh: 让前两名徒步者都发现还没有人放哨，然后才让其中任何一个接下这个差事。
# promise: prints "2 crossed, 1 kept watch"
# promise.zh: 打印 "2 crossed, 1 kept watch"
# solution: 1.2.2.1.3.3.3.3

import threading

lookout = None
crossed = []
bridge = threading.Barrier(2)


def hike(name):
    global lookout
    if lookout is None:  # someone has to stay and keep watch
        lookout = name
        return
    bridge.wait()  # wait for a partner, then cross together
    crossed.append(name)


ann = threading.Thread(target=hike, args=("Ann",))
ben = threading.Thread(target=hike, args=("Ben",))
cy = threading.Thread(target=hike, args=("Cy",))
ann.start()
ben.start()
cy.start()
ann.join()
ben.join()
cy.join()

print(f"{len(crossed)} crossed, 1 kept watch")
