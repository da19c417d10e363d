# concurrent.futures (threads only), after CPython 3.11's
# Lib/concurrent/futures/{_base,thread}.py, over threading and queue.
import threading
import queue

FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"

_PENDING = "PENDING"
_RUNNING = "RUNNING"
_CANCELLED = "CANCELLED"
_FINISHED = "FINISHED"


class CancelledError(Exception):
    pass


TimeoutError = TimeoutError


class Future:
    def __init__(self):
        self._condition = threading._hidden(threading.Condition)
        self._state = _PENDING
        self._result = None
        self._exception = None
        self._done_callbacks = []

    def _invoke_callbacks(self):
        for callback in self._done_callbacks:
            try:
                callback(self)
            except Exception as e:
                print("exception calling callback for", self)

    def cancel(self):
        with self._condition:
            if self._state in [_RUNNING, _FINISHED]:
                return False
            if self._state == _CANCELLED:
                return True
            self._state = _CANCELLED
            self._condition.notify_all()
        self._invoke_callbacks()
        return True

    def cancelled(self):
        with self._condition:
            return self._state == _CANCELLED

    def running(self):
        with self._condition:
            return self._state == _RUNNING

    def done(self):
        with self._condition:
            return self._state in [_CANCELLED, _FINISHED]

    def add_done_callback(self, fn):
        with self._condition:
            if self._state not in [_CANCELLED, _FINISHED]:
                self._done_callbacks.append(fn)
                return
        fn(self)

    def _get_result(self):
        if self._state == _CANCELLED:
            raise CancelledError()
        if self._exception is not None:
            raise self._exception
        return self._result

    def result(self, timeout=None):
        with self._condition:
            if self._state in [_CANCELLED, _FINISHED]:
                return self._get_result()
            self._condition.wait(timeout)
            if self._state in [_CANCELLED, _FINISHED]:
                return self._get_result()
            raise TimeoutError()

    def exception(self, timeout=None):
        with self._condition:
            if self._state == _CANCELLED:
                raise CancelledError()
            if self._state == _FINISHED:
                return self._exception
            self._condition.wait(timeout)
            if self._state == _CANCELLED:
                raise CancelledError()
            if self._state == _FINISHED:
                return self._exception
            raise TimeoutError()

    def set_running_or_notify_cancel(self):
        with self._condition:
            if self._state == _CANCELLED:
                return False
            self._state = _RUNNING
            return True

    def set_result(self, result):
        with self._condition:
            self._result = result
            self._state = _FINISHED
            for w in _waiters:
                w._note(self)
            self._condition.notify_all()
        self._invoke_callbacks()

    def set_exception(self, exception):
        with self._condition:
            self._exception = exception
            self._state = _FINISHED
            for w in _waiters:
                w._note(self)
            self._condition.notify_all()
        self._invoke_callbacks()

    def __repr__(self):
        return "<Future state=%s>" % self._state.lower()


# wait()/as_completed() waiters: each has an Event and a list of finished
# futures; every finishing future tells all of them.
_waiters = []


class _Waiter:
    def __init__(self):
        self.event = threading._hidden(threading.Event)
        self.finished = []

    def _note(self, f):
        self.finished.append(f)
        self.event.set()


class _WorkItem:
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:
            self.future.set_exception(exc)
        else:
            self.future.set_result(result)


def _worker(executor):
    while True:
        work_item = executor._work_queue.get(block=True)
        if work_item is not None:
            work_item.run()
            del work_item
            executor._idle_semaphore.release()
            continue
        executor._work_queue.put(None)
        return


_counter = 0


class Executor:
    def map(self, fn, *iterables, timeout=None, chunksize=1):
        fs = [self.submit(fn, *args) for args in zip(*iterables)]
        return _MapIter(fs, timeout)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False


class _MapIter:
    def __init__(self, fs, timeout):
        self.fs = fs
        self.fs.reverse()
        self.timeout = timeout

    def __iter__(self):
        return self

    def __next__(self):
        if not self.fs:
            raise StopIteration
        return self.fs.pop().result(self.timeout)


