# for-else: else runs only when the loop was not broken.
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            print(n, "=", d, "*", n // d)
            break
    else:
        print(n, "is prime")
for x in []:
    print("never")
else:
    print("empty loop else")
for ch in "abc":
    if ch == "z":
        break
else:
    print("no z found")
for ch in "xyz":
    if ch == "y":
        print("found y")
        break
else:
    print("not printed")
for i in range(3):
    continue
else:
    print("continue does not skip else, i =", i)
