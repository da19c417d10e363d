# Assignment to slices can grow, shrink, insert and delete.
xs = list(range(8))
xs[2:4] = ["a", "b", "c", "d"]
print(xs)
xs[1:6] = []
print(xs)
xs[0:0] = ["front", "front2"]
print(xs)
xs[len(xs):] = ["end"]
print(xs)
xs[:] = [1, 2, 3]
print(xs)
xs[::2] = ["x", "y"]
print(xs)
xs[1:2] = "hello"
print(xs)
try:
    xs[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    xs[0:2] = 5
except TypeError as e:
    print("TypeError:", e)
ys = [0, 1, 2, 3, 4, 5]
ys[::-2] = ["a", "b", "c"]
print(ys)
ys[10:20] = [9]
print(ys)
alias = ys
ys[:] = []
print(alias, alias is ys)
zs = [1, 2, 3]
zs[1:1] = zs
print(zs)
