# sum/min/max with start, key, default and multiple arguments.
print(sum([1, 2, 3]), sum([1, 2, 3], 10), sum([]), sum([], 5), sum([0.5, 0.25]))
print(sum([[1], [2, 3]], []), sum(((1,), (2,)), ()))
print(min(3, 1, 2), max(3, 1, 2), min([4, 2, 8]), max("hello"), min("hello"))
words = ["kiwi", "fig", "banana", "apple", "cherry"]
print(min(words, key=len), max(words, key=len), max(words), min(words))
print(max([], default="empty"), min([], default=None), max([5], default=0))
print(max([1, 3, 2], key=lambda x: -x), min(["b", "A", "c"], key=str.lower))
print(max([(1, "b"), (1, "a")]), min([(2, 1), (1, 2)], key=lambda t: t[1]))
print(max(1, 2.5), min(-0.0, 0.0), max(0.0, -0.0), max(True, 1), max(1, True))
print(max(["aa", "bb", "cc"], key=len), min(["aa", "bb", "cc"], key=len))
print(sum(x * x for x in range(10)), max(x % 7 for x in range(20)))
try:
    max([])
except ValueError as e:
    print("ValueError:", e)
try:
    min(())
except ValueError as e:
    print("ValueError:", e)
try:
    sum(["a", "b"])
except TypeError as e:
    print("TypeError:", e)
try:
    sum(["a", "b"], "")
except TypeError as e:
    print("TypeError:", e)
try:
    max(1, "a")
except TypeError as e:
    print("TypeError:", e)
try:
    max(5)
except TypeError as e:
    print("TypeError:", e)
