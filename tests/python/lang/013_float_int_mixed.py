# Mixing ints and floats: true division, comparisons, precision limits.
print(7 / 2, -7 / 2, 6 / 3, 1 / 4)
print(1 / 3 * 3, 0.1 * 10, 0.1 + 0.1 + 0.1)
print(1 == 1.0, 2 ** 53 == 2.0 ** 53, 2 ** 53 + 1 == float(2 ** 53 + 1))
print(10 ** 20 == 1e20, 10 ** 22 == 1e22, 10 ** 23 == 1e23)
print(3 + 0.5, 3 * 1.0, 3 - 3.0, type(3 - 3.0))
print(1 < 1.5 < 2, 2.0 > 1, -1 < -0.5)
print(sum([0.1] * 10), sum([1, 2.5, 3]))
print(max(1, 1.0), max(1.0, 1), min(2, 2.0))
print(int(2.999999999999999), int(2.9999999999999999))
print(float(1), float(-0), float(10 ** 16))
print(2 ** 63 / 2, 2 ** 64 / 3)
print(1e16 + 1, 1e16 + 2, 1e16 + 1 == 1e16)
print(0.5 + 0.25 == 0.75, 0.1 + 0.7)
print(abs(-2.5), abs(2.5), abs(-0.0))
print(4 / 2 == 2, 4 // 2.0, 5 % 2.0)
print(100 * 1.1, 19.99 * 100)
total = 0.0
for i in range(10):
    total += 0.1
print(total, total == 1.0, round(total, 10) == 1.0)
print(float("1" + "0" * 20), 1e20 == 10 ** 20)
