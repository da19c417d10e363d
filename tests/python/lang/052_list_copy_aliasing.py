# Aliasing vs copying lists; == compares values, `is` compares identity.
a = [1, [2, 3]]
b = a
c = a[:]
d = list(a)
e = a.copy()
print(a == b == c == d == e)
print(a is b, a is c, a is d, a is e)
print(a[1] is c[1], a[1] is e[1])
a.append(4)
print(a, b, c)
a[1].append("shared")
print(c, d, e)
def modify(lst):
    lst.append("modified")
    lst = ["rebound"]
    lst.append("lost")
    return lst
original = [0]
result = modify(original)
print(original, result)
x = [1, 2]
y = [1, 2]
print(x == y, x is y, x is not y, x != y)
t1 = (1, 2)
empty1 = []
empty2 = []
print(empty1 == empty2, empty1 is empty2)
print(None is None, type(None) is type(None), True is True)
