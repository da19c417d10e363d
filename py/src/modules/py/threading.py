# threading, over _thread (the core's traced primitives). Follows CPython
# 3.11's Lib/threading.py where learners can see the difference.
import _thread

_counter = 0
_active = {}


def _newname(fmt):
    global _counter
    _counter += 1
    return fmt % _counter


def _hidden(make, *args):
    # Makes an object the runtime needs for itself: traced, not drawn.
    _thread.hidden(True)
    try:
        return make(*args)
    finally:
        _thread.hidden(False)


def get_ident():
    return _thread.get_ident()


class Lock:
    # What pickling says of it (a queue item between processes).
    _unpicklable = "_thread.lock"

    def __init__(self):
        self._h = _thread.lock()

    def acquire(self, blocking=True, timeout=-1):
        if not blocking and timeout != -1:
            raise ValueError("can't specify a timeout for a non-blocking call")
        return _thread.acquire(self._h, blocking, timeout)

    def release(self):
        _thread.release(self._h)

    def locked(self):
        return _thread.locked(self._h)

    def __enter__(self):
        return _thread.acquire(self._h, True, -1)

    def __exit__(self, t, v, tb):
        _thread.release(self._h)

    def _is_owned(self):
        return _thread.owned(self._h)

    def _release_save(self):
        _thread.release(self._h)
        return None

    def _acquire_restore(self, state):
        _thread.acquire(self._h, True, -1)

    def __repr__(self):
        s = "locked" if _thread.locked(self._h) else "unlocked"
        return "<%s _thread.lock object>" % s


class RLock(Lock):
    _unpicklable = "_thread.RLock"

    def __init__(self):
        self._h = _thread.rlock()

    def _release_save(self):
        return _thread.release_all(self._h)

    def _acquire_restore(self, n):
        for i in range(n):
            _thread.acquire(self._h, True, -1)

    def __repr__(self):
        s = "locked" if _thread.locked(self._h) else "unlocked"
        return "<%s _thread.RLock object>" % s


class Condition:
    _unpicklable = "_thread.lock"

    def __init__(self, lock=None):
        if lock is None:
            lock = RLock()
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release
        self._waiters = []

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, t, v, tb):
        return self._lock.__exit__(t, v, tb)

    def wait(self, timeout=None):
        if not self._lock._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        waiter = _hidden(Lock)
        waiter.acquire()
        self._waiters.append(waiter)
        saved = self._lock._release_save()
        gotit = False
        try:
            if timeout is None:
                waiter.acquire()
                gotit = True
            else:
                if timeout > 0:
                    gotit = waiter.acquire(True, timeout)
                else:
                    gotit = waiter.acquire(False)
            return gotit
        finally:
            self._lock._acquire_restore(saved)
            if not gotit:
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass

    def wait_for(self, predicate, timeout=None):
        endtime = None
        waittime = timeout
        result = predicate()
        while not result:
            if waittime is not None:
                if endtime is None:
                    endtime = _time() + waittime
                else:
                    waittime = endtime - _time()
                    if waittime <= 0:
                        break
            self.wait(waittime)
            result = predicate()
        return result

    def notify(self, n=1):
        if not self._lock._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        waiters = self._waiters
        while waiters and n > 0:
            waiter = waiters[0]
            try:
                waiter.release()
            except RuntimeError:
                pass
            else:
                n -= 1
            try:
                waiters.remove(waiter)
            except ValueError:
                pass

    def notify_all(self):
        self.notify(len(self._waiters))

    notifyAll = notify_all


def _time():
    import time
    return time.monotonic()


class Semaphore:
    _unpicklable = "_thread.lock"

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._h = _thread.semaphore(value, False)

    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        return _thread.acquire(self._h, blocking, timeout)

    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        for i in range(n):
            _thread.release(self._h)

    def __enter__(self):
        return self.acquire()

    def __exit__(self, t, v, tb):
        self.release()

    def _value_get(self):
        return _thread.sem_value(self._h)


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._h = _thread.semaphore(value, True)


