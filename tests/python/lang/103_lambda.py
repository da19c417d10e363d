# lambda expressions.
sq = lambda x: x * x
print(sq(5), (lambda: "no args")(), (lambda a, b=2: a * b)(3))
print((lambda *a, **k: (a, k))(1, 2, x=3))
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
for sym in ops:
    print(7, sym, 3, "=", ops[sym](7, 3))
print(list(map(lambda p: p[0] * p[1], [(1, 2), (3, 4)])))
make = lambda n: lambda x: x + n
print(make(3)(4))
print(sq.__name__, (lambda: 0).__name__)
fact = lambda n: 1 if n <= 1 else n * fact(n - 1)
print(fact(20))
print((lambda x: (x, x ** 2, x ** 3))(3))
cond = lambda x: "pos" if x > 0 else ("zero" if x == 0 else "neg")
print([cond(v) for v in (-2, 0, 2)])
