# Case-changing string methods.
s = "hello World, it's PYTHON 3.11!"
print(s.upper())
print(s.lower())
print(s.title())
print(s.capitalize())
print(s.swapcase())
print("ABC".lower(), "abc".upper(), "".upper() == "")
print("hELLO wORLD".capitalize(), "o'neil mc-donald".title())
print("straße".upper(), "Straße".lower())
print("MiXeD".casefold(), "ÉCOLE".lower())
print("123abc".upper(), "abc123def".title())
print("x".isupper(), "X".isupper(), "Hello".istitle(), "hello".islower())
print("中文abc".upper(), "ÀÉÎ".lower())
words = ["banana", "Apple", "cherry", "apple"]
print(sorted(words))
print(sorted(words, key=lambda w: w.lower()))
print([w.upper()[0] + w[1:] for w in words])
