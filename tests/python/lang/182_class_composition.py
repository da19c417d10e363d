# Objects holding other objects; repr through containers.
class Item:
    def __init__(self, name, price):
        self.name = name
        self.price = price
    def __repr__(self):
        return f"Item({self.name!r}, {self.price})"
class Cart:
    def __init__(self, owner):
        self.owner = owner
        self.items = []
    def add(self, item, qty=1):
        for _ in range(qty):
            self.items.append(item)
        return self
    def total(self):
        return sum(i.price for i in self.items)
    def __str__(self):
        names = {}
        for i in self.items:
            names[i.name] = names.get(i.name, 0) + 1
        body = ", ".join(f"{n} x{c}" for n, c in names.items())
        return f"Cart({self.owner}: {body}; total={self.total():.2f})"
pen = Item("pen", 1.25)
ink = Item("ink", 4.5)
c = Cart("ann").add(pen, 3).add(ink)
print(c)
print(c.items)
print(c.items[0] is c.items[1], c.items.count(pen))
other = Cart("bob")
print(other, other.items)
pen.price = 2
print(c)
