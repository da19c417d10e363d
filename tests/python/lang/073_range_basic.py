# range objects: repr, len, indexing, slicing, membership, negative steps.
r = range(10)
print(r, repr(range(2, 8)), range(0, 10, 3), range(5, -5, -2))
print(len(r), len(range(2, 8)), len(range(0, 10, 3)), len(range(10, 0)), len(range(5, -5, -2)))
print(list(range(5)), list(range(2, 5)), list(range(10, 0, -3)), list(range(0)), list(range(-3)))
print(r[0], r[-1], r[5], range(0, 10, 3)[-1], range(10, 0, -3)[2])
print(r[2:5], r[::2], r[::-1], r[1:8:3], range(0, 20, 2)[3:])
print(list(r[::-1]), list(range(0, 20, 2)[::-2]))
print(5 in r, 10 in r, -1 in r, 4 in range(0, 10, 2), 5 in range(0, 10, 2))
print(r.index(7), range(0, 20, 5).index(15), range(0, 10, 3).count(6))
print(range(3) == range(0, 3), range(0) == range(2, 2), range(0, 3, 2) == range(0, 4, 2))
print(sum(range(101)), max(range(7)), min(range(3, 9)))
try:
    range(0, 10, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    r[10]
except IndexError as e:
    print("IndexError:", e)
try:
    r.index(99)
except ValueError as e:
    print("ValueError:", e)
try:
    range(1.5)
except TypeError as e:
    print("TypeError:", e)
print(range(2 ** 100)[-1], len(range(0, 2 ** 40, 2 ** 20)))
print(bool(range(0)), bool(range(1)), list(reversed(range(3))))
