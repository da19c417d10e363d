# Concatenation, repetition, membership and comparison of strings.
a = "ab"
b = "cd"
print(a + b, a * 3, 3 * a, a * 0, repr(a * -2))
print("-" * 20)
print("a" < "b", "a" < "B", "Z" < "a", "abc" < "abd", "ab" < "abc", "" < "a")
print("apple" > "Apple", "10" < "9", "10" < "2", "a" == "a", "a" != "A")
print(max(["pear", "apple", "Zebra"]), min(["pear", "apple", "Zebra"]))
print("中" > "z", "中" < "文", "é" > "e")
s = ""
for ch in "abc":
    s = ch + s
print(s)
s += "!"
s *= 2
print(s)
print("x" in "xyz", "xz" in "xyz", "" in "")
try:
    "a" + 1
except TypeError as e:
    print("TypeError:", e)
try:
    "a" * "b"
except TypeError as e:
    print("TypeError:", e)
try:
    "a" * 2.0
except TypeError as e:
    print("TypeError:", e)
try:
    "a" < 1
except TypeError as e:
    print("TypeError:", e)
print("a" == 1, "1" == 1)
print(sorted(["b", "A", "a", "B", "_", "1"]))
