# Functions defined inside functions; functions as values.
def outer(x):
    def inner(y):
        return x + y
    def twice(f, v):
        return f(f(v))
    return twice(inner, 10)
print(outer(1), outer(5))
def compose(f, g):
    def h(x):
        return f(g(x))
    return h
inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
def apply_all(funcs, value):
    return [f(value) for f in funcs]
print(apply_all([abs, str, inc, dbl], -3))
def make_ops():
    def add(a, b):
        return a + b
    def sub(a, b):
        return a - b
    return {"add": add, "sub": sub}
ops = make_ops()
print(ops["add"](2, 3), ops["sub"](2, 3), sorted(ops))
def recurse_inner(n):
    def helper(k, acc):
        if k == 0:
            return acc
        return helper(k - 1, acc * k)
    return helper(n, 1)
print(recurse_inner(10))
print(outer.__name__, compose(inc, dbl).__name__)
