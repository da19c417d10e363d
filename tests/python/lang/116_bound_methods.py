# Bound methods remember their instance.
class Greeter:
    def __init__(self, greeting):
        self.greeting = greeting
    def greet(self, name):
        return f"{self.greeting}, {name}"
hello = Greeter("Hello").greet
hi = Greeter("Hi").greet
print(hello("ann"), hi("bob"))
print(list(map(hello, ["x", "y"])))
fns = [Greeter(g).greet for g in ["A", "B", "C"]]
print([f("z") for f in fns])
unbound = Greeter.greet
print(unbound(Greeter("Yo"), "cid"))
class Stack:
    def __init__(self):
        self.items = []
s = Stack()
push = s.items.append
pop = s.items.pop
push(1)
push(2)
print(pop(), s.items)
print(callable(hello), hello.__name__, type(hello).__name__)
g = Greeter("Hey")
m = g.greet
g.greeting = "Changed"
print(m("dee"))
