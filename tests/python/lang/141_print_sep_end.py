# print() keyword arguments sep, end and flush.
print("a", "b", "c")
print("a", "b", "c", sep="")
print("a", "b", "c", sep=", ")
print("a", "b", sep="\n")
print("no newline", end="")
print(" <- continued")
print("x", end="|")
print("y", end="|\n")
print(1, 2, 3, sep=" + ", end=" = 6\n")
print()
print("", "")
print(sep="ignored")
print("flushed", flush=True)
print(*[1, 2, 3])
print(*"abc", sep="-")
print("multi", "sep", sep="::", end="!!\n")
print(None, sep=None, end=None)
for i in range(3):
    print(i, end=" " if i < 2 else "\n")
print("中文", "字符", sep="，")
try:
    print("x", sep=5)
except TypeError as e:
    print("TypeError:", e)
try:
    print("x", end=1)
except TypeError as e:
    print("TypeError:", e)
