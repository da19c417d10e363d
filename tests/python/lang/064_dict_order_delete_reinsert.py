# Deleting and re-inserting a key moves it to the end; updating keeps position.
d = {"a": 1, "b": 2, "c": 3}
d["a"] = 10
print(d)
del d["a"]
d["a"] = 1
print(d)
d.pop("b")
d["b"] = 2
print(d)
for i in range(5):
    d[i] = i
for i in range(0, 5, 2):
    del d[i]
d[0] = "back"
print(d)
print(list(d))
d2 = {}
for ch in "hello world":
    if ch in d2:
        del d2[ch]
    d2[ch] = True
print("".join(d2))
try:
    for k in d:
        d["new"] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    for k in d:
        del d[k]
except RuntimeError as e:
    print("RuntimeError:", e)
print(d)
