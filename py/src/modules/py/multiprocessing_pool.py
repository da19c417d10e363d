# multiprocessing.pool: Pool (worker processes, `ForkPoolWorker-N`) and
# ThreadPool (worker threads, `Thread-N (worker)`; also
# multiprocessing.dummy.Pool), with CPython 3.11's names and messages.
# Both take CPython's three handler-thread numbers.
import _thread
import threading
import queue

RUN = 0
CLOSE = 1
TERMINATE = 2


class TimeoutError(Exception):
    pass


# Links a result to its map result: a worker may finish a task before
# map_async has linked it, so linking and finishing are ordered by this.
_link_lock = threading._hidden(threading.Lock)


class ApplyResult:
    _parent = None
    _done = False

    def __init__(self, callback=None, error_callback=None):
        self._event = threading._hidden(threading.Event)
        self._value = None
        self._success = None
        self._callback = callback
        self._error_callback = error_callback

    def ready(self):
        return self._event.is_set()

    def successful(self):
        if not self.ready():
            raise ValueError("%r not ready" % self)
        return self._success

    def wait(self, timeout=None):
        self._event.wait(timeout)

    def get(self, timeout=None):
        self.wait(timeout)
        if not self.ready():
            raise TimeoutError
        if self._success:
            return self._value
        raise self._value

    def _set(self, success, value):
        self._success = success
        self._value = value
        if self._callback and success:
            self._callback(value)
        if self._error_callback and not success:
            self._error_callback(value)
        self._event.set()
        with _link_lock:
            self._done = True
            parent = self._parent
        if parent is not None:
            parent._child_done()


AsyncResult = ApplyResult


class _MapResult(ApplyResult):
    def __init__(self, results, callback=None, error_callback=None):
        ApplyResult.__init__(self, callback, error_callback)
        self._results = results
        self._left = len(results)
        self._lock = threading._hidden(threading.Lock)
        if self._left == 0:
            self._success = True
            self._value = []
            self._event.set()
        finished = 0
        with _link_lock:
            for r in results:
                r._parent = self
                if r._done:
                    finished += 1
        for i in range(finished):
            self._child_done()

    def _child_done(self):
        with self._lock:
            self._left -= 1
            last = self._left == 0
        if last:
            for r in self._results:
                if not r._success:
                    self._set(False, r._value)
                    return
            self._set(True, [r._value for r in self._results])


class _Task:
    def __init__(self, index, result, fn, args, kwds):
        self.index = index
        self.result = result
        self.fn = fn
        self.args = args
        self.kwds = kwds


def worker(pool):
    while True:
        task = pool._inqueue.get()
        if task is None:
            pool._inqueue.put(None)
            return
        _thread.pool_event(pool._trace, "begin", task.index)
        try:
            value = (True, task.fn(*task.args, **task.kwds))
        except Exception as e:
            value = (False, e)
        _thread.pool_event(pool._trace, "end" if value[0] else "fail", task.index)
        task.result._set(value[0], value[1])


class _ResultIter:
    def __init__(self, results, unordered):
        self._results = results
        self._unordered = unordered

    def __iter__(self):
        return self

    def __next__(self):
        if not self._results:
            raise StopIteration
        if self._unordered:
            while True:
                for r in self._results:
                    if r.ready():
                        self._results.remove(r)
                        return r.get()
                self._results[0].wait(0.001)
        return self._results.pop(0).get()


