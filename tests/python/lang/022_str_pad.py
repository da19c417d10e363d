# center, ljust, rjust, zfill.
w = "cat"
print("[" + w.center(9) + "]", "[" + w.center(8) + "]", "[" + w.center(2) + "]")
print("[" + w.center(9, "*") + "]", "[" + "ab".center(7, "-") + "]", "[" + "abc".center(6, "-") + "]")
print("[" + w.ljust(6) + "]", "[" + w.rjust(6) + "]", "[" + w.ljust(6, ".") + "]", "[" + w.rjust(6, "0") + "]")
print("42".zfill(5), "-42".zfill(5), "+42".zfill(5), "abc".zfill(5), "12345".zfill(3))
print("3.14".zfill(7), "-3.14".zfill(7), "".zfill(3), "-".zfill(3))
try:
    w.center(9, "ab")
except TypeError as e:
    print("TypeError:", e)
rows = [("apple", 3, 1.5), ("kiwi", 12, 0.25), ("watermelon", 1, 4.0)]
for name, qty, price in rows:
    print(name.ljust(12) + str(qty).rjust(4) + ("%.2f" % price).rjust(8))
print("中文".center(6, "*"), "中".ljust(3, "-") + "|", "中".rjust(3) + "|")
for i in [1, 10, 100]:
    print(str(i).zfill(4), str(-i).zfill(4))
