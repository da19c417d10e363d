# Split a sum into chunks, one thread per chunk, results stored by index.
import threading

data = list(range(1, 10001))
K = 4
partial = [None] * K

def chunk_sum(k):
    size = len(data) // K
    partial[k] = sum(data[k * size:(k + 1) * size])

threads = [threading.Thread(target=chunk_sum, args=(k,)) for k in range(K)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(partial)
print(sum(partial), sum(data), sum(partial) == 10000 * 10001 // 2)
