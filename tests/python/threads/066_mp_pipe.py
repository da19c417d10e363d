# mp.Pipe: duplex by default; send/recv/poll across a process boundary.
import multiprocessing as mp

def echo(conn):
    while True:
        msg = conn.recv()
        if msg == "stop":
            conn.send("stopping")
            conn.close()
            return
        conn.send(msg * 2)

if __name__ == "__main__":
    parent, child = mp.Pipe()
    p = mp.Process(target=echo, args=(child,))
    p.start()
    for m in [1, "ab", [3], (4,)]:
        parent.send(m)
        print(parent.recv())
    parent.send("stop")
    print(parent.recv())
    p.join()
    print("poll with nothing waiting:", parent.poll(0.01))
