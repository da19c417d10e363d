# Matrix multiply, transpose, identity, determinant (lists of lists).
def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]
def transpose(m):
    return [list(r) for r in zip(*m)]
def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]
def det(m):
    if len(m) == 1:
        return m[0][0]
    total = 0
    for c in range(len(m)):
        minor = [row[:c] + row[c + 1:] for row in m[1:]]
        total += (-1) ** c * m[0][c] * det(minor)
    return total
a = [[1, 2], [3, 4]]
b = [[5, 6], [7, 8]]
print(matmul(a, b), matmul(b, a))
print(transpose([[1, 2, 3], [4, 5, 6]]))
print(matmul(a, identity(2)) == a)
print(det(a), det([[2, 0, 1], [1, 3, 2], [1, 1, 1]]), det(identity(4)))
m = [[1, 1], [1, 0]]
p = identity(2)
for _ in range(30):
    p = matmul(p, m)
print("fib(30) via matrix:", p[0][1])
for row in matmul([[1.5, 0], [0, 0.5]], [[2, 1], [4, 3]]):
    print(" ".join(f"{v:6.2f}" for v in row))
