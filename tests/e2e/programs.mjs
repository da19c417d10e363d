// A generator of random, valid concurrent Python programs whose output
// does not depend on the schedule: threads, locks, queues, pools,
// processes, events, barriers, conditions, semaphores and futures, each
// with random sizes, combined at random. What the threads compute is
// collected and printed in an order of its own (sorted, or totals), so
// CPython's stdout is the expected output whatever the interleaving and
// whether the GIL is on or off.
//
// Rarely, a program deadlocks on purpose (two locks taken in opposite
// orders behind a barrier): the page must say so and Reset must recover.
// CPython would hang on it, so it has no expected output.
//
// Used by programs.test.mjs (1,000 programs in one page with
// LOCKSTEP_PROGRAMS=1000; a few dozen in the default test command).

/** A small seeded generator (mulberry32), so a failing seed reproduces. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = xs => xs[Math.floor(next() * xs.length)];
  return { next, int, pick };
}

// Each block gets a suffix `k`, so blocks never share a name.
const BLOCKS = {
  counter(r, k) {
    const n = r.int(1, 8), m = r.int(0, 300), kind = r.pick(['Lock', 'RLock']);
    const nested = kind === 'RLock' && r.int(0, 1);
    return `
total${k} = 0
lock${k} = threading.${kind}()
def add${k}(m):
    global total${k}
    for _ in range(m):
        with lock${k}:
${nested ? `            with lock${k}:\n                total${k} += 1` : `            total${k} += 1`}
ts${k} = [threading.Thread(target=add${k}, args=(${m},)) for _ in range(${n})]
for t in ts${k}:
    t.start()
for t in ts${k}:
    t.join()
print("counter${k}", total${k}, ${n * m})
`;
  },

  queue(r, k) {
    const p = r.int(1, 3), c = r.int(1, 3), items = r.int(0, 30), size = r.int(0, 5);
    return `
q${k} = queue.Queue(${size})
got${k} = []
glock${k} = threading.Lock()
def produce${k}(i):
    for j in range(${items}):
        q${k}.put(i * 1000 + j)
def consume${k}():
    while True:
        x = q${k}.get()
        if x is None:
            break
        with glock${k}:
            got${k}.append(x)
ps${k} = [threading.Thread(target=produce${k}, args=(i,)) for i in range(${p})]
cs${k} = [threading.Thread(target=consume${k}) for _ in range(${c})]
for t in ps${k} + cs${k}:
    t.start()
for t in ps${k}:
    t.join()
for _ in cs${k}:
    q${k}.put(None)
for t in cs${k}:
    t.join()
print("queue${k}", len(got${k}), sum(got${k}), sorted(got${k})[:5])
`;
  },

  pool(r, k) {
    const w = r.int(1, 4), n = r.int(0, 12), c = r.int(0, 9);
    const how = r.pick(['Pool', 'ThreadPool', 'ProcessPoolExecutor', 'ThreadPoolExecutor']);
    const call = r.pick(['map', 'imap_unordered', 'starmap', 'apply_async']);
    const f = `def f${k}(x):\n    return x * x + ${c}\ndef g${k}(x, y):\n    return x * y - ${c}\n`;
    if (how === 'Pool' || how === 'ThreadPool') {
      const mod = how === 'Pool' ? 'multiprocessing.Pool' : 'multiprocessing.pool.ThreadPool';
      const body = {
        map: `sorted(p.map(f${k}, range(${n})))`,
        imap_unordered: `sorted(p.imap_unordered(f${k}, range(${n})))`,
        starmap: `p.starmap(g${k}, [(i, i + 1) for i in range(${n})])`,
        apply_async: `[a.get() for a in [p.apply_async(f${k}, (i,)) for i in range(${n})]]`,
      }[call];
      return `
${f}with ${mod}(${w}) as p:
    res${k} = ${body}
print("pool${k}", res${k})
`;
    }
    const mod = `concurrent.futures.${how}`;
    return r.int(0, 1) ? `
${f}with ${mod}(max_workers=${w}) as ex:
    res${k} = list(ex.map(f${k}, range(${n})))
print("futures${k}", res${k})
` : `
${f}with ${mod}(max_workers=${w}) as ex:
    fs${k} = [ex.submit(f${k}, i) for i in range(${n})]
    res${k} = sorted(fu.result() for fu in concurrent.futures.as_completed(fs${k}))
print("futures${k}", res${k})
`;
  },

  processes(r, k) {
    const n = r.int(1, 4), m = r.int(0, 50);
    return `
v${k} = multiprocessing.Value('i', 0)
def bump${k}(v, m):
    for _ in range(m):
        with v.get_lock():
            v.value += 1
pr${k} = [multiprocessing.Process(target=bump${k}, args=(v${k}, ${m})) for _ in range(${n})]
for p in pr${k}:
    p.start()
for p in pr${k}:
    p.join()
print("value${k}", v${k}.value, [p.exitcode for p in pr${k}])
`;
  },

  pipe(r, k) {
    const n = r.int(0, 10);
    return `
def child${k}(conn):
    while True:
        x = conn.recv()
        if x is None:
            break
        conn.send(x * 2)
    conn.close()
a${k}, b${k} = multiprocessing.Pipe()
cp${k} = multiprocessing.Process(target=child${k}, args=(b${k},))
cp${k}.start()
back${k} = []
for i in range(${n}):
    a${k}.send(i)
    back${k}.append(a${k}.recv())
a${k}.send(None)
cp${k}.join()
print("pipe${k}", back${k})
`;
  },

  barrier(r, k) {
    const n = r.int(1, 6);
    return `
bar${k} = threading.Barrier(${n})
seen${k} = []
slock${k} = threading.Lock()
def meet${k}(i):
    bar${k}.wait()
    with slock${k}:
        seen${k}.append(i)
bs${k} = [threading.Thread(target=meet${k}, args=(i,)) for i in range(${n})]
for t in bs${k}:
    t.start()
for t in bs${k}:
    t.join()
print("barrier${k}", sorted(seen${k}))
`;
  },

  event(r, k) {
    const n = r.int(1, 5), s = r.pick(['0', '0.01', '0.05']);
    return `
ev${k} = threading.Event()
woke${k} = []
wlock${k} = threading.Lock()
def waiter${k}(i):
    ev${k}.wait()
    with wlock${k}:
        woke${k}.append(i)
es${k} = [threading.Thread(target=waiter${k}, args=(i,)) for i in range(${n})]
for t in es${k}:
    t.start()
time.sleep(${s})
ev${k}.set()
for t in es${k}:
    t.join()
print("event${k}", sorted(woke${k}), ev${k}.is_set())
`;
  },

  condition(r, k) {
    const n = r.int(0, 20);
    return `
cv${k} = threading.Condition()
box${k} = []
taken${k} = []
def maker${k}():
    for i in range(${n}):
        with cv${k}:
            box${k}.append(i)
            cv${k}.notify()
def taker${k}():
    for _ in range(${n}):
        with cv${k}:
            while not box${k}:
                cv${k}.wait()
            taken${k}.append(box${k}.pop(0))
cm${k} = threading.Thread(target=maker${k})
ct${k} = threading.Thread(target=taker${k})
ct${k}.start()
cm${k}.start()
cm${k}.join()
ct${k}.join()
print("condition${k}", taken${k})
`;
  },

  semaphore(r, k) {
    const s = r.int(1, 3), n = r.int(1, 6);
    return `
sem${k} = threading.${r.pick(['Semaphore', 'BoundedSemaphore'])}(${s})
inside${k} = 0
most${k} = 0
mlock${k} = threading.Lock()
def visit${k}():
    global inside${k}, most${k}
    with sem${k}:
        with mlock${k}:
            inside${k} += 1
            most${k} = max(most${k}, inside${k})
        time.sleep(0.001)
        with mlock${k}:
            inside${k} -= 1
vs${k} = [threading.Thread(target=visit${k}) for _ in range(${n})]
for t in vs${k}:
    t.start()
for t in vs${k}:
    t.join()
print("semaphore${k}", most${k} <= ${s}, inside${k})
`;
  },

  local(r, k) {
    const n = r.int(1, 5);
    return `
loc${k} = threading.local()
res${k} = {}
rl${k} = threading.Lock()
def own${k}(i):
    loc${k}.x = i * 10
    time.sleep(0)
    with rl${k}:
        res${k}[i] = loc${k}.x
ls${k} = [threading.Thread(target=own${k}, args=(i,)) for i in range(${n})]
for t in ls${k}:
    t.start()
for t in ls${k}:
    t.join()
print("local${k}", sorted(res${k}.items()))
`;
  },

  error(r, k) {
    // An exception inside a worker comes back through the pool or future.
    const how = r.pick(['future', 'pool']);
    return how === 'future' ? `
def bad${k}(x):
    return 10 // x
with concurrent.futures.ThreadPoolExecutor(2) as ex:
    fu${k} = ex.submit(bad${k}, 0)
    try:
        fu${k}.result()
    except ZeroDivisionError as e:
        print("error${k}", type(e).__name__, e)
` : `
def bad${k}(x):
    return [1, 2][x]
with multiprocessing.pool.ThreadPool(2) as p:
    try:
        p.map(bad${k}, [0, 1, 5])
    except IndexError as e:
        print("error${k}", type(e).__name__, e)
`;
  },
};

const HEADER = [
  'import threading, queue, time',
  'import multiprocessing, multiprocessing.pool',
  'import concurrent.futures',
].join('\n');

const DEADLOCK = `
la = threading.Lock()
lb = threading.Lock()
meet = threading.Barrier(2)
def one():
    with la:
        meet.wait()
        with lb:
            pass
def two():
    with lb:
        meet.wait()
        with la:
            pass
t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
`;

/** Program number `seed`: its source, the GIL mode to run it in, and
 *  whether it deadlocks on purpose. */
export function program(seed) {
  const r = rng(seed * 2654435761);
  const names = Object.keys(BLOCKS);
  const parts = [HEADER];
  const n = r.int(1, 3);
  for (let k = 0; k < n; k++) parts.push(BLOCKS[r.pick(names)](r, k).trimEnd());
  const deadlock = r.int(1, 40) === 1;
  if (deadlock) parts.push(DEADLOCK.trimEnd());
  return { seed, src: parts.join('\n') + '\n', gil: r.pick(['on', 'off']), deadlock };
}
