# **kwargs collects extra keyword arguments into a dict, preserving order.
def opts(**kwargs):
    print(type(kwargs), kwargs)
    return sorted(kwargs)
print(opts(), opts(z=1, a=2, m=3))
def tag(name, **attrs):
    parts = [name] + [f'{k}="{v}"' for k, v in attrs.items()]
    return "<" + " ".join(parts) + ">"
print(tag("a", href="/x", title="T"), tag("br"))
def mixed(a, *args, b=0, **kw):
    return a, args, b, kw
print(mixed(1), mixed(1, 2, 3, b=4, c=5, d=6))
settings = {"b": 7, "extra": True}
print(mixed(0, **settings))
def update(base, **changes):
    merged = dict(base)
    merged.update(changes)
    return merged
print(update({"x": 1, "y": 2}, y=20, z=30))
def passthrough(**kw):
    return opts(**kw)
print(passthrough(q=1, p=2))
def kwonly_default(**kw):
    return kw.get("level", "info"), kw.pop("x", None), kw
print(kwonly_default(x=1, level="debug"))
