# Bare raise re-raises the active exception.
def risky():
    raise KeyError("original")
def wrapper():
    try:
        risky()
    except KeyError as e:
        print("logging", repr(e))
        raise
try:
    wrapper()
except KeyError as e:
    print("outer got", repr(e))
def convert():
    try:
        {}["x"]
    except KeyError as e:
        raise ValueError("converted: " + str(e))
try:
    convert()
except ValueError as e:
    print(e)
def rethrow_other():
    try:
        1 / 0
    except ZeroDivisionError as e:
        saved = e
    raise saved
try:
    rethrow_other()
except ZeroDivisionError as e:
    print("saved and raised:", e)
try:
    raise
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    raise 5
except TypeError as e:
    print("TypeError:", e)
try:
    raise ValueError
except ValueError as e:
    print("class raised:", repr(e))
