# Ackermann function for small arguments (deep but bounded recursion).
def ack(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ack(m - 1, 1)
    return ack(m - 1, ack(m, n - 1))
for m in range(3):
    print([ack(m, n) for n in range(5)])
print(ack(3, 3), ack(3, 4))
calls = [0]
def ack_count(m, n):
    calls[0] += 1
    if m == 0:
        return n + 1
    if n == 0:
        return ack_count(m - 1, 1)
    return ack_count(m - 1, ack_count(m, n - 1))
print(ack_count(2, 3), calls[0])
def gcd(a, b):
    return a if b == 0 else gcd(b, a % b)
print(gcd(1071, 462), gcd(2 ** 40, 6 ** 20), gcd(17, 5))
def depth(x):
    return 1 + max((depth(e) for e in x), default=0) if isinstance(x, list) else 0
print(depth([1, [2, [3, [4]], []]]), depth([]), depth(5))
