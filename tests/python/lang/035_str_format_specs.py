# Format-spec mini-language through str.format and format().
print("[{:>10}] [{:<10}] [{:^10}] [{:10}]".format("r", "l", "c", "d"))
print("[{:*^9}] [{:->8}] [{:0<5}]".format("mid", "r", 7))
print("{:+d} {:+d} {: d} {: d} {:d}".format(5, -5, 5, -5, 0))
print("{:,} {:,} {:_} {:,.2f}".format(1234567, -987654321, 10 ** 8, 1234.5))
print("{:b} {:o} {:x} {:X} {:#b} {:#o} {:#x} {:#X}".format(10, 64, 255, 255, 10, 64, 255, 255))
print("{:08b} {:#010x} {:>#8o}".format(5, 255, 8))
print("{:e} {:.3e} {:E}".format(123456.789, 0.000123, 1e-10))
print("{:%} {:.0%} {:.2%}".format(0.5, 0.125, 1 / 3))
print("{:g} {:g} {:g} {:g}".format(0.0001, 0.00001, 123456, 1234567))
print("{:05d} {:05d} {:+05d} {:=+8d}".format(42, -42, 42, -42))
print("{:c} {:c}".format(65, 20013))
print("{:10.3s}|{:.1s}|".format("abcdef", "xyz"))
print(format(255, "x"), format(255, "08b"), format(3.5, "06.2f"), format("s", ">3"))
print(format(12345, ","), format(-0.5, "+.1f"), format(True, "d"), format(True))
try:
    "{:d}".format(3.5)
except ValueError as e:
    print("ValueError:", e)
try:
    "{:x}".format("s")
except ValueError as e:
    print("ValueError:", e)
try:
    "{:,d}".format("s")
except ValueError as e:
    print("ValueError:", e)
