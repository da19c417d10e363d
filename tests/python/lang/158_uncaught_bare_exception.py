# Raising an exception class without arguments prints just the class name.
class Halt(Exception):
    pass
try:
    raise Halt
except Halt as e:
    print("caught once:", repr(e), repr(str(e)))
class Stop(Exception):
    pass
print("raising")
raise Stop
