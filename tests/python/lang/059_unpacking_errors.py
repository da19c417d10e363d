# ValueError messages when unpacking has the wrong length.
cases = [[1, 2, 3], [1], [], "abcd"]
for seq in cases:
    try:
        a, b = seq
        print("ok", a, b)
    except ValueError as e:
        print(repr(seq), "->", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print(e)
try:
    a, b, *c, d = (1, 2)
except ValueError as e:
    print(e)
try:
    a, b = 5
except TypeError as e:
    print("TypeError:", e)
try:
    a, b = None
except TypeError as e:
    print("TypeError:", e)
try:
    for x, y in [(1, 2), (3, 4, 5)]:
        print(x, y)
except ValueError as e:
    print(e)
try:
    (a, b), c = [1, 2], [3]
    print(a, b, c)
    (a, b), c = [1], [3]
except ValueError as e:
    print(e)
