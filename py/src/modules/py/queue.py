# queue, as CPython 3.11's Lib/queue.py, over threading's traced primitives.
import threading
import _mp
from time import monotonic as _time


class Empty(Exception):
    pass


class Full(Exception):
    pass


class Queue:
    # FIFO on the core's traced queue: the page draws its depth, its
    # blocked putters and getters, task_done() and join(). A subclass that
    # overrides CPython's hooks (_init, _qsize, _put, _get: LifoQueue,
    # PriorityQueue, a learner's own) gets CPython's Condition-based code
    # below, which calls them.
    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        t = type(self)
        if (t._init is Queue._init and t._qsize is Queue._qsize
                and t._put is Queue._put and t._get is Queue._get):
            cap = 0
            if maxsize > 0:
                cap = int(maxsize)
                if cap < maxsize:
                    cap += 1
            self._h = _mp.queue("Queue", cap)
        else:
            self._h = None
            _CondQueue.__init__(self, maxsize)

    def task_done(self):
        if self._h is None:
            return _CondQueue.task_done(self)
        _mp.q_task_done(self._h)

    def join(self):
        if self._h is None:
            return _CondQueue.join(self)
        _mp.q_join(self._h)

    def qsize(self):
        if self._h is None:
            return _CondQueue.qsize(self)
        return _mp.q_size(self._h)

    def empty(self):
        if self._h is None:
            return _CondQueue.empty(self)
        return _mp.q_size(self._h) == 0

    def full(self):
        if self._h is None:
            return _CondQueue.full(self)
        return 0 < self.maxsize <= _mp.q_size(self._h)

    def put(self, item, block=True, timeout=None):
        if self._h is None:
            return _CondQueue.put(self, item, block, timeout)
        # As CPython: the timeout is looked at only when the queue is bounded.
        if self.maxsize > 0 and block and timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        if self.maxsize <= 0:
            block, timeout = True, None
        if not _mp.tq_put(self._h, item, block, timeout):
            raise Full

    def get(self, block=True, timeout=None):
        if self._h is None:
            return _CondQueue.get(self, block, timeout)
        if block and timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        ok, item = _mp.tq_get(self._h, block, timeout)
        if not ok:
            raise Empty
        return item

    def put_nowait(self, item):
        return self.put(item, block=False)

    def get_nowait(self):
        return self.get(block=False)

    # CPython's hooks, as Lib/queue.py has them (used by the Condition code).
    def _init(self, maxsize):
        self.queue = []
        self._head = 0

    def _qsize(self):
        return len(self.queue) - self._head

    def _put(self, item):
        self.queue.append(item)

    def _get(self):
        item = self.queue[self._head]
        self._head += 1
        if self._head > 64 and self._head * 2 > len(self.queue):
            del self.queue[:self._head]
            self._head = 0
        return item


class _CondQueue:
    # CPython's Lib/queue.py over threading's Condition: the code a Queue
    # whose hooks are overridden runs (its methods take that Queue).
    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        self._init(maxsize)
        self.mutex = threading.Lock()
        self.not_empty = threading.Condition(self.mutex)
        self.not_full = threading.Condition(self.mutex)
        self.all_tasks_done = threading.Condition(self.mutex)
        self.unfinished_tasks = 0

    def task_done(self):
        with self.all_tasks_done:
            unfinished = self.unfinished_tasks - 1
            if unfinished <= 0:
                if unfinished < 0:
                    raise ValueError("task_done() called too many times")
                self.all_tasks_done.notify_all()
            self.unfinished_tasks = unfinished

    def join(self):
        with self.all_tasks_done:
            while self.unfinished_tasks:
                self.all_tasks_done.wait()

    def qsize(self):
        with self.mutex:
            return self._qsize()

    def empty(self):
        with self.mutex:
            return not self._qsize()

    def full(self):
        with self.mutex:
            return 0 < self.maxsize <= self._qsize()

    def put(self, item, block=True, timeout=None):
        with self.not_full:
            if self.maxsize > 0:
                if not block:
                    if self._qsize() >= self.maxsize:
                        raise Full
                elif timeout is None:
                    while self._qsize() >= self.maxsize:
                        self.not_full.wait()
                elif timeout < 0:
                    raise ValueError("'timeout' must be a non-negative number")
                else:
                    endtime = _time() + timeout
                    while self._qsize() >= self.maxsize:
                        remaining = endtime - _time()
                        if remaining <= 0.0:
                            raise Full
                        self.not_full.wait(remaining)
            self._put(item)
            self.unfinished_tasks += 1
            self.not_empty.notify()

    def get(self, block=True, timeout=None):
        with self.not_empty:
            if not block:
                if not self._qsize():
                    raise Empty
            elif timeout is None:
                while not self._qsize():
                    self.not_empty.wait()
            elif timeout < 0:
                raise ValueError("'timeout' must be a non-negative number")
            else:
                endtime = _time() + timeout
                while not self._qsize():
                    remaining = endtime - _time()
                    if remaining <= 0.0:
                        raise Empty
                    self.not_empty.wait(remaining)
            item = self._get()
            self.not_full.notify()
            return item


class LifoQueue(Queue):
    def _init(self, maxsize):
        self.queue = []

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        self.queue.append(item)

    def _get(self):
        return self.queue.pop()


class PriorityQueue(Queue):
    def _init(self, maxsize):
        self.queue = []

    def _qsize(self):
        return len(self.queue)

    def _put(self, item):
        q = self.queue
        lo = 0
        hi = len(q)
        while lo < hi:
            mid = (lo + hi) // 2
            if item < q[mid]:
                hi = mid
            else:
                lo = mid + 1
        q.insert(lo, item)

    def _get(self):
        return self.queue.pop(0)


class SimpleQueue(Queue):
    def __init__(self):
        Queue.__init__(self)

    def put(self, item, block=True, timeout=None):
        Queue.put(self, item)

    def put_nowait(self, item):
        Queue.put(self, item)
