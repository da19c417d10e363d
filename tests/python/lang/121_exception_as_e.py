# str(e), repr(e) and e.args for built-in and user exceptions.
examples = [
    ValueError("bad value"),
    ValueError("two", "args"),
    ValueError(),
    TypeError("t"),
    KeyError("key"),
    IndexError(3),
    RuntimeError("run"),
    ZeroDivisionError("zero"),
    Exception("generic", 42),
    AssertionError(),
    StopIteration(5),
    NotImplementedError("todo"),
    TimeoutError("slow"),
    NameError("nm"),
    AttributeError("attr"),
    OverflowError("big"),
]
for e in examples:
    print(repr(e), "|", str(e), "|", e.args)
try:
    raise ValueError("raised " + "value")
except ValueError as err:
    print(err, err.args, type(err))
try:
    int("x")
except Exception as err:
    print(type(err).__name__, err.args)
e = ValueError("x")
print(isinstance(e, Exception), isinstance(e, BaseException), e.args[0])
try:
    print(err)
except NameError as ne:
    print("NameError:", ne)
