# Floor division and modulo with negative operands round toward -infinity.
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (1, 3), (-1, 3), (6, 3), (-6, 3)]
for a, b in pairs:
    print(f"{a:>3} // {b:>2} = {a // b:>3}   {a:>3} % {b:>2} = {a % b:>3}")
print(-7 // 2, -7 % 2)
print(7 // -2, 7 % -2)
print(-1 // 10, -1 % 10)
print(-10 // 10, -10 % 10)
print(-11 // 10, -11 % 10)
print(13 % 5, -13 % 5, 13 % -5, -13 % -5)
print(-3 // 1, -3 % 1)
# the invariant a == (a // b) * b + a % b
ok = True
for a in range(-20, 21):
    for b in [-7, -3, -1, 1, 2, 5]:
        if (a // b) * b + a % b != a:
            ok = False
print("invariant holds:", ok)
print(-(7 // 2), (-7) // 2, -7 // 2)
print(int(-7 / 2), -7 // 2)
print(-2 ** 63 // 3, -2 ** 63 % 3)
print(10 ** 20 // -7, 10 ** 20 % -7)
