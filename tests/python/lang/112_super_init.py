# super().__init__ and super().method() chains.
class Base:
    def __init__(self, x):
        print("Base.__init__", x)
        self.x = x
    def hello(self):
        return "Base.hello"
class Mid(Base):
    def __init__(self, x, y):
        print("Mid.__init__ start")
        super().__init__(x)
        self.y = y
        print("Mid.__init__ end")
    def hello(self):
        return "Mid>" + super().hello()
class Leaf(Mid):
    def __init__(self):
        super().__init__(1, 2)
        print("Leaf.__init__ done")
    def hello(self):
        return "Leaf>" + super().hello()
obj = Leaf()
print(obj.x, obj.y, obj.hello())
class NoInit(Base):
    pass
n = NoInit(5)
print(n.x, n.hello())
class Forgot(Base):
    def __init__(self):
        self.z = 1
f = Forgot()
print(f.z, hasattr(f, "x"))
try:
    print(f.x)
except AttributeError as e:
    print("AttributeError:", e)
