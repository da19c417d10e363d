# exitcode: 0 normally, 1 after an uncaught exception, N after sys.exit(N).
import multiprocessing as mp
import sys

def ok():
    pass

def fails():
    raise ValueError("child failure")

def exits():
    sys.exit(7)

def exits_msg():
    sys.exit("bye")

if __name__ == "__main__":
    for fn in [ok, fails, exits, exits_msg]:
        p = mp.Process(target=fn)
        p.start()
        p.join()
        print(fn.__name__, p.exitcode)
    print("parent unaffected")
