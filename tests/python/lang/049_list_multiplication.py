# List repetition copies references: the classic [[0]*3]*3 pitfall.
row = [0] * 3
print(row, [1, 2] * 2, [] * 5, [None] * 2, [1] * 0, [1] * -1)
grid = [[0] * 3] * 3
grid[0][0] = 1
print(grid)
print(grid[0] is grid[1])
grid2 = [[0] * 3 for _ in range(3)]
grid2[0][0] = 1
print(grid2)
print(grid2[0] is grid2[1])
xs = [1, 2]
xs *= 3
print(xs)
alias = xs
xs *= 0
print(alias, xs is alias)
t = (1, [2]) * 2
t[1].append(3)
print(t)
print("=" * 10, (0,) * 4)
try:
    [1] * 2.0
except TypeError as e:
    print("TypeError:", e)
try:
    [1] * [2]
except TypeError as e:
    print("TypeError:", e)
