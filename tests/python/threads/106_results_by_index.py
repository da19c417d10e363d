# Each thread writes only its own slot of a preallocated list: no lock needed.
import threading

words = ["alpha", "beta", "gamma", "delta", "epsilon"]
lengths = [0] * len(words)
uppers = [""] * len(words)

def process(i):
    lengths[i] = len(words[i])
    uppers[i] = words[i].upper()

ts = [threading.Thread(target=process, args=(i,)) for i in range(len(words))]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(lengths)
print(uppers)
