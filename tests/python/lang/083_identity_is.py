# `is` vs `==` without relying on id() values or small-int caching.
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c)
print(None is None, True is True, False is not True)
x = None
print(x is None, x == None, x is not None)
def f():
    pass
print(f() is None, f is f)
s = "text"
t = s
print(s is t)
class Box:
    pass
b1 = Box()
b2 = Box()
print(b1 is b2, b1 == b2, b1 is b1, b1 == b1)
items = [b1, b2]
print(items[0] is b1, items.index(b2), b2 in items)
e = ()
print(e == (), type(e) is tuple, type(True) is bool, type(1) is not bool)
print(id(a) == id(b), id(a) == id(c))
d = {"k": a}
print(d["k"] is a)
copy = list(a)
print(copy is a, copy[0] is a[0])
