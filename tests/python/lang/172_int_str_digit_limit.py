# CPython 3.11 limits int<->str conversion to 4300 digits.
n = 10 ** 4299
print(len(str(n)))
big = 10 ** 4300
try:
    s = str(big)
except ValueError as e:
    print("ValueError:", e)
try:
    int("1" * 4301)
except ValueError as e:
    print("ValueError:", e)
print(len(str(int("9" * 4300))))
f = 1
for i in range(1, 1001):
    f *= i
print(len(str(f)), str(f)[:20], f % 10 ** 9)
print(big % 97, big > 10 ** 4299, len(str(big // 10)))
print(f"{2 ** 10000 % 1000000}")
