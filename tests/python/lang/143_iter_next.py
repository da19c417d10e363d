# iter() and next(), default values, StopIteration.
it = iter([1, 2, 3])
print(next(it), next(it), next(it))
print(next(it, "exhausted"), next(it, None))
try:
    next(it)
except StopIteration as e:
    print("StopIteration", repr(e), str(e) == "")
s = iter("ab")
print(list(s), list(s))
d = iter({"x": 1, "y": 2})
print(next(d), next(d))
r = iter(range(3))
next(r)
print(list(r))
it2 = iter([1, 2, 3, 4])
for v in it2:
    if v == 2:
        break
print("rest:", list(it2))
a = iter([1, 2, 3, 4, 5, 6])
print(list(zip(a, a)))
try:
    next([1, 2])
except TypeError as e:
    print("TypeError:", e)
try:
    iter(5)
except TypeError as e:
    print("TypeError:", e)
t = iter((10,))
print(next(t), next(t, -1))
