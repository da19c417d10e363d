# PriorityQueue returns the smallest item first; ties broken by the next tuple field.
import queue

pq = queue.PriorityQueue()
for item in [(3, "low"), (1, "urgent"), (2, "normal"), (1, "also urgent"), (5, "later")]:
    pq.put(item)
out = []
while not pq.empty():
    out.append(pq.get())
print(out)
pq2 = queue.PriorityQueue()
for n in [5, 3, 9, 1, 7]:
    pq2.put(n)
print([pq2.get() for _ in range(5)])
