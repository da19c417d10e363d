# isinstance with single types, tuples, bool-as-int, and user classes.
values = [1, 1.0, "s", [1], (1,), {1: 1}, {1}, None, True, range(1)]
for v in values:
    print(repr(v).ljust(8), isinstance(v, int), isinstance(v, (int, float)), isinstance(v, (list, tuple)), isinstance(v, object))
print(isinstance(True, int), isinstance(False, bool), isinstance(1, bool))
class Animal:
    pass
class Dog(Animal):
    pass
class Robot:
    pass
d = Dog()
print(isinstance(d, Dog), isinstance(d, Animal), isinstance(d, Robot), isinstance(d, (Robot, Animal)))
print(isinstance(Dog, type), isinstance(d, type), isinstance(int, type))
print(isinstance(ValueError("x"), Exception), isinstance(KeyError(), LookupError))
print(isinstance(3, ()), isinstance(3, (str, (int, float))))
try:
    isinstance(3, "int")
except TypeError as e:
    print("TypeError:", e)
