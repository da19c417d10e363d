# Starred assignment targets.
a, *b = [1, 2, 3, 4]
print(a, b)
*a, b = [1, 2, 3, 4]
print(a, b)
a, *b, c = [1, 2, 3, 4, 5]
print(a, b, c)
a, *b, c = [1, 2]
print(a, b, c)
*a, = "abc"
print(a)
first, *rest = "hello"
print(first, rest)
head, *middle, tail = range(6)
print(head, middle, tail)
(x, *y), z = [1, 2, 3], 4
print(x, y, z)
for first, *others in [(1, 2, 3), (4,), ("a", "b")]:
    print(first, others)
print([*range(3), *"ab", *[None]])
print((*[1, 2], 3), {*[1, 1, 2]} == {1, 2})
print({**{"a": 1}, "b": 2, **{"a": 3}})
def f(*args):
    return args
print(f(*[1, 2], *(3,), 4))
try:
    a, *b, c = [1]
except ValueError as e:
    print("ValueError:", e)