class ThreadPoolExecutor(Executor):
    def __init__(self, max_workers=None, thread_name_prefix="", initializer=None, initargs=()):
        global _counter
        if max_workers is None:
            max_workers = 8
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        self._max_workers = max_workers
        self._work_queue = threading._hidden(queue.SimpleQueue)
        self._idle_semaphore = threading._hidden(threading.Semaphore, 0)
        self._threads = []
        self._shutdown = False
        self._shutdown_lock = threading._hidden(threading.Lock)
        if not thread_name_prefix:
            thread_name_prefix = "ThreadPoolExecutor-%d" % _counter
            _counter += 1
        self._thread_name_prefix = thread_name_prefix
        self._initializer = initializer
        self._initargs = initargs

    def submit(self, fn, *args, **kwargs):
        with self._shutdown_lock:
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            f = Future()
            w = _WorkItem(f, fn, args, kwargs)
            self._work_queue.put(w)
            self._adjust_thread_count()
            return f

    def _adjust_thread_count(self):
        if self._idle_semaphore.acquire(timeout=0):
            return
        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            thread_name = "%s_%d" % (self._thread_name_prefix or self, num_threads)
            t = threading.Thread(name=thread_name, target=_worker, args=(self,))
            t.start()
            self._threads.append(t)

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            self._work_queue.put(None)
        if wait:
            for t in self._threads:
                t.join()


class ProcessPoolExecutor(Executor):
    # Over multiprocessing.pool.Pool: CPython 3.11 with fork starts all
    # max_workers processes (ForkProcess-N) at the first submit.
    def __init__(self, max_workers=None, mp_context=None, initializer=None, initargs=(), *,
                 max_tasks_per_child=None):
        import multiprocessing
        if max_workers is None:
            max_workers = multiprocessing.cpu_count()
        elif max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        self._max_workers = max_workers
        self._initializer = initializer
        self._initargs = initargs
        self._pool = None
        self._shutdown = False
        self._shutdown_lock = threading._hidden(threading.Lock)

    def submit(self, fn, *args, **kwargs):
        with self._shutdown_lock:
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            if self._pool is None:
                from multiprocessing.pool import Pool
                # The executor's own pool (its worker processes are drawn).
                self._pool = threading._hidden(Pool, self._max_workers, self._initializer,
                                               self._initargs, None, "ForkProcess")
            f = Future()
            f.set_running_or_notify_cancel()
            self._pool.apply_async(fn, args, kwargs, f.set_result, f.set_exception)
            return f

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
        if self._pool is not None:
            self._pool.close()
            if wait:
                self._pool.join()


def wait(fs, timeout=None, return_when=ALL_COMPLETED):
    fs = list(fs)
    waiter = _Waiter()
    _waiters.append(waiter)
    try:
        while True:
            done = set(f for f in fs if f.done())
            not_done = set(f for f in fs if f not in done)
            if not not_done:
                break
            if return_when == FIRST_COMPLETED and done:
                break
            if return_when == FIRST_EXCEPTION and any(f._exception is not None for f in done):
                break
            waiter.event.clear()
            if not waiter.event.wait(timeout):
                done = set(f for f in fs if f.done())
                not_done = set(f for f in fs if f not in done)
                break
    finally:
        _waiters.remove(waiter)
    return DoneAndNotDoneFutures(done, not_done)


def DoneAndNotDoneFutures(done, not_done):
    return (done, not_done)


class _AsCompleted:
    def __init__(self, fs, timeout):
        self.pending = list(fs)
        self.timeout = timeout
        self.yielded = []

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            for f in self.pending:
                if f.done():
                    self.pending.remove(f)
                    return f
            if not self.pending:
                raise StopIteration
            r = wait(self.pending, self.timeout, FIRST_COMPLETED)
            if not r[0]:
                raise TimeoutError("%d (of %d) futures unfinished" % (len(self.pending), len(self.pending)))


def as_completed(fs, timeout=None):
    return _AsCompleted(fs, timeout)
