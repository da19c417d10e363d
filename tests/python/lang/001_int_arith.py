# Integer arithmetic: + - * / // % ** and precedence.
a = 17
b = 5
print(a + b, a - b, a * b)
print(a / b, a // b, a % b)
print(a ** 2, 2 ** 10, 10 ** 0)
print(-a, +a, -(-a))
print(2 + 3 * 4, (2 + 3) * 4, 2 ** 3 ** 2, (2 ** 3) ** 2)
print(-2 ** 2, (-2) ** 2)
print(10 - 3 - 2, 100 // 10 // 3, 2 * 3 % 4)
print(7 / 7, type(7 / 7))
print(0 * -1, 0 // 5, 0 % 5)
print(1_000_000 + 1, 0b1010, 0o17, 0xff, 0XFF)
print(abs(-42), abs(0), abs(42))
x = 1
for i in range(1, 11):
    x = x * i
print("10! =", x)
print(3 * (4 + 5) - 6 // 2 ** 1)
print(True + True, True * 10, False - 1)
print(9 // 3, 9 / 3, 9 % 3)
print(123456789 * 987654321)
total = 0
for n in range(-5, 6):
    total += n * n
print("sum of squares", total)
