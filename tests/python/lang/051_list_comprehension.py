# List comprehensions: filters, nesting, conditionals, scoping.
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0])
print([x if x % 2 else -x for x in range(6)])
print([(x, y) for x in range(3) for y in range(x)])
print([[x * y for y in range(1, 4)] for x in range(1, 4)])
print([c.upper() for c in "abc" if c != "b"])
print([len(w) for w in "the quick brown fox".split()])
print([x for x in range(10) if x % 2 if x % 3])
x = "outer"
squares = [x for x in range(3)]
print(x, squares)
print([i for i in []], [None for _ in range(2)])
pairs = [(a, b) for a in "ab" for b in (1, 2)]
print(pairs)
print([s.strip() for s in [" a ", "b ", " c"]])
print([n for n in range(2, 30) if all(n % d for d in range(2, n))])
matrix = [[1, 2], [3, 4], [5, 6]]
print([v for row in matrix for v in row if v % 2 == 0])
print([[row[i] for row in matrix] for i in range(2)])
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])
