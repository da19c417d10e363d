# Equality across numeric and container types.
print(1 == 1.0, 1 == True, 0 == False, 1.0 == True, "1" == 1, None == 0, None == False)
print([1, 2] == (1, 2), [1, 2] == [1.0, 2.0], (1,) == (True,), {1: "a"} == {1.0: "a"})
print({1, 2} == {2.0, 1.0}, "" == [], [] == (), {} == set())
print(0.1 + 0.2 == 0.3, 1e16 == 1e16 + 1, 2 ** 53 == 2 ** 53 + 1.0)
print(10 ** 16 == 1e16, 10 ** 23 == 1e23, int(1e23))
print(1 != 1.0, "a" != "a", [1] != [1])
print(-0.0 == 0, 0.0 == -0, float("inf") > 10 ** 400)
print(range(3) == [0, 1, 2], list(range(3)) == [0, 1, 2])
print(1 in [True], True in [1], 0 in [False, 1], "1" in [1])
class A:
    pass
a = A()
print(a == a, a != a, a == A(), [a] == [a])
