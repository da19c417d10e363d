def main():
    d = {}
    lst = []
    for i in range(3000000):
        lst.append(i * 2)
        d[i % 1000] = d.get(i % 1000, 0) + 1
    total = 0
    for x in lst:
        total += x
    keys = sorted(d.keys())
    print(total, len(d), keys[:3], sum(d.values()))
main()
