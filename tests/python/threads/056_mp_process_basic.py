# multiprocessing.Process: start, join, exitcode; child output appears before the parent's next print.
from multiprocessing import Process

def run_proc(name):
    print(f"child running {name}")

if __name__ == "__main__":
    print("parent start")
    p = Process(target=run_proc, args=("test",))
    print("before start: alive", p.is_alive(), "exitcode", p.exitcode)
    p.start()
    p.join()
    print("after join: alive", p.is_alive(), "exitcode", p.exitcode)
    print("parent end")
