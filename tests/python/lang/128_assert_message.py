# assert raises AssertionError, optionally with a message.
def check(x):
    assert x > 0, f"x must be positive, got {x}"
    return x
print(check(3))
try:
    check(-2)
except AssertionError as e:
    print("AssertionError:", e, e.args)
try:
    assert False
except AssertionError as e:
    print("bare assert:", repr(e), repr(str(e)))
try:
    assert 1 == 2, ["list", "message"]
except AssertionError as e:
    print(e.args[0], repr(e))
try:
    assert [], "empty list is falsy"
except AssertionError as e:
    print(e)
assert True, "never"
assert [0], "non-empty"
count = 0
def side():
    global count
    count += 1
    return "msg"
assert True, side()
print("message not evaluated when passing:", count)
