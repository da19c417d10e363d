# while loops with else, break and continue.
n = 0
while n < 3:
    print("n =", n)
    n += 1
else:
    print("while ended normally, n =", n)
n = 0
while n < 10:
    if n == 4:
        print("breaking at", n)
        break
    n += 1
else:
    print("not printed")
def find(items, target):
    i = 0
    while i < len(items):
        if items[i] == target:
            break
        i += 1
    else:
        return -1
    return i
print(find([5, 7, 9], 9), find([5, 7, 9], 4), find([], 1))
count = 0
total = 0
while count < 10:
    count += 1
    if count % 3 == 0:
        continue
    total += count
print("total", total)
while False:
    print("never")
else:
    print("else runs for a loop that never ran")
x = 100
steps = 0
while x != 1:
    x = x // 2 if x % 2 == 0 else 3 * x + 1
    steps += 1
print("collatz steps from 100:", steps)
