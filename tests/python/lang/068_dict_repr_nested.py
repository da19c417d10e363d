# repr of dicts with mixed key and value types.
d = {1: "one", "two": 2, 3.0: [3], (4,): {"five": None}, None: True, False: 0.5}
print(d)
print(repr(d) == str(d))
print({"quote's": 'dq"', "tab\t": "nl\n"})
print({"中文": "值", "emoji": "😀"})
print({"a": {"b": {"c": {}}}})
print({"list": [], "tuple": (), "single": (1,), "set": set(), "dict": {}})
print([{"k": 1}, {"k": 2}])
print({1: [1, 2, {3: (4, 5)}]})
print({-1: -1.5, 0: -0.0, 10 ** 20: 1e20})
