# str.format with named fields, attribute and index access, and ** unpacking.
print("{name} is {age} years old".format(name="Ann", age=31))
info = {"name": "Bob", "age": 27}
print("{name}/{age}".format(**info))
print("{0} {name} {1}".format("a", "b", name="N"))
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
p = Point(3, 4)
print("({0.x}, {0.y})".format(p))
print("({p.x}, {p.y})".format(p=p))
print("{d[a]} {d[b]}".format(d={"a": 1, "b": 2}))
print("{x:>6.2f}|{y:<4d}|{z:^7}|".format(x=3.14159, y=42, z="mid"))
try:
    "{missing}".format(name="x")
except KeyError as e:
    print("KeyError:", e)
try:
    "{0.nope}".format(p)
except AttributeError as e:
    print("AttributeError:", e)
template = "{greet}, {who}!"
for who in ["world", "世界"]:
    print(template.format(greet="Hello", who=who))
print("{a}{b}{a}".format(a="<", b="-"))
