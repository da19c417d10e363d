# Augmented assignment on names, list items, dict values and attributes.
n = 10
n += 5; print(n)
n -= 3; print(n)
n *= 2; print(n)
n //= 5; print(n)
n %= 3; print(n)
n **= 10; print(n)
n /= 4; print(n)
m = 0b1100
m &= 0b1010; print(m)
m |= 1; print(m)
m ^= 0b1111; print(m)
m <<= 3; print(m)
m >>= 2; print(m)
lst = [1, 2, 3]
lst[0] += 10
lst[-1] *= 3
print(lst)
grid = [[0, 0], [0, 0]]
grid[1][0] -= 7
print(grid)
d = {"count": 0}
for _ in range(4):
    d["count"] += 1
print(d)
class C:
    total = 0
c = C()
c.total += 5
print(c.total, C.total)
s = "ab"
s += "cd"
s *= 2
print(s)
a = [1]
b = a
a += [2]
print(a, b, a is b)
t = (1,)
u = t
t += (2,)
print(t, u, t is u)
calls = []
def idx():
    calls.append("idx")
    return 0
lst2 = [5]
lst2[idx()] += 1
print(lst2, calls)
try:
    tup = ([1],)
    tup[0] += [2]
except TypeError as e:
    print("TypeError:", e, tup)
