# del removes names, list items, dict entries and attributes.
a = 1
b = [1, 2, 3, 4]
c = {"x": 1, "y": 2}
del a
try:
    print(a)
except NameError as e:
    print("after del a:", e)
del b[1]
print(b)
del b[-1], c["x"]
print(b, c)
class Obj:
    def __init__(self):
        self.p = 1
        self.q = 2
o = Obj()
del o.p
print(hasattr(o, "p"), o.q)
x, y = 1, 2
del x, y
try:
    print(x)
except NameError as e:
    print("NameError:", e)
lst = [[1, 2], [3, 4]]
del lst[0][1]
print(lst)
d = {"k": [1, 2, 3]}
del d["k"][::2]
print(d)
def local_del():
    v = 5
    del v
    try:
        return v
    except NameError as e:
        return str(e)
print(local_del())
try:
    del undefined_thing
except NameError as e:
    print("NameError:", e)
