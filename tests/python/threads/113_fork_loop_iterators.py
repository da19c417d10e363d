# os.fork in a loop: every process goes on with its own copy of the loop's
# iterator, so three forks make eight processes (each parent waits for its
# child, so the order is fixed). flush=True: a fork copies unflushed output.
import os

path = []
for i in range(3):
    pid = os.fork()
    if pid == 0:
        path.append(i)
    else:
        os.waitpid(pid, 0)
print("process with path", path, flush=True)
it = iter("abc")
next(it)
pid = os.fork()
if pid == 0:
    print("child continues at", next(it), flush=True)
    os._exit(0)
os.waitpid(pid, 0)
print("parent continues at", next(it), flush=True)
