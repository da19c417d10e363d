# Nested try statements and exceptions raised inside handlers.
def process(value):
    try:
        try:
            n = int(value)
        except ValueError:
            print(f"  inner: {value!r} is not an int")
            n = float(value)
        try:
            return 100 / n
        except ZeroDivisionError:
            print("  inner: zero")
            return None
    except ValueError as e:
        print("  outer:", e)
        return "unparseable"
    finally:
        print("  done", repr(value))
for v in ["4", "2.5", "0", "x"]:
    print(v, "->", process(v))
try:
    try:
        raise TypeError("first")
    except TypeError:
        try:
            raise ValueError("second")
        except ValueError as inner:
            print("inner handled", inner)
        print("back in first handler")
except Exception:
    print("not reached")
depth = []
def deep(n):
    try:
        if n == 0:
            raise RuntimeError("bottom")
        deep(n - 1)
    finally:
        depth.append(n)
try:
    deep(4)
except RuntimeError as e:
    print(e, depth)
