# Pipe(duplex=False): a one-way pipe from a child process to the parent.
import multiprocessing as mp

def produce(conn):
    for word in ["进程", "间", "通信"]:
        conn.send(word)
    conn.send(None)
    conn.close()

if __name__ == "__main__":
    recv_end, send_end = mp.Pipe(duplex=False)
    p = mp.Process(target=produce, args=(send_end,))
    p.start()
    words = []
    while True:
        w = recv_end.recv()
        if w is None:
            break
        words.append(w)
    p.join()
    print("".join(words), len(words))
    print("poll after end:", recv_end.poll(0.01))
