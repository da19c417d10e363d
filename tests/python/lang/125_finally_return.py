# return inside finally overrides; finally runs even on return/break/continue.
def f1():
    try:
        return "try"
    finally:
        print("f1 finally runs")
print(f1())
def f2():
    try:
        return "try"
    finally:
        return "finally"
print(f2())
def f3():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"
print(f3())
def f4():
    x = 1
    try:
        return x
    finally:
        x = 2
        print("x changed to", x)
print(f4())
for i in range(3):
    try:
        if i == 1:
            continue
        if i == 2:
            break
        print("body", i)
    finally:
        print("finally", i)
def f5():
    for i in range(5):
        try:
            return i
        finally:
            if i < 2:
                continue
print(f5())
