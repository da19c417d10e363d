# IndexError and TypeError messages around sequences.
lst = [1, 2, 3]
text = "abc"
pair = (1,)
none_key = None
tests = [
    lambda: lst[3],
    lambda: lst[-4],
    lambda: "abc"[5],
    lambda: (1, 2)[2],
    lambda: range(3)[3],
    lambda: [].pop(),
    lambda: [1].pop(3),
    lambda: lst["0"],
    lambda: text[none_key],
    lambda: pair["x"],
]
for t in tests:
    try:
        t()
    except IndexError as e:
        print("IndexError:", e)
    except TypeError as e:
        print("TypeError:", e)
try:
    lst[5] = 0
except IndexError as e:
    print("IndexError:", e)
try:
    (1, 2)[0] = 5
except TypeError as e:
    print("TypeError:", e)
try:
    del (1, 2)[0]
except TypeError as e:
    print("TypeError:", e)
e = IndexError("custom")
print(repr(e), e.args)
