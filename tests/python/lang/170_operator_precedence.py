# Operator precedence corners.
print(-2 ** 2, (-2) ** 2, 2 ** -1, -2 ** -1)
print(2 * 3 ** 2, (2 * 3) ** 2, 2 ** 3 * 2)
print(1 + 2 * 3 - 4 / 2, (1 + 2) * (3 - 4) / 2)
print(7 // 2 * 2, 7 // (2 * 2), 7 % 3 * 2, 7 % (3 * 2))
print(1 & 2 == 2, (1 & 2) == 2, 1 | 2 == 3, (1 | 2) == 3)
print(1 << 2 + 1, (1 << 2) + 1, 16 >> 1 + 1)
print(not 1 == 2, not (1 == 2), (not 1) == 2)
print(True or False and False, (True or False) and False)
print(1 if True else 2 + 10, (1 if False else 2) + 10)
print(-3 % 5, -(3 % 5), - 3 % - 5)
print(2 + 3 == 5 and 4 > 3, 2 + (3 == 5))
print(~1 + 1, ~(1 + 1), -~5, ~-5)
print("a" + "b" * 3, ("a" + "b") * 3)
print(3 < 4 == 4 > 2, 1 < 2 in [True])
print(10 - 2 - 3, 10 - (2 - 3), 2 ** 2 ** 3, 100 / 10 / 5)
x = 5
x += 3 * 2
print(x)
