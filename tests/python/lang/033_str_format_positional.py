# str.format with automatic and explicit positional fields.
print("{} + {} = {}".format(1, 2, 3))
print("{1} {0} {1}".format("a", "b"))
print("{0}{0}{0}".format("ha"))
print("{} and {}".format([1, 2], (3,)))
print("{!r} vs {!s}".format("text", "text"))
print("{0!r:>10}|".format("x"))
print("{{literal}} {}".format("braces"))
print("{}".format(None), "{}".format(True), "{}".format(1.0))
print("{0[0]} {0[1]} {1[key]}".format(["first", "second"], {"key": "val"}))
try:
    "{} {}".format(1)
except IndexError as e:
    print("IndexError:", e)
try:
    "{0} {}".format(1, 2)
except ValueError as e:
    print("ValueError:", e)
try:
    "{".format(1)
except ValueError as e:
    print("ValueError:", e)
try:
    "}".format(1)
except ValueError as e:
    print("ValueError:", e)
print("{:d}".format(42), "{:5}|".format(42), "{:5}|".format("ab"))
print("{}".format("中文"), "{:>4}".format("中文"))
