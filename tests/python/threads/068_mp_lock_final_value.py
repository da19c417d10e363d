# Two processes, lock held around each whole loop, started together: only the final value is printed.
import multiprocessing as mp
import time

def job(v, num, l):
    with l:
        for _ in range(5):
            time.sleep(0.002)
            v.value += num

if __name__ == "__main__":
    l = mp.Lock()
    v = mp.Value("i", 0)
    ps = [mp.Process(target=job, args=(v, n, l)) for n in (1, 3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("final:", v.value)
    print("exitcodes:", [p.exitcode for p in ps])
