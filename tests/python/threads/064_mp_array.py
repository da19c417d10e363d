# mp.Array shared between processes; each child fills its own slice.
import multiprocessing as mp

def fill(arr, start, stop):
    for k in range(start, stop):
        arr[k] = k * k

if __name__ == "__main__":
    arr = mp.Array("i", 10)
    print(list(arr))
    ps = [mp.Process(target=fill, args=(arr, s, s + 5)) for s in (0, 5)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(list(arr), len(arr), arr[3], arr[-1], arr[2:5])
    d = mp.Array("d", [0.5, 1.5])
    print(d[:], sum(d))
