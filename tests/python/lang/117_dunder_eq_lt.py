# __eq__ and __lt__ on a user class (beyond python.md's explicit list; CPython semantics).
class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split("."))
    def __eq__(self, other):
        return self.parts == other.parts
    def __lt__(self, other):
        return self.parts < other.parts
    def __repr__(self):
        return "v" + ".".join(str(p) for p in self.parts)
vs = [Version(t) for t in ["1.10.0", "1.2.3", "1.2.10", "0.9", "1.2.3"]]
print(sorted(vs))
print(min(vs), max(vs))
print(Version("1.0") == Version("1.0"), Version("1.0") != Version("1.1"))
print(Version("1.0") < Version("1.0.1"), Version("2.0") > Version("1.9"))
print(Version("1.2.3") in vs, vs.index(Version("1.2.3")), vs.count(Version("1.2.3")))
class Plain:
    pass
a = Plain()
print(a == a, a == Plain(), a != Plain())
try:
    print(a < Plain())
except TypeError as e:
    print("TypeError:", e)
