# Chained comparisons evaluate each middle operand once and short-circuit.
log = []
def v(x):
    log.append(x)
    return x
print(v(1) < v(2) < v(3))
print(log)
log.clear()
print(v(3) < v(2) < v(1))
print(log)
log.clear()
print(v(1) < v(3) > v(2) == v(2))
print(log)
log.clear()
print(v(1) == v(1) != v(2) < v(0) < v(99))
print(log)
x = 5
print(1 < x < 10, 1 < x > 10, 0 <= x <= 5 < 6, x == 5 == 5.0)
print(1 < 2 > 1 < 2, 3 > 2 > 1 > 0, 3 > 2 > 2)
print("a" < "b" < "c", [1] < [2] < [3], "b" < "a" < "c")
print(1 in [1, 2] in [[1, 2]], 1 not in [2] not in [[3]])
print((1 < 2) < 3, 1 < (2 < 3), 0 < 0.5 < True)
