def main():
    parts = []
    s = ""
    for i in range(2000000):
        s += str(i % 10)
        if len(s) > 50:
            parts.append(s)
            s = ""
    print(len(parts), len("".join(parts)), f"{len(parts):,}")
main()
