# String algorithms: palindromes, anagrams, run-length encoding, Caesar.
def is_pal(s):
    cleaned = "".join(c.lower() for c in s if c.isalnum())
    return cleaned == cleaned[::-1]
for s in ["A man, a plan, a canal: Panama", "hello", "", "上海自来水来自海上"]:
    print(repr(s), is_pal(s))
def anagrams(words):
    groups = {}
    for w in words:
        groups.setdefault("".join(sorted(w)), []).append(w)
    return [g for g in groups.values() if len(g) > 1]
print(anagrams(["listen", "silent", "enlist", "google", "gooegl", "cat", "act", "dog"]))
def rle(s):
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(f"{j - i}{s[i]}")
        i = j
    return "".join(out)
print(rle("aaabccddddde"), rle(""), rle("x"))
def caesar(s, k):
    res = []
    for c in s:
        if c.isalpha() and c.isascii():
            base = ord("A") if c.isupper() else ord("a")
            res.append(chr((ord(c) - base + k) % 26 + base))
        else:
            res.append(c)
    return "".join(res)
enc = caesar("Hello, World! 中文", 3)
print(enc, caesar(enc, -3))
print(" ".join(w[::-1] for w in "reverse each word".split()))
print(" ".join(reversed("reverse the word order".split())))
