# Conditional expressions, nesting, and evaluation of only one branch.
for n in [-5, 0, 7]:
    sign = "neg" if n < 0 else "zero" if n == 0 else "pos"
    print(n, sign)
log = []
def side(x):
    log.append(x)
    return x
r = side("yes") if True else side("no")
print(r, log)
print([("fizz" if i % 3 == 0 else "") + ("buzz" if i % 5 == 0 else "") or str(i) for i in range(1, 16)])
x = 3
y = x * 2 if x > 2 else x / 2
print(y)
print((lambda a: "even" if a % 2 == 0 else "odd")(7))
print(1 if [] else 2, 1 if [0] else 2, "a" if None is None else "b")
values = [3, -1, 0, 8]
print([v if v > 0 else 0 for v in values])
print(max(values) if values else None, max([]) if [] else "empty")
