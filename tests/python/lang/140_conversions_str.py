# str() and repr() conversions of builtin values.
vals = [42, -7, 3.0, 0.1, 1e16, 1e-7, True, None, "s", [1, "a"], (1,), {"k": 1.5}, range(3), 2 ** 64]
for v in vals:
    print(str(v), "|", repr(v))
print(str(), repr(""), str(str("x")))
print(str(1) + str(2), int(str(12) + str(34)) + 1)
print(list(str(123)), str(-0), str(0.0), str(-0.0))
print(str(10 ** 20), str(1e20), str(float(10 ** 20)))
print(str(3.0 * 1.1), str(1.1 + 2.2), str(100.0 / 3))
print(str(()), str([]), str({}), str(set()), str(range(0)))
print(repr("a" + str(1)), repr(str(None)), repr(str(False)))
print([str(x) for x in (1, 1.0, "1", [1])])
