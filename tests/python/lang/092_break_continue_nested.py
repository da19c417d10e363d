# break and continue affect only the innermost loop.
for i in range(4):
    for j in range(4):
        if j > i:
            break
        if (i + j) % 2:
            continue
        print((i, j), end=" ")
    print("| end of i =", i)
found = None
for i in range(1, 10):
    for j in range(1, 10):
        if i * j == 42:
            found = (i, j)
            break
    if found:
        break
print("found", found)
k = 0
while True:
    k += 1
    if k < 3:
        continue
    if k > 5:
        break
    print("k", k)
print("after while True, k =", k)
out = []
for word in ["keep", "skip", "keep2", "stop", "never"]:
    if word == "skip":
        continue
    if word == "stop":
        break
    out.append(word)
print(out)
