# multiprocessing, over _mp (vm/process.rs, modules/mp.rs). A process is
# modelled: a new interpreter on its own worker with a copy of this one's
# objects at start() (fork semantics, as on Linux), its own GIL and a fake
# pid. Only the objects made here (Lock, Value, Array, Queue, Pipe...) are
# shared between processes. Names and messages follow CPython 3.11's
# Lib/multiprocessing/process.py and queues.py.
import _mp
import _thread
import threading
import queue as _queue

_process_counter = 0
_children = []


def cpu_count():
    return _mp.cpu_count


class ProcessError(Exception):
    pass


class BufferTooShort(ProcessError):
    pass


class TimeoutError(ProcessError):
    pass


class AuthenticationError(ProcessError):
    pass


class Process:
    _h = None

    def __init__(self, group=None, target=None, name=None, args=(), kwargs={}, *, daemon=None):
        global _process_counter
        _process_counter += 1
        parent = current_process()
        self._identity = parent._identity + (_process_counter,)
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs)
        self._parent_pid = _mp.getpid()
        self._popen = None
        if name is None:
            name = type(self).__name__ + "-" + ":".join([str(i) for i in self._identity])
        self.name = name
        self.daemon = parent.daemon if daemon is None else daemon
        self.pid = None
        self._started = False
        self._closed = False

    def run(self):
        if self._target:
            self._target(*self._args, **self._kwargs)

    def start(self):
        if self._started:
            raise AssertionError("cannot start a process twice")
        if self._parent_pid != _mp.getpid():
            raise AssertionError("can only start a process object created by current process")
        if current_process().daemon:
            raise AssertionError("daemonic processes are not allowed to have children")
        self._started = True
        _children.append(self)
        self._h = _mp.start(self._bootstrap, self.name, self.daemon)
        self.pid = _mp.pid(self._h)

    def _bootstrap(self):
        # Runs in the child, on the child's copy of this object.
        global _current_process, _process_counter, _children, _parent_process
        _parent_process = _ParentProcess(current_process().name, self._parent_pid)
        _current_process = self
        _process_counter = 0
        _children = []
        self.pid = _mp.getpid()
        self.run()

    def join(self, timeout=None):
        self._check_closed()
        if self._parent_pid != _mp.getpid():
            raise AssertionError("can only join a child process")
        if self._h is None:
            raise AssertionError("can only join a started process")
        _mp.join(self._h, timeout)

    def _check_closed(self):
        if self._closed:
            raise ValueError("process object is closed")

    def is_alive(self):
        self._check_closed()
        if self is _current_process:
            return True
        if self._parent_pid != _mp.getpid():
            raise AssertionError("can only test a child process")
        if self._h is None:
            return False
        return _mp.is_alive(self._h)

    def terminate(self):
        self._check_closed()
        if self._h is None:
            raise AttributeError("'NoneType' object has no attribute 'terminate'")
        _mp.terminate(self._h, 15)

    def kill(self):
        self._check_closed()
        if self._h is None:
            raise AttributeError("'NoneType' object has no attribute 'kill'")
        _mp.terminate(self._h, 9)

    def close(self):
        if self._h is not None and _mp.is_alive(self._h):
            raise ValueError("Cannot close a process while it is still running. You should first call join() or terminate().")
        self._closed = True

    def __getattr__(self, name):
        if name == "exitcode":
            if self._h is None:
                return None
            return _mp.exitcode(self._h)
        if name == "ident":
            return self.pid
        if name == "sentinel":
            if self._h is None:
                raise ValueError("process not started")
            # A file descriptor in CPython (modelled: a small int).
            return 3 + self._h
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))

    def __repr__(self):
        if self is _current_process:
            status = "started"
        elif self._h is None:
            status = "initial"
        else:
            code = _mp.exitcode(self._h)
            if code is None:
                status = "started"
            elif code == 0:
                status = "stopped"
            else:
                status = "stopped exitcode=%s" % _SIGNAL_NAMES.get(code, code)
        info = [type(self).__name__, "name=%r" % self.name]
        if self._h is not None:
            info.append("pid=%s" % self.pid)
        info.append("parent=%s" % self._parent_pid)
        info.append(status)
        if self.daemon:
            info.append("daemon")
        return "<%s>" % " ".join(info)


