# time.time/monotonic/perf_counter move forward across a sleep (values not printed).
import time

t0, m0, p0 = time.time(), time.monotonic(), time.perf_counter()
time.sleep(0.02)
t1, m1, p1 = time.time(), time.monotonic(), time.perf_counter()
print(type(t0).__name__, type(m0).__name__, type(p0).__name__)
print("monotonic advanced >= 0.02:", m1 - m0 >= 0.019)
print("perf_counter advanced >= 0.02:", p1 - p0 >= 0.019)
print("time advanced:", t1 > t0)
print("elapsed under 1 s:", m1 - m0 < 1)
time.sleep(0)
print("sleep(0) ok")
try:
    time.sleep(-1)
except ValueError as e:
    print("ValueError:", e)
