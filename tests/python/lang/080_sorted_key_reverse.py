# sorted() with key functions and reverse=True.
data = [("banana", 3), ("apple", 3), ("cherry", 1), ("date", 2)]
print(sorted(data))
print(sorted(data, key=lambda p: p[1]))
print(sorted(data, key=lambda p: p[1], reverse=True))
print(sorted(data, key=lambda p: (-p[1], p[0])))
print(sorted(["10", "9", "100", "1"]), sorted(["10", "9", "100", "1"], key=int))
print(sorted("Hello World"), sorted("Hello World", key=str.lower))
print(sorted([3, 1, 2], reverse=True), sorted([], reverse=True))
print(sorted({"b": 1, "a": 2}.items(), key=lambda kv: kv[1]))
print(sorted([-3, 1, -2, 4], key=lambda x: x * x))
print(sorted([1.5, -0.5, 0, 2], key=abs, reverse=True))
print(sorted(range(10), key=lambda n: (n % 3, -n)))
print(sorted([[2, "b"], [1, "z"], [2, "a"]], key=lambda r: r[0]))
print(sorted(["ä", "a", "z", "中", "A"]))
try:
    sorted([1, 2], key=5)
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([1, 2], lambda x: x)
except TypeError as e:
    print("TypeError:", e)
