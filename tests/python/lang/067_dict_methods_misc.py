# copy, equality, len, dict(zip), iteration patterns.
d = {"x": [1], "y": 2}
c = d.copy()
c["y"] = 99
c["x"].append(2)
print(d, c)
print({"a": 1, "b": 2} == {"b": 2, "a": 1}, {"a": 1} == {"a": 1.0}, {"a": 1} != {"a": 2})
print(len({}), len({1: 1, 2: 2}), bool({}), bool({0: 0}))
names = ["ann", "bob"]
ages = [31, 27]
people = dict(zip(names, ages))
print(people, list(people.items()))
print(max(people, key=people.get), min(people.values()))
print(sorted(people.items(), key=lambda kv: kv[1]))
print({k: v for k, v in sorted(people.items())})
for i, (k, v) in enumerate(people.items()):
    print(i, k, v)
print(1 in {1: "a"}, "a" in {1: "a"}, {True: "t", 1: "one"})
print({1: "a", 1.0: "b"}, {0: "zero", False: "false", 0.0: "f"})
print(dict(a=1) == dict([("a", 1)]))
try:
    dict([1, 2])
except TypeError as e:
    print("TypeError:", e)
try:
    dict([("a", 1, 2)])
except ValueError as e:
    print("ValueError:", e)
