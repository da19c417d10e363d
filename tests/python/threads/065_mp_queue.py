# mp.Queue: a writer process puts A B C D, the parent reads them in order.
from multiprocessing import Process, Queue

def write(q):
    for ch in ["A", "B", "C", "D"]:
        q.put(ch)
    q.put(None)

if __name__ == "__main__":
    q = Queue()
    pw = Process(target=write, args=(q,))
    pw.start()
    got = []
    while True:
        v = q.get(True)
        if v is None:
            break
        got.append(v)
    pw.join()
    print(got)
    print("writer exitcode:", pw.exitcode)
