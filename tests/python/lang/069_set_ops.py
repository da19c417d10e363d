# Set operators on small ints (their iteration order is deterministic).
a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference(b))
print(a.union([7, 8], (9,)), a.intersection(range(3)))
print(a <= b, {3, 4} <= a, {3, 4} < a, a < a, a <= a, a >= {1}, a > a)
print(a == {4, 3, 2, 1}, a != b, {1, 2} == {2, 1, 1})
print(a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint({9, 10}), a.isdisjoint(b))
c = set(a)
c |= {10}
c &= {1, 2, 10, 11}
c -= {2}
c ^= {1, 20}
print(c)
print(len(a | b), 3 in a, 7 in a, 7 not in a)
print(set(), set([]), set(range(5)), set([3, 3, 1]))
print(sorted({"pear", "apple", "fig"} | {"kiwi"}))
print(sorted({"pear", "apple"} & {"apple", "x"}))
try:
    a | [1]
except TypeError as e:
    print("TypeError:", e)