class ThreadPool:
    def __init__(self, processes=None, initializer=None, initargs=()):
        if processes is None:
            processes = 2
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        self._processes = processes
        self._trace = _thread.pool(processes)
        self._inqueue = threading._hidden(queue.SimpleQueue)
        self._state = RUN
        self._pool = []
        for i in range(processes):
            t = threading.Thread(target=worker, args=(self,))
            t.daemon = True
            t.start()
            self._pool.append(t)
        # CPython's three handler threads take the next three numbers.
        for i in range(3):
            threading._newname("Thread-%d")

    def _check_running(self):
        if self._state != RUN:
            raise ValueError("Pool not running")

    def _submit(self, fn, args, kwds, callback=None, error_callback=None):
        r = ApplyResult(callback, error_callback)
        index = _thread.pool_event(self._trace, "submit", 0)
        self._inqueue.put(_Task(index, r, fn, args, kwds))
        return r

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        self._check_running()
        return self._submit(func, args, kwds, callback, error_callback)

    def apply(self, func, args=(), kwds={}):
        return self.apply_async(func, args, kwds).get()

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        self._check_running()
        rs = [self._submit(func, (x,), {}) for x in iterable]
        return _MapResult(rs, callback, error_callback)

    def map(self, func, iterable, chunksize=None):
        return self.map_async(func, iterable, chunksize).get()

    def starmap_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        self._check_running()
        rs = [self._submit(func, tuple(x), {}) for x in iterable]
        return _MapResult(rs, callback, error_callback)

    def starmap(self, func, iterable, chunksize=None):
        return self.starmap_async(func, iterable, chunksize).get()

    def imap(self, func, iterable, chunksize=1):
        self._check_running()
        return _ResultIter([self._submit(func, (x,), {}) for x in iterable], False)

    def imap_unordered(self, func, iterable, chunksize=1):
        self._check_running()
        return _ResultIter([self._submit(func, (x,), {}) for x in iterable], True)

    def close(self):
        if self._state == RUN:
            self._state = CLOSE
            _thread.pool_event(self._trace, "close", 0)
            self._inqueue.put(None)

    def terminate(self):
        if self._state == RUN:
            self._inqueue.put(None)
        self._state = TERMINATE
        _thread.pool_event(self._trace, "terminate", 0)

    def join(self):
        if self._state == RUN:
            raise ValueError("Pool is still running")
        _thread.pool_event(self._trace, "join", 0)
        if self._state == CLOSE:
            for t in self._pool:
                t.join()
        _thread.pool_event(self._trace, "joined", 0)

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.terminate()


def _process_worker(inq, outq, initializer, initargs, trace):
    # Runs in a worker process: the function arrives by name, as pickled.
    if initializer is not None:
        initializer(*initargs)
    while True:
        task = inq.get()
        if task is None:
            return
        job, fn, args, kwds = task
        _thread.pool_event(trace, "begin", job)
        try:
            result = (job, True, fn(*args, **kwds))
        except Exception as e:
            result = (job, False, e)
        _thread.pool_event(trace, "end" if result[1] else "fail", job)
        outq.put(result)


def _handle_results(pool):
    # The parent's result-handler thread: results in, callbacks run here.
    while True:
        job, ok, value = pool._outq.get()
        if job is None:
            return
        r = pool._cache.pop(job, None)
        if r is None:
            continue
        r._set(ok, value)


class Pool(ThreadPool):
    def __init__(self, processes=None, initializer=None, initargs=(), maxtasksperchild=None,
                 _worker_name="ForkPoolWorker"):
        import multiprocessing
        if processes is None:
            processes = multiprocessing.cpu_count()
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        self._processes = processes
        self._state = RUN
        self._trace = _thread.pool(processes)
        self._inq = threading._hidden(multiprocessing.SimpleQueue)
        self._outq = threading._hidden(multiprocessing.SimpleQueue)
        self._cache = {}
        self._pool = []
        for i in range(processes):
            w = multiprocessing.Process(target=_process_worker,
                                        args=(self._inq, self._outq, initializer, initargs, self._trace))
            w.name = w.name.replace("Process", _worker_name)
            w.daemon = True
            w.start()
            self._pool.append(w)
        # CPython's worker and task handlers take two numbers; the result
        # handler is the one thread this pool really needs.
        threading._newname("Thread-%d")
        threading._newname("Thread-%d")
        name = threading._newname("Thread-%d") + " (_handle_results)"
        self._handler = threading.Thread(target=_handle_results, args=(self,), name=name)
        self._handler.daemon = True
        self._handler.start()

    def _submit(self, fn, args, kwds, callback=None, error_callback=None):
        r = ApplyResult(callback, error_callback)
        job = _thread.pool_event(self._trace, "submit", 0)
        self._cache[job] = r
        self._inq.put((job, fn, args, kwds))
        return r

    def _stop_handler(self):
        if self._handler is not None:
            self._outq.put((None, None, None))
            self._handler.join()
            self._handler = None

    def close(self):
        if self._state == RUN:
            self._state = CLOSE
            _thread.pool_event(self._trace, "close", 0)
            for w in self._pool:
                self._inq.put(None)

    def terminate(self):
        self._state = TERMINATE
        _thread.pool_event(self._trace, "terminate", 0)
        for w in self._pool:
            w.terminate()
        for w in self._pool:
            w.join()
        self._stop_handler()

    def join(self):
        if self._state == RUN:
            raise ValueError("Pool is still running")
        _thread.pool_event(self._trace, "join", 0)
        for w in self._pool:
            w.join()
        self._stop_handler()
        _thread.pool_event(self._trace, "joined", 0)

    def __repr__(self):
        states = {RUN: "RUN", CLOSE: "CLOSE", TERMINATE: "TERMINATE"}
        return "<multiprocessing.pool.Pool state=%s pool_size=%d>" % (states[self._state], self._processes)
