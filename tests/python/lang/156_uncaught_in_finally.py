# An exception raised while handling another: the last line is the newest one.
def f():
    try:
        return [][1]
    except IndexError:
        print("handling IndexError")
        raise RuntimeError("handler failed")
    finally:
        print("finally runs before the traceback")
f()
