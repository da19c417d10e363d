# sorted() is stable; multi-pass sorts keep earlier orders.
records = [
    ("ann", "eng", 31), ("bob", "ops", 27), ("cid", "eng", 27),
    ("dee", "ops", 31), ("eve", "eng", 25), ("fay", "ops", 27),
]
by_age = sorted(records, key=lambda r: r[2])
for r in by_age:
    print(r)
print("--")
by_dept_then_age = sorted(sorted(records, key=lambda r: r[2]), key=lambda r: r[1])
for r in by_dept_then_age:
    print(r)
print("--")
print([r[0] for r in sorted(records, key=lambda r: r[2], reverse=True)])
print([r[0] for r in sorted(records, key=lambda r: (r[1], -r[2]))])
print(sorted([3, 1, 2]), sorted("cab"), sorted((2, 1)), sorted({3: "x", 1: "y"}))
print(sorted([1, 1.0, True, 0.5]))
words = ["bb", "a", "ccc", "dd", "e"]
print(sorted(words, key=len))
print(sorted(words, key=len, reverse=True))
original = [4, 2, 3]
copy = sorted(original)
print(original, copy, original is copy)