class _MainProcess(Process):
    def __init__(self):
        self._identity = ()
        self.name = "MainProcess"
        self.daemon = False
        self._parent_pid = None
        self.pid = _mp.getpid()
        self._started = True
        self._target = None

    def __getattr__(self, name):
        if name == "exitcode":
            return None
        return Process.__getattr__(self, name)

    def __repr__(self):
        return "<_MainProcess name='MainProcess' parent=None started>"


_SIGNAL_NAMES = {-1: "-SIGHUP", -2: "-SIGINT", -9: "-SIGKILL", -15: "-SIGTERM"}


class _ParentProcess:
    # What parent_process() gives in a child.
    def __init__(self, name, pid):
        self.name = name
        self.pid = pid
        self.ident = pid
        self.daemon = False

    def is_alive(self):
        return True

    def join(self, timeout=None):
        pass

    def __repr__(self):
        return "<_ParentProcess name=%r parent=None unknown>" % self.name


_current_process = _MainProcess()
_parent_process = None


def current_process():
    return _current_process


def parent_process():
    return _parent_process


def active_children():
    global _children
    _children = [p for p in _children if p._h is not None and _mp.is_alive(p._h)]
    return list(_children)


def get_start_method(allow_none=False):
    return "fork"


def set_start_method(method, force=False):
    if method != "fork":
        raise ValueError("Lockstep models the 'fork' start method only (Linux's default in 3.11)")


def freeze_support():
    pass


# Synchronisation: threading's primitives made shared between processes
# (the same core objects in every process, not copies), with CPython's
# multiprocessing.synchronize behaviour where it differs.
class Lock(threading.Lock):
    _inheritance_only = "Lock"

    def __init__(self):
        threading.Lock.__init__(self)
        _mp.share(self._h)

    def __repr__(self):
        return "<Lock(owner=%s)>" % ("SomeOtherProcess" if self.locked() else "None")


class RLock(threading.RLock):
    _inheritance_only = "Lock"

    def __init__(self):
        threading.RLock.__init__(self)
        _mp.share(self._h)

    def __repr__(self):
        return "<RLock(None, 0)>"


class Semaphore(threading.Semaphore):
    _inheritance_only = "Semaphore"

    def __init__(self, value=1):
        threading.Semaphore.__init__(self, value)
        _mp.share(self._h)

    def get_value(self):
        return self._value_get()

    def __repr__(self):
        return "<Semaphore(value=%s)>" % self.get_value()


class BoundedSemaphore(threading.BoundedSemaphore):
    _inheritance_only = "Semaphore"

    def __init__(self, value=1):
        threading.BoundedSemaphore.__init__(self, value)
        _mp.share(self._h)

    def get_value(self):
        return self._value_get()


class Event(threading.Event):
    _inheritance_only = "Condition"

    def __init__(self):
        threading.Event.__init__(self)
        _mp.share(self._h)


class Condition:
    # CPython's multiprocessing.synchronize.Condition: waiters are counted
    # in shared semaphores, not kept in a list (a list would be copied).
    _inheritance_only = "Condition"

    def __init__(self, lock=None):
        self._lock = lock or RLock()
        self._sleeping_count = threading._hidden(Semaphore, 0)
        self._woken_count = threading._hidden(Semaphore, 0)
        self._wait_semaphore = threading._hidden(Semaphore, 0)

    def acquire(self, blocking=True, timeout=None):
        if timeout is None:
            return self._lock.acquire(blocking)
        return self._lock.acquire(blocking, timeout)

    def release(self):
        self._lock.release()

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def wait(self, timeout=None):
        if not self._lock._is_owned():
            raise AssertionError("must acquire() condition before using wait()")
        self._sleeping_count.release()
        state = self._lock._release_save()
        try:
            return self._wait_semaphore.acquire(True, timeout)
        finally:
            self._woken_count.release()
            self._lock._acquire_restore(state)

    def notify(self, n=1):
        if not self._lock._is_owned():
            raise AssertionError("lock is not owned")
        # Account for waiters that timed out since the last notify.
        while self._woken_count.acquire(False):
            self._sleeping_count.acquire(False)
        sleepers = 0
        while sleepers < n and self._sleeping_count.acquire(False):
            self._wait_semaphore.release()
            sleepers += 1
        if sleepers:
            for i in range(sleepers):
                self._woken_count.acquire()
            while self._wait_semaphore.acquire(False):
                pass

    def notify_all(self):
        self.notify(2147483647)

    # The same loop as threading.Condition's (it only calls wait()).
    wait_for = threading.Condition.wait_for


