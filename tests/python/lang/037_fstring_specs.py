# f-string format specs from the brief: 0.2f, >8, 08.3f, ',', x, !r, =.
values = [0, 1, -1, 3.14159, 1234567.891, 2 ** 40, -0.5]
for x in values:
    print(f"[{x:>14}] [{x:<14}] [{x:^14}]")
for x in [3.14159, -2.5, 1234.5678, 0.001]:
    print(f"{x:0.2f} {x:08.3f} {x:>10.1f} {x:<10.4f}| {x:,.2f} {x:e}")
for n in [0, 7, 255, 4096, -42, 1234567]:
    print(f"{n:x} {n:X} {n:o} {n:b} {n:,} {n:08d} {n:>8} {n:#x}")
w = 12
p = 3
v = 2 / 3
print(f"[{v:{w}.{p}f}] [{v:>{w}}] [{'s':{'^'}{w}}]")
print(f"{'left':<8}|{'right':>8}|{'mid':^8}|")
print(f"{'x'!r:>6}|{3.5!r}|{'中'!r}")
print(f"{True:>6}|{None!s:>6}|{[1, 2]!s:>8}|")
