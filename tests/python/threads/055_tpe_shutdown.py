# Submitting after shutdown raises RuntimeError.
from concurrent.futures import ThreadPoolExecutor

ex = ThreadPoolExecutor(2)
f = ex.submit(sum, [2, 10])
ex.shutdown(wait=True)
print(f.result(), f.done())
try:
    ex.submit(sum, [2, 3])
except RuntimeError as e:
    print("RuntimeError:", e)
with ThreadPoolExecutor(1) as ex2:
    pass
try:
    ex2.map(abs, [1])
except RuntimeError as e:
    print("RuntimeError:", e)
