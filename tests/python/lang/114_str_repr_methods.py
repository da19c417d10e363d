# __str__ and __repr__: print uses str, containers use repr of elements.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r})"
    def __str__(self):
        return f"({self.x}, {self.y})"
p = Point(1, 2)
print(p)
print(str(p), repr(p))
print([p, Point("a", 2.5)])
print(f"{p} {p!r} {p!s}")
print("%s %r" % (p, p))
print("{} {!r}".format(p, p))
print((p,), {"k": p})
class OnlyRepr:
    def __repr__(self):
        return "OnlyRepr<>"
print(OnlyRepr(), str(OnlyRepr()), [OnlyRepr()])
class OnlyStr:
    def __str__(self):
        return "only-str"
o = OnlyStr()
print(o, str(o), repr(o).startswith("<__main__.OnlyStr object at 0x"))
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __str__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"
print(Money(12345), Money(5), Money(100))