class Barrier(threading.Barrier):
    # threading's Barrier over a process Condition, its state and count in
    # shared memory (CPython keeps them in a shared array too).
    _inheritance_only = "Condition"

    def __init__(self, parties, action=None, timeout=None):
        if parties < 1:
            raise ValueError("parties must be > 0")
        _thread.setattr_raw(self, "_cells", threading._hidden(_mp.cells, "Barrier", "i", [0, 0]))
        self._cond = threading._hidden(Condition, threading._hidden(Lock))
        self._action = action
        self._timeout = timeout
        self._parties = parties
        self._state = 0
        self._count = 0

    def __setattr__(self, name, value):
        if name == "_state":
            _mp.cell_set(self._cells, 0, value)
        elif name == "_count":
            _mp.cell_set(self._cells, 1, value)
        else:
            _thread.setattr_raw(self, name, value)

    def __getattr__(self, name):
        if name == "_state":
            return _mp.cell_get(self._cells, 0)
        if name == "_count":
            return _mp.cell_get(self._cells, 1)
        return threading.Barrier.__getattr__(self, name)


# Shared memory.
_typecode_names = {"i": "c_int", "d": "c_double", "f": "c_float", "l": "c_long", "q": "c_longlong",
                   "b": "c_byte", "h": "c_short", "I": "c_uint", "L": "c_ulong", "Q": "c_ulonglong",
                   "B": "c_ubyte", "H": "c_ushort"}


class _Synchronized:
    # What Value and Array share: their lock, and `with v:` taking it.
    def get_lock(self):
        return self._lock

    def get_obj(self):
        return self

    def acquire(self, *args):
        return self._lock.acquire(*args)

    def release(self):
        return self._lock.release()

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)


class _SharedValue(_Synchronized):
    _inheritance_only = "Synchronized"

    def __init__(self, typecode, value, lock):
        self._typecode = typecode
        self._cells = _mp.cells("Value", typecode, [value])
        if lock is True or lock is None:
            _thread.name_next("%s.get_lock()")
            lock = RLock()
        self._lock = lock

    def __getattr__(self, name):
        if name == "value":
            return _mp.cell_get(self._cells, 0)
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))

    def __setattr__(self, name, value):
        if name == "value":
            _mp.cell_set(self._cells, 0, value)
        else:
            _thread.setattr_raw(self, name, value)


    def __repr__(self):
        name = _typecode_names.get(self._typecode, self._typecode)
        return "<Synchronized wrapper for %s(%r)>" % (name, self.value)


class _RawValue(_SharedValue):
    def get_lock(self):
        raise AttributeError("'%s' object has no attribute 'get_lock'" % _typecode_names.get(self._typecode, "c_int"))

    def __repr__(self):
        return "%s(%r)" % (_typecode_names.get(self._typecode, self._typecode), self.value)


def Value(typecode_or_type, *args, lock=True):
    value = args[0] if args else 0
    if lock is False:
        return _RawValue(typecode_or_type, value, False)
    return _SharedValue(typecode_or_type, value, lock)


def RawValue(typecode_or_type, *args):
    return Value(typecode_or_type, *args, lock=False)


def _slice_range(s, n):
    # slice.indices(n), as a range.
    step = 1 if s.step is None else s.step
    if step == 0:
        raise ValueError("slice step cannot be zero")
    lo, hi = (0, n) if step > 0 else (-1, n - 1)
    def clamp(v, default):
        if v is None:
            return default
        if v < 0:
            v += n
            return lo if v < lo else v
        return hi if v > hi else v
    start = clamp(s.start, lo if step > 0 else hi)
    stop = clamp(s.stop, hi if step > 0 else lo)
    return range(start, stop, step)


