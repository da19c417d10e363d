# Exceptions unwind through several frames; finally blocks run on the way.
trace = []
def level3(x):
    trace.append("enter 3")
    try:
        return 10 // x
    finally:
        trace.append("leave 3")
def level2(x):
    trace.append("enter 2")
    r = level3(x)
    trace.append("after 3")
    return r
def level1(x):
    try:
        return level2(x)
    except ZeroDivisionError as e:
        trace.append("caught in 1")
        return f"error: {e}"
print(level1(5), trace)
trace.clear()
print(level1(0), trace)
def parse_all(items):
    out = []
    for it in items:
        try:
            out.append(int(it))
        except ValueError:
            out.append(None)
    return out
print(parse_all(["1", "x", "3"]))
def first_error(funcs):
    for f in funcs:
        try:
            f()
        except (KeyError, IndexError) as e:
            return repr(e)
print(first_error([lambda: [][0], lambda: {}[1]]))
print(first_error([lambda: 0, lambda: {}["k"]]))