class Event:
    _unpicklable = "_thread.lock"

    def __init__(self):
        self._h = _thread.event()

    def is_set(self):
        return _thread.event_is_set(self._h)

    isSet = is_set

    def set(self):
        _thread.event_set(self._h)

    def clear(self):
        _thread.event_clear(self._h)

    def wait(self, timeout=None):
        return _thread.event_wait(self._h, timeout)


class BrokenBarrierError(RuntimeError):
    pass


class Barrier:
    # CPython 3.11's Barrier, over a Condition (so its lock and waits are
    # traced): filling, draining, resetting or broken.
    def __init__(self, parties, action=None, timeout=None):
        if parties < 1:
            raise ValueError("parties must be > 0")
        self._cond = Condition(Lock())
        self._action = action
        self._timeout = timeout
        self._parties = parties
        self._state = 0
        self._count = 0

    def wait(self, timeout=None):
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            self._enter()
            index = self._count
            self._count += 1
            try:
                if index + 1 == self._parties:
                    self._release()
                else:
                    self._wait(timeout)
                return index
            finally:
                self._count -= 1
                self._exit()

    def _enter(self):
        while self._state in (-1, 1):
            self._cond.wait()
        if self._state < 0:
            raise BrokenBarrierError
        assert self._state == 0

    def _release(self):
        try:
            if self._action:
                self._action()
            self._state = 1
            self._cond.notify_all()
        except:
            self._break()
            raise

    def _wait(self, timeout):
        if not self._cond.wait_for(lambda: self._state != 0, timeout):
            self._break()
            raise BrokenBarrierError
        if self._state < 0:
            raise BrokenBarrierError
        assert self._state == 1

    def _exit(self):
        if self._count == 0:
            if self._state in (-1, 1):
                self._state = 0
                self._cond.notify_all()

    def reset(self):
        with self._cond:
            if self._count > 0:
                if self._state == 0:
                    self._state = -1
                elif self._state == -2:
                    self._state = -1
            else:
                self._state = 0
            self._cond.notify_all()

    def abort(self):
        with self._cond:
            self._break()

    def _break(self):
        self._state = -2
        self._cond.notify_all()

    def __getattr__(self, name):
        if name == "parties":
            return self._parties
        if name == "n_waiting":
            if self._state == 0:
                return self._count
            return 0
        if name == "broken":
            return self._state == -2
        raise AttributeError("'Barrier' object has no attribute '%s'" % name)


class Thread:
    _initialized = False
    _started = None
    _handle = None

    def __setattr__(self, name, value):
        if name == "daemon":
            if not self._initialized:
                raise RuntimeError("Thread.__init__() not called")
            if self._started is not None and self._started is not True and self._started.is_set():
                raise RuntimeError("cannot set daemon status of active thread")
        _thread.setattr_raw(self, name, value)

    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None):
        if kwargs is None:
            kwargs = {}
        if name:
            name = str(name)
        else:
            name = _newname("Thread-%d")
            if target is not None:
                try:
                    tname = target.__name__
                    name += " (%s)" % tname
                except AttributeError:
                    pass
        self._target = target
        self._name = name
        self.name = name
        self._args = args
        self._kwargs = kwargs
        self._initialized = True
        if daemon is not None:
            self.daemon = daemon
        else:
            self.daemon = current_thread().daemon
        self.ident = None
        self.native_id = None
        self._handle = None
        self._started = None
        self._initialized = True

    def start(self):
        if not self._initialized:
            raise RuntimeError("thread.__init__() not called")
        if self._started is not None:
            raise RuntimeError("threads can only be started once")
        self._started = _hidden(Event)
        self._handle = _thread.start(self._bootstrap, self.name)
        self._started.wait()

    def _bootstrap(self):
        self.ident = _thread.get_ident()
        self.native_id = self.ident
        _active[self.ident] = self
        self._started.set()
        try:
            self.run()
        except SystemExit:
            pass
        except BaseException as e:
            _thread.print_exc(self.name, e)
        finally:
            try:
                del _active[self.ident]
            except KeyError:
                pass

    def run(self):
        try:
            if self._target is not None:
                self._target(*self._args, **self._kwargs)
        finally:
            del self._target, self._args, self._kwargs

    def join(self, timeout=None):
        if not self._initialized:
            raise RuntimeError("Thread.__init__() not called")
        if self._started is None:
            raise RuntimeError("cannot join thread before it is started")
        if self is current_thread():
            raise RuntimeError("cannot join current thread")
        if self._handle is None:
            return
        if timeout is not None and timeout < 0:
            timeout = 0
        _thread.join(self._handle, timeout)

    def is_alive(self):
        if self._handle is None:
            return False
        return _thread.is_alive(self._handle)

    def getName(self):
        return self.name

    def setName(self, name):
        self.name = str(name)

    def isDaemon(self):
        return self.daemon

    def setDaemon(self, daemonic):
        self.daemon = daemonic

    def __repr__(self):
        status = "initial"
        if self._started is not None:
            status = "started"
        if self._handle is not None and not _thread.is_alive(self._handle):
            status = "stopped"
        if self.daemon:
            status += " daemon"
        if self.ident is not None:
            status += " %s" % self.ident
        return "<%s(%s, %s)>" % (self.__class__.__name__, self.name, status)


