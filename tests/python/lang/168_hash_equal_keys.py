# Keys that compare equal share one dict/set slot; the first key object is kept.
d = {}
d[1] = "int"
d[1.0] = "float"
d[True] = "bool"
print(d, len(d))
d2 = {True: "bool", 1: "int"}
print(d2)
d3 = {0: "zero"}
d3[False] = "false"
d3[0.0] = "float zero"
print(d3)
s = {1, 1.0, True}
print(s, len(s))
s2 = {True, 1}
print(s2)
print({2: "a", 2.0: "b"}, {(1, 2): 0, (1.0, 2.0): 1})
counts = {}
for v in [1, 1.0, True, 2, 2.0, "2"]:
    counts[v] = counts.get(v, 0) + 1
print(counts)
print(1 in {1.0: "x"}, 1.5 in {1: "x"}, True in {1}, "1" in {1})
