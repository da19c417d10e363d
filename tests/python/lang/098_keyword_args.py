# Keyword arguments and argument binding order.
def describe(name, age, city="?"):
    return f"{name}/{age}/{city}"
print(describe("ann", 31))
print(describe(age=27, name="bob"))
print(describe("cid", city="Paris", age=40))
print(describe(*["dee", 22]), describe(**{"name": "eve", "age": 5, "city": "Rome"}))
print(describe("fay", **{"age": 9}))
def order(a, b, c):
    return [a, b, c]
print(order(1, c=3, b=2))
print(sorted([3, 1, 2], reverse=True), "x".center(5, "*"))
print("a-b".split(sep="-"), int("ff", base=16))
args = {"sep": "|", "end": "<\n"}
print("x", "y", **args)
def log_call(f, *args, **kwargs):
    print("calling with", args, kwargs)
    return f(*args, **kwargs)
print(log_call(describe, "gus", age=3))
