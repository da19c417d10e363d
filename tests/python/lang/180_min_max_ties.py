# min/max return the first of equal elements; sorted keeps their order.
pairs = [("a", 2), ("b", 1), ("c", 2), ("d", 1)]
print(max(pairs, key=lambda p: p[1]), min(pairs, key=lambda p: p[1]))
print(max([1, 1.0, True]), min([1.0, 1, True]), max([True, 1, 1.0]))
print(max("abc", "abd", "abc"), min([[1], [1, 0], [1]]))
words = ["bb", "aa", "cc", "a"]
print(max(words, key=len), min(words, key=len), sorted(words, key=len))
print(max([-0.0, 0.0]), min([0.0, -0.0]))
print(sorted([(1, "x"), (1, "a")], key=lambda t: t[0]))
scores = {"ann": 90, "bob": 95, "cid": 95, "dee": 80}
print(max(scores, key=scores.get), min(scores, key=scores.get))
print(sorted(scores, key=scores.get, reverse=True))
