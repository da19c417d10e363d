# float(repr(x)) == x for awkward values; str() equals repr() in Python 3.
vals = [0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e-300, 1e300, 123.456, 5e-324, 0.1 + 0.2, 1.7976931348623157e308, 2.0 ** -1074]
for v in vals:
    r = repr(v)
    print(r, float(r) == v, str(v) == r)
print(3 * 0.1, 0.1 * 3, 0.3 / 0.1, 4.35 * 100, 1.15 * 100)
print(9.95 * 10, 0.57 * 100, 1.1 + 2.2, 3.3 - 1.1)
print(sum([0.1] * 3), 0.1 + 0.1 + 0.1 == 0.3)
print(2.675 * 100, 1 - 0.9, 100 * 1.1 - 110)
for text in ["0.1", "1e22", "1e23", "123456789.123456789", "0.000001", "1e-7"]:
    print(text, "->", float(text))
