# pass, empty bodies and docstrings.
def nothing():
    pass
print(nothing())
def documented(x):
    """Return x doubled."""
    return x * 2
print(documented(4), documented.__doc__)
class Empty:
    pass
class DocOnly:
    """Only a docstring."""
print(type(Empty()).__name__, DocOnly.__doc__)
for i in range(3):
    pass
print("loop var after pass loop:", i)
if True:
    pass
else:
    print("no")
while False:
    pass
try:
    pass
except Exception:
    pass
finally:
    pass
print(nothing.__doc__)
