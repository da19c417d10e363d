# type(x) printing for builtins and user classes.
for v in [1, 1.5, "s", [1], (1,), {1: 2}, {1}, None, True, range(3), 2 ** 100]:
    print(type(v))
class Foo:
    pass
class Bar(Foo):
    pass
print(type(Foo()), type(Bar()), type(Foo), type(type))
print(Foo, Bar, int, str)
print(type(len), type(print))
def func():
    pass
print(type(func), type(lambda: 0))
print(type(ValueError()), type(ValueError))
print(type(iter([])), type(zip()), type(map(abs, [])), type(filter(None, [])))
print(type({}.keys()), type(enumerate([])), type(reversed([])))
print(repr(type(1)), str(type("")))
print(type(1) == int, type(True) == int, type(Foo()) == Foo)
print(type(1)("42") + 1, type("")(3.5), type([])("ab"))
print(int.__name__, Foo.__name__, type(Bar()).__name__)
