# Chained assignment binds every target to the same object, left to right.
a = b = c = 0
print(a, b, c)
x = y = []
x.append(1)
print(x, y, x is y)
p = q = [0, 0]
p[0] = q[1] = 5
print(p, q)
i = 0
lst = [10, 20, 30]
i = lst[i] = 2
print(i, lst)
d = {}
d["a"] = d["b"] = "same"
print(d)
class O:
    pass
o = O()
o.m = o.n = 3.5
print(o.m, o.n)
s, t = u = (1, 2)
print(s, t, u)
first = second = "text"
first += "!"
print(first, second)
