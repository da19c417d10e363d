# Execution order of try/except/else/finally.
def run(case):
    log = []
    try:
        log.append("try")
        if case == "raise":
            raise ValueError("boom")
        if case == "return":
            return log + ["returned-in-try"]
        log.append("try-end")
    except ValueError as e:
        log.append(f"except:{e}")
    else:
        log.append("else")
    finally:
        log.append("finally")
    log.append("after")
    return log
for case in ["ok", "raise", "return"]:
    print(case, run(case))
def nested_finally():
    try:
        try:
            raise KeyError("inner")
        finally:
            print("inner finally")
    except KeyError as e:
        print("outer caught", repr(e))
    finally:
        print("outer finally")
nested_finally()
try:
    pass
except Exception:
    print("no")
else:
    print("else without exception")
try:
    try:
        1 / 0
    except ZeroDivisionError:
        print("handling")
        raise ValueError("from handler")
    finally:
        print("finally after handler raised")
except ValueError as e:
    print("propagated:", e)
