# reversed() over lists, tuples, strings, ranges and dicts.
print(list(reversed([1, 2, 3])), tuple(reversed((1, 2))), "".join(reversed("abc")))
print(list(reversed(range(5))), list(reversed(range(0, 10, 3))))
print(list(reversed({"a": 1, "b": 2})))
xs = [1, 2, 3]
r = reversed(xs)
print(next(r), list(r), xs)
for i in reversed(range(3)):
    print("countdown", i)
print([c for c in reversed("中文字")])
try:
    reversed({1, 2})
except TypeError as e:
    print("TypeError:", e)
try:
    reversed(5)
except TypeError as e:
    print("TypeError:", e)
print(list(reversed([])))
