# Dict comprehensions and dict construction patterns.
print({x: x * x for x in range(5)})
print({c: i for i, c in enumerate("hello")})
print({k: v for k, v in [("a", 1), ("b", 2), ("a", 3)]})
words = ["apple", "bob", "kiwi", "banana", "fig"]
print({w: len(w) for w in words if len(w) > 3})
by_len = {}
for w in words:
    by_len.setdefault(len(w), []).append(w)
print(by_len)
print({n: ("even" if n % 2 == 0 else "odd") for n in range(4)})
inv = {v: k for k, v in {"x": 1, "y": 2, "z": 1}.items()}
print(inv)
print({(i, j): i * j for i in range(2) for j in range(2)})
nested = {outer: {inner: outer * inner for inner in range(2)} for outer in range(2)}
print(nested)
print(dict.fromkeys("abc"), dict.fromkeys(["x", "y"], 0))
shared = dict.fromkeys(["p", "q"], [])
shared["p"].append(1)
print(shared)
