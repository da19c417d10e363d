# List slicing produces new lists; steps and negative bounds.
xs = list(range(10))
print(xs[2:5], xs[:3], xs[7:], xs[-3:], xs[:-7], xs[::3], xs[::-1])
print(xs[8:2:-2], xs[-1:-4:-1], xs[5:5], xs[9:100], xs[-100:2], xs[100:])
print(xs[1::-1], xs[:1:-3])
ys = xs[:]
ys[0] = "changed"
print(xs[0], ys[0], ys is xs, ys == xs)
nested = [[1, 2], [3, 4]]
shallow = nested[:]
shallow[0].append(99)
print(nested, shallow)
print(xs[len(xs):], xs[-len(xs):][:2])
try:
    xs[10]
except IndexError as e:
    print("IndexError:", e)
try:
    xs[::0]
except ValueError as e:
    print("ValueError:", e)
try:
    xs["1"]
except TypeError as e:
    print("TypeError:", e)
try:
    xs[1.0]
except TypeError as e:
    print("TypeError:", e)
print(xs[True], xs[-True])
print((1, 2, 3, 4)[::2], (1, 2, 3)[::-1], range(10)[3:6])
