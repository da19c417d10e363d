# ValueError messages of int() on bad input.
bad = ["abc", "", "1.5", "12a", "0x1f", " ", "1 2", "--1", "1__0", "_1"]
for s in bad:
    try:
        int(s)
    except ValueError as e:
        print(repr(s), "->", e)
for s, base in [("12", 2), ("g", 16), ("0x1f", 8), ("9", 8)]:
    try:
        int(s, base)
    except ValueError as e:
        print(repr(s), base, "->", e)
try:
    int("5", 37)
except ValueError as e:
    print("base 37 ->", e)
try:
    int(float("inf"))
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("nan"))
except ValueError as e:
    print("ValueError:", e)
try:
    int(None)
except TypeError as e:
    print("TypeError:", e)
try:
    int([1])
except TypeError as e:
    print("TypeError:", e)
try:
    int(5, 10)
except TypeError as e:
    print("TypeError:", e)
