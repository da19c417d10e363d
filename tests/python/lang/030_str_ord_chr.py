# ord() and chr() over ASCII, Latin-1, CJK and astral code points.
for ch in ["A", "a", "0", " ", "\n", "é", "中", "文", "😀", "\x00"]:
    print(repr(ch), ord(ch))
print(chr(65), chr(97), chr(48), chr(20013), chr(128512), repr(chr(0)), repr(chr(127)))
print("".join(chr(ord("a") + i) for i in range(26)))
print([ord(c) - ord("0") for c in "90210"])
shifted = "".join(chr((ord(c) - 97 + 3) % 26 + 97) for c in "xyzabc")
print(shifted)
try:
    chr(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    chr(0x110000)
except ValueError as e:
    print("ValueError:", e)
try:
    ord("ab")
except TypeError as e:
    print("TypeError:", e)
try:
    ord("")
except TypeError as e:
    print("TypeError:", e)
print(max("hello"), min("hello"), sorted("中文abc"))
