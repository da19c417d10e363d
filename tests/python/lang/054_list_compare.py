# Lexicographic comparison of lists and tuples.
print([1, 2] < [1, 2, 3], [1, 2, 3] < [1, 3], [2] > [1, 99], [] < [0])
print([1, 2] == [1, 2], [1, 2] == [2, 1], [1, 2] != [1, 2.0])
print((1, 2) < (1, 2, 0), (1, "a") < (1, "b"), (0, 99) < (1,))
print([1, 2] == (1, 2), [1] != (1,))
print(max([[1, 2], [1, 3], [0, 9]]), min([(2, "b"), (2, "a"), (3, "")]))
print(sorted([[3], [1, 2], [1], []]))
print([[1, [2]]] == [[1, [2]]], [1, [2, 3]] < [1, [2, 4]])
print((1, 2, 3) <= (1, 2, 3), (1, 2, 3) >= (1, 2, 4))
try:
    print([1, 2] < [1, "x"])
except TypeError as e:
    print("TypeError:", e)
print([1, "x"] < [2, 1])
try:
    print([1] < (1,))
except TypeError as e:
    print("TypeError:", e)
nan = float("nan")
print([nan] == [nan], [float("nan")] == [float("nan")])
