# except with a tuple of types, ordering of handlers, base-class handlers.
def classify(f):
    try:
        f()
    except (KeyError, IndexError) as e:
        return "lookup " + type(e).__name__
    except (ValueError, TypeError) as e:
        return "value/type " + repr(e)
    except ArithmeticError as e:
        return "arith " + str(e)
    except Exception as e:
        return "other " + repr(e)
    return "no error"
cases = [
    lambda: {}["k"],
    lambda: [][1],
    lambda: int("q"),
    lambda: len(3),
    lambda: 1 / 0,
    lambda: float(10 ** 400),
    lambda: undefined_name,
    lambda: None,
]
for c in cases:
    print(classify(c))
errors = (ZeroDivisionError, ValueError)
try:
    raise ValueError("via variable")
except errors as e:
    print("caught", repr(e))
try:
    try:
        raise KeyError("k")
    except IndexError:
        print("wrong handler")
except LookupError as e:
    print("LookupError handler got", repr(e))
