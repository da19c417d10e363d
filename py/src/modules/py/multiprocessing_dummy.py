# multiprocessing.dummy: multiprocessing's API on threads.
import threading
from multiprocessing.pool import ThreadPool
from threading import Lock, RLock, Semaphore, BoundedSemaphore, Event, Condition, Barrier, current_thread
from queue import Queue

Process = threading.Thread
JoinableQueue = Queue


def Pool(processes=None, initializer=None, initargs=()):
    return ThreadPool(processes, initializer, initargs)


def active_children():
    return [t for t in threading.enumerate() if t is not threading.main_thread()]
