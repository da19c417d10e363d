s = 0
for i in range(5000000):
    s += i
print(s)
