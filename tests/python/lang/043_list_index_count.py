# list.index and list.count, and their errors.
xs = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
print(xs.index(1), xs.index(5), xs.index(5, 5), xs.index(5, 5, 9))
print(xs.count(5), xs.count(1), xs.count(7), [].count(0))
print([1, 1.0, True].count(1), [[1], [1], 1].count([1]))
try:
    xs.index(7)
except ValueError as e:
    print("ValueError:", e)
try:
    ["a", "b"].index("c")
except ValueError as e:
    print("ValueError:", e)
try:
    xs.remove(42)
except ValueError as e:
    print("ValueError:", e)
try:
    xs.index(3, 1, 5)
except ValueError as e:
    print("ValueError:", e)
print(xs.index(3, -2), 9 in xs, 10 not in xs)
words = "the cat and the hat and the bat".split()
print({w: words.count(w) for w in words})
print(words.index("and"), words.index("the", 1))
