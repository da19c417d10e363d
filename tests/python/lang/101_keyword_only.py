# Keyword-only parameters after * or *args.
def connect(host, *, port=80, secure=False):
    return f"{host}:{port} secure={secure}"
print(connect("a"), connect("b", port=443, secure=True))
try:
    connect("c", 8080)
except TypeError as e:
    print("TypeError:", e)
def required_kw(*, key):
    return key
print(required_kw(key=1))
try:
    required_kw()
except TypeError as e:
    print("TypeError:", e)
try:
    required_kw(1)
except TypeError as e:
    print("TypeError:", e)
def after_args(*items, sep=", "):
    return sep.join(items)
print(after_args("a", "b"), after_args("a", "b", sep="+"))
def full(a, b=1, *args, c, d=4, **kw):
    return a, b, args, c, d, kw
print(full(0, c=3))
print(full(0, 9, 8, 7, c=3, e=5))
