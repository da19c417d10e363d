# Class attributes are shared; assigning through an instance shadows them.
class Dog:
    species = "canis"
    tricks = []
    count = 0
    def __init__(self, name):
        self.name = name
        Dog.count += 1
    def add_trick(self, t):
        self.tricks.append(t)
a = Dog("rex")
b = Dog("fido")
print(a.species, b.species, Dog.species, Dog.count)
a.species = "wolf"
print(a.species, b.species, Dog.species)
del a.species
print(a.species)
Dog.species = "canis familiaris"
print(a.species, b.species)
a.add_trick("sit")
b.add_trick("roll")
print(a.tricks, b.tricks, a.tricks is b.tricks)
class Cat:
    def __init__(self, name):
        self.name = name
        self.tricks = []
    def add_trick(self, t):
        self.tricks.append(t)
c = Cat("tom")
d = Cat("kit")
c.add_trick("hide")
print(c.tricks, d.tricks)
a.count = 100
print(a.count, b.count, Dog.count)
print(hasattr(Dog, "name"), hasattr(a, "name"))
