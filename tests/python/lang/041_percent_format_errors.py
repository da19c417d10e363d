# Errors from % formatting.
cases = [
    ("%d %d", (1,)),
    ("%d", (1, 2)),
    ("%d", ("x",)),
    ("%f", ("x",)),
    ("%z", (1,)),
    ("%(a)s", (1,)),
    ("%c", ("ab",)),
    ("%x", (1.5,)),
]
for fmt, args in cases:
    try:
        print(fmt % args)
    except TypeError as e:
        print(repr(fmt), "TypeError:", e)
    except ValueError as e:
        print(repr(fmt), "ValueError:", e)
    except KeyError as e:
        print(repr(fmt), "KeyError:", e)
try:
    print("%(a)s" % {"b": 1})
except KeyError as e:
    print("KeyError:", e)
print("no specs" % ())
try:
    print("no specs" % 5)
except TypeError as e:
    print("TypeError:", e)
print("%s" % (1,), "%s" % ((1, 2),))
try:
    print("%s" % (1, 2))
except TypeError as e:
    print("TypeError:", e)
