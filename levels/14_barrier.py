# title: Two to cross
# story: Three hikers reach a rope bridge that must be crossed two at a time, so
#   a Barrier(2) pairs them up. The first hiker to arrive stays behind as
#   the lookout.
# goal: deadlock
# hint: A Barrier(2) opens only when two threads are waiting at it.
# hint: How many hikers reach the barrier if two of them decide to be the lookout?
# hint: Let the first two hikers both find no lookout before either of them takes the job.
# promise: prints "2 crossed, 1 kept watch"
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
