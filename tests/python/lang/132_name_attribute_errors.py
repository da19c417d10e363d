# NameError and AttributeError messages.
try:
    print(undefined_variable)
except NameError as e:
    print("NameError:", e, e.args)
def use_later():
    return later_defined
try:
    use_later()
except NameError as e:
    print("NameError:", e)
later_defined = "now defined"
print(use_later())
x = 1
del x
try:
    x
except NameError as e:
    print("NameError:", e)
class Foo:
    cls_attr = 1
    def __init__(self):
        self.inst = 2
f = Foo()
for target, attr in [(f, "missing"), (Foo, "missing"), (5, "append"), ("s", "push"), (None, "x"), ([], "add"), ({}, "append")]:
    try:
        getattr(target, attr)
    except AttributeError as e:
        print("AttributeError:", e)
try:
    f.missing_method()
except AttributeError as e:
    print("AttributeError:", e)
try:
    del f.inst
    del f.inst
except AttributeError as e:
    print("AttributeError:", e)
num = 1
try:
    num.x = 5
except AttributeError as e:
    print("AttributeError:", e)
