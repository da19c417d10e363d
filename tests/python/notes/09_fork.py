# Notes prose (section 创建进程及多进程) names os.fork() without a code block; this is the
# classic fork example that prose paraphrases, with Chinese messages.
# Changes: written from the prose; flush=True on the first print so the parent's buffer
#   is not copied into the child (with piped stdout CPython would print it twice).
# Compare: masked (every number is a pid -> <PID>) and line set, order free: the child's
#   and the parent's lines race. Unmasked: the child's parent pid equals the parent's pid,
#   and the pid the parent reports equals the child's own pid.
import os

print('进程 (%s) 开始...' % os.getpid(), flush=True)
pid = os.fork()
if pid == 0:
    print('我是子进程 (%s)，我的父进程是 (%s)。' % (os.getpid(), os.getppid()))
else:
    print('我 (%s) 刚创建了一个子进程 (%s)。' % (os.getpid(), pid))