class _SharedArray(_Synchronized):
    _inheritance_only = "SynchronizedArray"

    def __init__(self, typecode, init, lock):
        if isinstance(init, int):
            init = [0] * init
        self._typecode = typecode
        self._cells = _mp.cells("Array", typecode, list(init))
        if lock is True or lock is None:
            _thread.name_next("%s.get_lock()")
            lock = RLock()
        self._lock = lock

    def __len__(self):
        return _mp.cell_len(self._cells)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [_mp.cell_get(self._cells, k) for k in _slice_range(i, len(self))]
        return _mp.cell_get(self._cells, i)

    def __setitem__(self, i, value):
        if isinstance(i, slice):
            ks = _slice_range(i, len(self))
            value = list(value)
            if len(value) != len(ks):
                raise ValueError("Can only assign sequence of same size")
            for k, v in zip(ks, value):
                _mp.cell_set(self._cells, k, v)
            return
        _mp.cell_set(self._cells, i, value)

    def __iter__(self):
        return iter([_mp.cell_get(self._cells, k) for k in range(len(self))])


    def __repr__(self):
        name = _typecode_names.get(self._typecode, self._typecode)
        return "<SynchronizedArray wrapper for %s_Array_%d>" % (name, len(self))


def Array(typecode_or_type, size_or_initializer, *, lock=True):
    return _SharedArray(typecode_or_type, size_or_initializer, lock)


def RawArray(typecode_or_type, size_or_initializer):
    return _SharedArray(typecode_or_type, size_or_initializer, False)


# Queues: items are copied at put() and arrive as copies, as pickling does.
class Queue:
    _inheritance_only = "Queue"

    def __init__(self, maxsize=0):
        # The traced queue is unbounded at 0 (the page draws it so);
        # full() compares with CPython's SEM_VALUE_MAX.
        self._h = _mp.queue("Queue", maxsize if maxsize > 0 else 0)
        if maxsize <= 0:
            maxsize = 2147483647
        self._maxsize = maxsize
        self._closed = False

    def put(self, obj, block=True, timeout=None):
        if self._closed:
            raise ValueError("Queue %r is closed" % self)
        if not _mp.q_put(self._h, obj, block, timeout):
            raise _queue.Full

    def get(self, block=True, timeout=None):
        if self._closed:
            raise ValueError("Queue %r is closed" % self)
        ok, item = _mp.q_get(self._h, block, timeout)
        if not ok:
            raise _queue.Empty
        return item

    def put_nowait(self, obj):
        return self.put(obj, False)

    def get_nowait(self):
        return self.get(False)

    def qsize(self):
        return _mp.q_size(self._h)

    def empty(self):
        return _mp.q_size(self._h) == 0

    def full(self):
        return _mp.q_size(self._h) >= self._maxsize

    def close(self):
        self._closed = True

    def join_thread(self):
        pass

    def cancel_join_thread(self):
        pass


class JoinableQueue(Queue):
    def task_done(self):
        _mp.q_task_done(self._h)

    def join(self):
        _mp.q_join(self._h)


class SimpleQueue(Queue):
    def __init__(self):
        Queue.__init__(self)

    def close(self):
        pass


class Connection:
    def __init__(self, rq, wq, readable, writable):
        self._rq = rq
        self._wq = wq
        self._readable = readable
        self._writable = writable
        self._closed = False
        self._peeked = []

    def _check_closed(self):
        if self._closed:
            raise OSError("handle is closed")

    def send(self, obj):
        self._check_closed()
        if not self._writable:
            raise OSError("connection is read-only")
        _mp.q_put(self._wq, obj, True, None)

    def recv(self):
        self._check_closed()
        if not self._readable:
            raise OSError("connection is write-only")
        if self._peeked:
            return self._peeked.pop(0)
        ok, item = _mp.q_get(self._rq, True, None)
        return item

    def poll(self, timeout=0.0):
        self._check_closed()
        if self._peeked:
            return True
        ok, item = _mp.q_get(self._rq, timeout is None or timeout > 0, timeout)
        if ok:
            self._peeked.append(item)
        return ok

    def close(self):
        self._closed = True

    def fileno(self):
        return self._rq

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()

    def __getattr__(self, name):
        if name == "closed":
            return self._closed
        if name == "readable":
            return self._readable
        if name == "writable":
            return self._writable
        raise AttributeError("'Connection' object has no attribute '%s'" % name)


def Pipe(duplex=True):
    a = _mp.queue("Pipe", 0)
    if duplex:
        b = _mp.queue("Pipe", 0)
        return Connection(a, b, True, True), Connection(b, a, True, True)
    return Connection(a, a, True, False), Connection(a, a, False, True)


def Manager():
    raise NotImplementedError("multiprocessing.Manager is not supported in Lockstep yet")


def Pool(processes=None, initializer=None, initargs=(), maxtasksperchild=None):
    from multiprocessing.pool import Pool
    return Pool(processes, initializer, initargs, maxtasksperchild)