class _RunningThread(Thread):
    """A thread this module did not start (the main one, or a foreign one
    seen by current_thread()): already running, registered as it is."""

    def __init__(self, name, daemon):
        self._target = None
        self._name = name
        self.name = name
        self._args = ()
        self._kwargs = {}
        self._initialized = True
        self.daemon = daemon
        self.ident = _thread.get_ident()
        self.native_id = self.ident
        self._handle = None
        self._started = True
        _active[self.ident] = self

    def is_alive(self):
        return True


class _MainThread(_RunningThread):
    def __init__(self):
        _RunningThread.__init__(self, "MainThread", False)


class _DummyThread(_RunningThread):
    def __init__(self):
        _RunningThread.__init__(self, _newname("Dummy-%d"), True)


class Timer(Thread):
    def __init__(self, interval, function, args=None, kwargs=None):
        Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = _hidden(Event)

    def cancel(self):
        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


_local_data = {}


class local:
    def __getattr__(self, name):
        d = _local_data.get((id(self), _thread.get_ident()))
        if d is not None and name in d:
            return d[name]
        raise AttributeError("'_thread._local' object has no attribute '%s'" % name)

    def __setattr__(self, name, value):
        key = (id(self), _thread.get_ident())
        d = _local_data.get(key)
        if d is None:
            d = {}
            _local_data[key] = d
        d[name] = value

    def __delattr__(self, name):
        d = _local_data.get((id(self), _thread.get_ident()))
        if d is None or name not in d:
            raise AttributeError(name)
        del d[name]


def current_thread():
    t = _active.get(_thread.get_ident())
    if t is None:
        return _DummyThread()
    return t


currentThread = current_thread


def main_thread():
    return _main_thread


def active_count():
    return len(_active)


activeCount = active_count


def enumerate():
    return list(_active.values())


def _shutdown():
    # The main program waits for every non-daemon thread, as CPython does.
    while True:
        waiting = None
        for t in list(_active.values()):
            if t is not _main_thread and not t.daemon and t._handle is not None and t.is_alive():
                waiting = t
                break
        if waiting is None:
            return
        waiting.join()


TIMEOUT_MAX = 9223372036.0
_main_thread = _MainThread()


def _stopped():
    return False


def _after_fork(parent_ident):
    # In a child process, the thread that forked is the only one left and
    # becomes the main thread (CPython's threading._after_fork).
    global _active, _main_thread, _local_data
    me = _active.get(parent_ident, _main_thread)
    for t in _active.values():
        if t is not me:
            t._handle = None
            t.is_alive = _stopped
    me.ident = _thread.get_ident()
    me.native_id = me.ident
    _active = {me.ident: me}
    _main_thread = me
    _local_data = {}
