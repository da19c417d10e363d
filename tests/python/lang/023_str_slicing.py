# String indexing and slicing: negative indexes, steps, out-of-range bounds.
s = "Hello, World"
print(s[0], s[-1], s[7], s[-5])
print(s[0:5], s[7:], s[:5], s[:], s[-5:], s[:-7])
print(s[::2], s[1::2], s[::-1], s[::-2], s[-1:-6:-1])
print(s[2:10:3], s[10:2:-3], s[5:1], s[100:], s[-100:3])
print(repr(s[5:5]), repr(s[3:1]), repr(s[12:]), len(s[::3]))
print(s[-3:-1], s[-1:], s[:-1][-1])
print(s[1:-1:1], s[::100], s[::-100])
digits = "0123456789"
print(digits[::3], digits[8::-3], digits[-2::-2], digits[3:8][::-1])
print(digits[len(digits) // 2:], digits[:len(digits) // 2])
try:
    s[12]
except IndexError as e:
    print("IndexError:", e)
try:
    s[-13]
except IndexError as e:
    print("IndexError:", e)
try:
    s[::0]
except ValueError as e:
    print("ValueError:", e)
try:
    s[0] = "h"
except TypeError as e:
    print("TypeError:", e)
word = "racecar"
print(word == word[::-1], "python" == "python"[::-1])
