# Value typecodes: 'i' int, 'd' double; children write, the parent reads.
import multiprocessing as mp

def update(i, d):
    i.value = i.value * 2 + 1
    d.value = d.value / 4

if __name__ == "__main__":
    i = mp.Value("i", 20)
    d = mp.Value("d", 1.5)
    print(i.value, d.value)
    p = mp.Process(target=update, args=(i, d))
    p.start()
    p.join()
    print(i.value, d.value)
    raw = mp.Value("i", 5, lock=False)
    raw.value += 1
    print(raw.value)
