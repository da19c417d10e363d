# Set comprehensions; sets of strings are printed sorted (hash order varies).
print({x % 5 for x in range(20)})
print({x * x for x in range(-3, 4)})
words = "the cat saw the other cat".split()
print(sorted({w for w in words}))
print(sorted({len(w) for w in words}))
print(sorted({w[0] for w in words if len(w) > 3}))
uniq = []
seen = set()
for w in words:
    if w not in seen:
        seen.add(w)
        uniq.append(w)
print(uniq)
print(len(set("mississippi")), sorted(set("mississippi")))
print({(x, y) for x in range(2) for y in range(2)} == {(0, 0), (0, 1), (1, 0), (1, 1)})
evens = {n for n in range(10) if n % 2 == 0}
odds = set(range(10)) - evens
print(evens, odds, evens | odds == set(range(10)))
print(sorted({c.lower() for c in "AaBbCc"}))
