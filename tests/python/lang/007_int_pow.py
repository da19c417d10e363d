# The ** operator: negative exponents give floats, 0**0 is 1.
print(2 ** 10, 2 ** 0, 0 ** 0, 1 ** 1000)
print(2 ** -1, 2 ** -2, 10 ** -3)
print((-2) ** 3, (-2) ** 4, -2 ** 4)
print(type(2 ** 5), type(2 ** -5))
print(4 ** 0.5, 2 ** 0.5, 8 ** (1 / 3))
print(2.0 ** 10, 1.5 ** 2, 10.0 ** -2)
print((-8) ** 2, (-1) ** 1001)
print(pow(3, 4), pow(2, -1), pow(2.5, 2))
print(10 ** 18, 10 ** 19)
print(0 ** 5, 0.0 ** 0)
try:
    print(0 ** -1)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    print(0.0 ** -1)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
squares = [i ** 2 for i in range(-3, 4)]
print(squares)
cubes = [i ** 3 for i in range(-3, 4)]
print(cubes)
print(sum(2 ** i for i in range(10)), 2 ** 10 - 1)
