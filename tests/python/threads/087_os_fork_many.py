# Forking several children one after another, each reaped before the next.
import os

codes = []
for i in range(3):
    pid = os.fork()
    if pid == 0:
        print(f"child {i} running", flush=True)
        os._exit(10 + i)
    _, status = os.waitpid(pid, 0)
    codes.append(status >> 8)
print("exit codes:", codes)
pid = os.fork()
if pid == 0:
    os._exit(0)
reaped_pid, status = os.wait()
print("os.wait reaped the child:", reaped_pid == pid, status)
