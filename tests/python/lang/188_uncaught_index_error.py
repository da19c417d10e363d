# Uncaught IndexError in a loop that walks past the end.
print("first:", [10, 20, 30][0])
print("len:", len([10, 20, 30]))
print("last:", [10, 20, 30][-1])
print("slice past end is fine:", [10, 20, 30][5:])
data = [10, 20, 30]
i = 0
while True:
    print("item", i, data[i])
    i += 1
