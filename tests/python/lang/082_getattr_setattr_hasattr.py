# hasattr, getattr (with default), setattr on instances and classes.
class Config:
    mode = "fast"
    def __init__(self):
        self.level = 3
c = Config()
print(hasattr(c, "level"), hasattr(c, "mode"), hasattr(c, "missing"), hasattr(Config, "level"))
print(getattr(c, "level"), getattr(c, "mode"), getattr(c, "missing", "default"))
setattr(c, "level", 5)
setattr(c, "extra", [1])
print(c.level, c.extra, getattr(c, "extra")[0])
setattr(Config, "mode", "slow")
print(c.mode, Config.mode)
for name in ["level", "mode", "extra", "nope"]:
    print(name, getattr(c, name, None))
try:
    getattr(c, "nope")
except AttributeError as e:
    print("AttributeError:", e)
try:
    getattr(5, "real_thing")
except AttributeError as e:
    print("AttributeError:", e)
print(getattr("abc", "upper")(), getattr([1, 2], "count")(2))
print(hasattr("abc", "split"), hasattr(5, "split"), hasattr(None, "x"))
fields = {"x": 1, "y": 2}
for k, v in fields.items():
    setattr(c, k, v * 10)
print(c.x, c.y)
try:
    setattr(5, "x", 1)
except AttributeError as e:
    print("AttributeError:", e)
try:
    getattr(c, 5)
except TypeError as e:
    print("TypeError:", e)
