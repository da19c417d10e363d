# list.append is atomic under the GIL: 4 threads x 1000 appends give 4000 items.
import threading

items = []

def add(tag):
    for i in range(1000):
        items.append((tag, i))

threads = [threading.Thread(target=add, args=(t,)) for t in "abcd"]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(items))
for tag in "abcd":
    mine = [i for (t, i) in items if t == tag]
    print(tag, len(mine), mine == list(range(1000)))
