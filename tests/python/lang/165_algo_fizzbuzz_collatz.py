# FizzBuzz and Collatz sequences.
for i in range(1, 21):
    if i % 15 == 0:
        print("FizzBuzz", end=" ")
    elif i % 3 == 0:
        print("Fizz", end=" ")
    elif i % 5 == 0:
        print("Buzz", end=" ")
    else:
        print(i, end=" ")
print()
def collatz(n):
    seq = [n]
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        seq.append(n)
    return seq
print(collatz(6))
print(collatz(27)[:10], len(collatz(27)), max(collatz(27)))
best = max(range(1, 1000), key=lambda n: len(collatz(n)))
print(best, len(collatz(best)))
