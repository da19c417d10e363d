# any/all, empty iterables, and short-circuiting with generators.
print(any([]), all([]), any([0, 0]), all([1, 1]), any([0, 1]), all([1, 0]))
print(any(["", None, 0.0]), all(["a", 1, [0]]), any("abc"), all(""))
calls = []
def check(x):
    calls.append(x)
    return x > 2
print(any(check(x) for x in [1, 2, 3, 4, 5]), calls)
calls.clear()
print(all(check(x) for x in [3, 4, 1, 5]), calls)
calls.clear()
print(any([check(x) for x in [3, 4]]), calls)
nums = [2, 4, 6, 7]
print(all(n % 2 == 0 for n in nums), any(n % 2 for n in nums))
words = ["Apple", "banana"]
print(any(w[0].isupper() for w in words), all(w[0].isupper() for w in words))
print(any(x for x in range(0)), all(x for x in range(1, 3)))
print(any(x is None for x in [1, None]), all(isinstance(x, int) for x in [1, True]))
