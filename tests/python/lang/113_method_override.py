# Overriding methods; base-class methods call the overridden version.
class Animal:
    def __init__(self, name):
        self.name = name
    def sound(self):
        return "..."
    def speak(self):
        return f"{self.name} says {self.sound()}"
class Dog(Animal):
    def sound(self):
        return "woof"
class Puppy(Dog):
    def sound(self):
        return super().sound() + " (squeaky)"
class Cat(Animal):
    def speak(self):
        return "The cat ignores you. " + super().speak()
    def sound(self):
        return "meow"
for a in [Animal("thing"), Dog("rex"), Puppy("bit"), Cat("tom")]:
    print(a.speak())
class Counter:
    def __init__(self):
        self.n = 0
    def step(self):
        self.n += 1
        return self
class DoubleCounter(Counter):
    def step(self):
        super().step()
        return super().step()
print(DoubleCounter().step().step().n, Counter().step().step().n)
