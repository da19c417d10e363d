# `in` across container types.
print(3 in [1, 2, 3], 3 in (1, 2), 3 in {3: "x"}, 3 in {3}, 3 in range(5), 3 in range(0, 10, 2))
print("a" in "cat", "at" in "cat", "ta" in "cat", "" in "cat")
print("x" in {"x": 1}, 1 in {"x": 1}, 1 in {"x": 1}.values(), ("x", 1) in {"x": 1}.items())
print([1] in [[1], [2]], (1,) in [[1]], None in [None], None in [])
print(2.0 in [1, 2, 3], True in [1], 1 in [True], 0 in [False])
nan = float("nan")
print(nan in [nan], float("nan") in [float("nan")])
print(5 not in [1, 2], "z" not in "abc", not 1 in [1])
try:
    print(1 in 5)
except TypeError as e:
    print("TypeError:", e)
try:
    print([1] in {1})
except TypeError as e:
    print("TypeError:", e)
try:
    print(1 in "abc")
except TypeError as e:
    print("TypeError:", e)
print(10 ** 20 in range(10 ** 21), -1 in range(10))
