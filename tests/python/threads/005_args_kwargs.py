# Thread(target, args, kwargs) passes arguments through.
import threading

out = {}

def greet(idx, greeting, punct="!", *, upper=False):
    text = f"{greeting} #{idx}{punct}"
    out[idx] = text.upper() if upper else text

threads = [
    threading.Thread(target=greet, args=(0, "hello")),
    threading.Thread(target=greet, args=(1, "hi"), kwargs={"punct": "?"}),
    threading.Thread(target=greet, args=(2,), kwargs={"greeting": "hey", "upper": True}),
    threading.Thread(target=greet, kwargs={"idx": 3, "greeting": "你好", "punct": "！"}),
]
for t in threads:
    t.start()
for t in threads:
    t.join()
for k in sorted(out):
    print(k, out[k])
