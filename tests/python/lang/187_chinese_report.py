# Chinese labels through %-format, str.format and f-strings.
tasks = [("下载网页", 3, 1.25), ("解析数据", 12, 0.5), ("写入数据库", 7, 2.0)]
print("%-8s %4s %8s" % ("任务", "数量", "耗时"))
for name, n, t in tasks:
    print("%-8s %4d %8.2f" % (name, n, t))
for name, n, t in tasks:
    print("{0:<6}|{1:>4}|{2:>6.1f}|".format(name, n, t))
for name, n, t in tasks:
    print(f"{name:*^10}{n:03d}{t:+.1f}")
print("进程ID：%d，耗时%0.2f秒" % (1234, 2.0049))
print("共%d个任务，总数量%d" % (len(tasks), sum(n for _, n, _ in tasks)))
print(repr("子进程结束"), len("子进程结束"), "子进程结束"[::-1])
