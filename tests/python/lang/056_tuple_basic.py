# Tuples: creation, single-element syntax, repr, methods, immutability.
t = (1, 2, 3)
print(t, len(t), t[0], t[-1], t[1:])
single = (5,)
not_tuple = (5)
print(single, not_tuple, type(single), type(not_tuple))
print((), tuple(), tuple([1, 2]), tuple("ab"), tuple(range(3)))
bare = 1, 2, 3
print(bare, type(bare))
print(t + (4,), t * 2, (0,) * 3)
print(t.count(2), t.index(3), 2 in t)
print(((1, 2), (3,)), ((),), (None,), ("a",))
nested = (1, [2, 3])
nested[1].append(4)
print(nested)
try:
    t[0] = 9
except TypeError as e:
    print("TypeError:", e)
try:
    t.index(9)
except ValueError as e:
    print("ValueError:", e)
try:
    t.append(4)
except AttributeError as e:
    print("AttributeError:", e)
print(tuple(sorted((3, 1, 2))), max((4, 9, 2)), sum((1, 2, 3)))
print(str((1, "a")), repr((1.0, None, True)))
