# title: One plus one
# story: Two threads each add one to a shared counter, and the program checks
#   the total once both have finished.
# goal: exception
# hint: `counter += 1` is not one step: the thread reads counter, adds one, then writes it back.
# hint: What if both threads read counter before either writes it back?
# hint: Step one thread until it has read counter (0), then let the other read it too; now let both write.
# promise: prints "counter is 2"
# solution: 1.2.2.1

import threading

counter = 0


def add_one():
    global counter
    counter += 1


t1 = threading.Thread(target=add_one)
t2 = threading.Thread(target=add_one)
t1.start()
t2.start()
t1.join()
t2.join()

assert counter == 2, f"counter is {counter}"
print(f"counter is {counter}")
