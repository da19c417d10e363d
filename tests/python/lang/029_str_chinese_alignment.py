# Alignment counts code points, not display width, as CPython does.
names = ["张三", "李四四", "Wang", "赵"]
for n in names:
    print(f"[{n:<6}] [{n:>6}] [{n:^6}] [{n:*^7}]")
for n in names:
    print("[" + n.ljust(5, "・") + "]", "[" + n.rjust(5) + "]", "[" + n.center(5) + "]")
print("%-6s|%6s|" % ("中文", "中文"))
print("{:<5}|{:>5}|{:^5}|".format("进程", "线程", "锁"))
table = [("子进程", 3), ("线程池", 12), ("队列", 100)]
for name, n in table:
    print(f"{name:<4}{n:>5}")
print(f"{'父进程开始':=^15}")
print(len(f"{'中':>4}"), f"{'中':>4}")
