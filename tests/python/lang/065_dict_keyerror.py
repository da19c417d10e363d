# KeyError: str(e) is the repr of the key; repr(e) shows the class.
d = {"a": 1, (1, 2): "t"}
for key in ["missing", 42, (3, 4), None, "it's", 1.5, ""]:
    try:
        d[key]
    except KeyError as e:
        print(str(e), "|", repr(e), "|", e.args)
try:
    d[(1,)]
except KeyError as e:
    print("str:", e)
e = KeyError("manual")
print(e, repr(e))
e2 = KeyError()
print(repr(str(e2)), repr(e2))
e3 = KeyError("a", "b")
print(e3, repr(e3))
try:
    {}[[1, 2]]
except TypeError as e:
    print("TypeError:", e)
try:
    {[1]: 2}
except TypeError as e:
    print("TypeError:", e)
try:
    {"a": 1}["A"]
except LookupError as e:
    print("LookupError caught:", repr(e))
