# Iterating over strings.
s = "banana"
for i, ch in enumerate(s):
    print(i, ch, end="; ")
print()
print(list(s), tuple("abc"), set("aab") == {"a", "b"})
counts = {}
for ch in s:
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
print([ch for ch in s if ch != "a"])
print("".join(reversed(s)), list(reversed("abc")))
vowels = 0
for ch in "The Quick Brown Fox":
    if ch.lower() in "aeiou":
        vowels += 1
print("vowels:", vowels)
it = iter("xy")
print(next(it), next(it), next(it, "done"))
for a, b in zip("abc", "12345"):
    print(a + b, end=" ")
print()
print(sorted(set("mississippi")))
print(sum(1 for c in "hello world" if c == "o"))
print(any(c.isdigit() for c in "abc1"), all(c.isalpha() for c in "abc1"))
print([s[i:i + 2] for i in range(0, len(s), 2)])
