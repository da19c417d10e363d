# inf, nan and negative zero.
inf = float("inf")
ninf = float("-inf")
nan = float("nan")
print(inf, ninf, nan)
print(repr(inf), repr(nan), str(ninf))
print(inf + 1, inf * 2, -inf, inf - inf, inf * 0)
print(inf > 10 ** 300, ninf < -10 ** 300)
print(nan == nan, nan != nan, nan < 1, nan > 1)
print(inf == inf, inf == float("infinity"), float("Inf"), float("-INF"), float("NaN"))
print(-0.0, 0.0 == -0.0, repr(-0.0), str(-0.0))
print(0.0 * -1, -0.0 + 0.0, -0.0 - 0.0, abs(-0.0))
print(1 / inf, -1 / inf)
print(round(-0.4), round(-0.0), int(-0.0))
print(f"{inf:.2f} {nan:.3f} {-0.0:.1f} {ninf:>8}")
print("%f %f %.1f" % (inf, nan, -0.0))
print(max(1.0, inf), min(1.0, ninf))
print(1e308 * 10, -1e308 * 10)
print([inf, nan, -0.0])
print(inf in [inf], nan in [nan], nan is nan)
x = nan
print(x in [x])
try:
    1.0 / 0.0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
