# Nested lists: matrices, deep indexing, and mutation through aliases.
m = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print(m[1], m[1][2], m[-1][-1], len(m), len(m[0]))
t = [[m[r][c] for r in range(3)] for c in range(3)]
print(t)
print([row[::-1] for row in m])
print([m[i][i] for i in range(3)], sum(m[i][2 - i] for i in range(3)))
flat = [x for row in m for x in row]
print(flat)
m[0][0] = 100
print(m[0])
deep = [1, [2, [3, [4, [5]]]]]
print(deep[1][1][1][1][0], deep)
inner = [0]
outer = [inner, inner]
inner.append(1)
print(outer)
for row in m:
    print(" ".join(f"{v:3}" for v in row))
print([[0] * 2 for _ in range(2)] == [[0, 0], [0, 0]])
print(m == [[100, 2, 3], [4, 5, 6], [7, 8, 9]], m < [[100, 2, 4]])
