# Bitwise operators on ints, including negative numbers.
a = 0b1100
b = 0b1010
print(a & b, a | b, a ^ b, ~a)
print(~0, ~-1, ~5, ~-6)
print(-8 & 7, -8 | 7, -8 ^ 7)
print(-1 & 0xff, -256 & 0xff)
print(1 << 0, 1 << 10, 5 << 3)
print(1024 >> 3, -1024 >> 3, -1 >> 10, -5 >> 1)
print(255 >> 8, 256 >> 8)
print(f"{a:04b} {b:04b} {a & b:04b} {a | b:04b} {a ^ b:04b}")
print(f"{0xdead:x} {0xdead:X} {0xdead:#x} {255:#o} {5:#b}")
n = 0
for bit in [0, 3, 5]:
    n |= 1 << bit
print(n, f"{n:b}")
count = 0
m = 0b1011_0110
while m:
    m &= m - 1
    count += 1
print("popcount", count)
print(True & False, True | False, True ^ True)
try:
    print(1 << -1)
except ValueError as e:
    print("ValueError:", e)
print(6 & 3 | 8, 6 & (3 | 8), 1 | 2 ^ 3)
