# Loops over range with various bounds.
for i in range(3):
    print("i =", i)
for i in range(10, 0, -4):
    print("down", i)
for i in range(0):
    print("never")
total = 0
for i in range(1, 101, 2):
    total += i
print("sum of odds", total)
for i in range(3):
    i = 100
    print("i rebound to", i)
print("after loop i =", i)
rows = []
for r in range(3):
    row = []
    for c in range(4):
        row.append(r * 4 + c)
    rows.append(row)
print(rows)
n = 5
for i in range(n):
    print(" " * (n - i - 1) + "*" * (2 * i + 1))
print([i for i in range(-5, 5, 3)], [i for i in range(5, -5, -3)])
