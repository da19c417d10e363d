# bool() truthiness of every kind of value.
values = [0, 1, -1, 0.0, -0.0, 0.1, float("nan"), "", " ", "0", "False",
          [], [0], (), ((),), {}, {0: 0}, set(), {0}, None, True, False, range(0), range(1)]
for v in values:
    print(repr(v).ljust(12), bool(v))
print(bool(), bool(2 ** 100), bool(-2 ** 100))
class Thing:
    pass
print(bool(Thing()))
print(True + 1, True * 3, False == 0, True == 1, True == 1.0, False == "")
print(int(True), float(False), str(True), repr(False))
print([x for x in [0, 1, "", "a", None] if x])
print(sum([True, True, False]), max(False, True))
