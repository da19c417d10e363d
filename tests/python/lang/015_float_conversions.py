# float() from strings and ints, and its errors.
print(float("3.14"), float(" -2.5 "), float("1e3"), float("1E-2"))
print(float("inf"), float("-Infinity"), float("nan"), float("+1.5"))
print(float("1_000.5"), float(".5"), float("5."), float("0"))
print(float(7), float(-7), float(True), float(2 ** 60))
print(float(), float("  12  "))
print(str(3.0), str(0.1), str(1e16), str(-1.5e-10))
for s in ["abc", "", "1.2.3", "1e", "0x10", "1,5"]:
    try:
        float(s)
    except ValueError as e:
        print(repr(s), "->", e)
try:
    float(None)
except TypeError as e:
    print("TypeError:", e)
try:
    float(10 ** 400)
except OverflowError as e:
    print("OverflowError:", e)
print(float("1e400"), float("-1e400"), float("1e-400"))
print([float(x) for x in "1 2.5 -3".split()])
