# title: Load it once
# story: Loading the settings is slow, so they are loaded the first time a
#   thread asks for them and kept in a global. A lock makes sure that only
#   one thread at a time can load them.
# goal: exception
# hint: The lock stops two loads at the same time. Does it stop two loads one after the other?
# hint: `config is None` is checked before the lock is taken, and never after.
# hint: Let both threads find config is None, then let them take the lock in turn.
# promise: prints "loaded 1 time, themes ['dark', 'dark']"
# solution: 1.1.1.2.2.2.2.2.2.2.2.2.1.1.1.1.1.1.1

import threading

config = None
loads = 0
themes = []
lock = threading.Lock()


def load_config():
    global loads
    loads += 1
    return {"theme": "dark"}


def get_config():
    global config
    if config is None:
        with lock:
            config = load_config()
    return config


def worker():
    themes.append(get_config()["theme"])


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=worker)
t1.start()
t2.start()
t1.join()
t2.join()

assert loads == 1, f"loaded {loads} times"
print(f"loaded {loads} time, themes {themes}")
