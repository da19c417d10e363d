# Unbounded recursion raises RecursionError, which can be caught.
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print("RecursionError:", e)
    print(isinstance(e, RuntimeError))
depth = 0
def measure():
    global depth
    depth += 1
    measure()
try:
    measure()
except RecursionError:
    print("deep enough:", depth > 900, depth < 1001)
def ok(n):
    return 0 if n == 0 else 1 + ok(n - 1)
print(ok(500))
def again(n):
    return again(n)
try:
    again(1)
except RecursionError as e:
    print("caught again:", type(e).__name__)
print("still running")
