# Arbitrary-precision integers.
print(2 ** 100)
print(2 ** 64, 2 ** 64 - 1, -2 ** 63)
print(2 ** 100 + 1, 2 ** 100 - 2 ** 99)
print(10 ** 30 // 7)
print(10 ** 30 % 7)
print(-(10 ** 30) // 7)
print(-(10 ** 30) % 7)
print(3 ** 200)
f = 1
for i in range(1, 31):
    f *= i
print("30! =", f)
print(len(str(2 ** 1000)))
print(2 ** 1000 % 1000007)
print(2 ** 127 - 1)
print((2 ** 127 - 1) * (2 ** 61 - 1))
big = 123456789012345678901234567890
print(big * big)
print(big // 12345, big % 12345)
print(-big, abs(-big))
print(big == 123456789012345678901234567890, big > 2 ** 96, big < 2 ** 97)
print(2 ** 64 == 18446744073709551616)
print(9223372036854775807 + 1)
print(-9223372036854775808 - 1)
print(9223372036854775807 * 2)
print((2 ** 200) // (2 ** 150) == 2 ** 50)
print(int("9" * 40) + 1)
