# os.fork: the child gets 0 and exits with a code; the parent reaps it with waitpid.
# flush=True before fork and before os._exit: os._exit discards unflushed output, and
# an unflushed parent buffer would be copied into the child (CPython with piped stdout).
import os

print("before fork", flush=True)
pid = os.fork()
if pid == 0:
    print("in child: fork returned 0", flush=True)
    os._exit(3)
else:
    _, status = os.waitpid(pid, 0)
    print("in parent: child pid positive:", pid > 0)
    print("child exit status:", status >> 8)
print("only the parent reaches this line")
