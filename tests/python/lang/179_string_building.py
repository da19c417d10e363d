# Building strings: accumulation, join, and formatted reports.
parts = []
for i in range(5):
    parts.append(f"item{i}")
print(",".join(parts))
s = ""
for ch in "abc":
    s += ch * 2
print(s)
rows = [("Name", "Qty", "Price"), ("apple", 3, 0.5), ("banana", 12, 0.25), ("cherry", 100, 10.0)]
header, *body = rows
print(f"{header[0]:<10}{header[1]:>5}{header[2]:>9}")
print("-" * 24)
for name, qty, price in body:
    print(f"{name:<10}{qty:>5}{price:>9.2f}")
print("-" * 24)
total = sum(q * p for _, q, p in body)
print(f"{'total':<10}{'':>5}{total:>9.2f}")
lines = ["%-6s|%4d|%7.3f" % (n, q, p) for n, q, p in body]
print("\n".join(lines))
print("{:=^24}".format(" END "))
bar = lambda frac: "[" + "#" * int(frac * 20) + "." * (20 - int(frac * 20)) + "]"
for frac in [0.0, 0.33, 0.5, 1.0]:
    print(bar(frac), f"{frac:>4.0%}")
