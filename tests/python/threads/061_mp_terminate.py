# terminate() ends a blocked child; exitcode is -SIGTERM (-15) on Linux.
import multiprocessing as mp

def block(ev):
    ev.wait(10)

if __name__ == "__main__":
    ev = mp.Event()
    p = mp.Process(target=block, args=(ev,))
    p.start()
    print("alive:", p.is_alive())
    p.terminate()
    p.join()
    print("alive after terminate:", p.is_alive())
    print("exitcode:", p.exitcode)
