# Format specifications applied to floats.
x = 3.14159265
print(f"{x:.2f}|{x:.0f}|{x:10.3f}|{x:<10.3f}|{x:^10.3f}|{x:010.3f}")
print(f"{x:e}|{x:.2e}|{x:E}|{x:g}|{x:.3g}|{x:%}|{x:.1%}")
print(f"{-x:.2f}|{x:+.2f}|{x: .2f}|{-x: .2f}")
print(f"{1234567.891:,.2f}|{1234567.891:_.1f}|{0.000012345:g}|{123456789.0:g}")
print(f"{1e16:f}|{1e-7:f}|{1.5:g}|{1.0:g}|{100.0:g}|{1e6:g}|{1e5:g}")
print(f"{2.5:.0f}|{0.5:.0f}|{1.5:.0f}|{2.675:.2f}")
print(f"{x:*>12.4f}|{x:#<12.1f}|{x:=+12.3f}")
print(f"{0.1:.20f}")
print(f"{1/3:.15f}|{2/3:.17g}|{2/3:.16g}")
print(format(x, ".3f"), format(2.0, ""), format(1e16, ""), format(0.1, ".1e"))
print(f"{float('inf'):f}|{float('nan'):e}|{float('-inf'):g}")
print(f"{12.0:.3}|{12.5:.1}|{1e-5:.2g}|{123.0:}")
print(f"{5:.2f}|{5:e}|{-3:%}")
for v in [0.0, 1.0, 10.5, 100.25, 1000.125]:
    print(f"[{v:8.2f}] [{v:<8.1f}] [{v:>+9.3f}]")
