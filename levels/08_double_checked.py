# title: Load it once
# title.zh: 只加载一次
# story: Loading the settings is slow, so they are loaded the first time a
#   thread asks for them and kept in a global. A lock makes sure that only
#   one thread at a time can load them.
# story.zh: 加载设置很慢，所以要等到第一次有线程需要时才加载，并保存在一个全局变量里。一把锁确保同一时间只有一个线程能加载设置。
# goal: exception
# hint: The lock stops two loads at the same time. Does it stop two loads one after the other?
# hint.zh: 这把锁能阻止两次加载同时进行。它能阻止两次加载先后进行吗？
# hint: `config is None` is checked before the lock is taken, and never after.
# hint.zh: `config is None` 是在获取锁之前检查的，之后再也没有检查过。
# hint: Let both threads find config is None, then let them take the lock in turn.
# hint.zh: 让两个线程都看到 config is None，然后让它们轮流获取锁。
# promise: prints "loaded 1 time, themes ['dark', 'dark']"
# promise.zh: 打印 "loaded 1 time, themes ['dark', 'dark']"
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
