# split, rsplit, splitlines and join.
s = "  the quick  brown\tfox\njumps  "
print(s.split())
print(s.split(" "))
print("a,b,,c,".split(","))
print("a,b,c,d".split(",", 2))
print("a,b,c,d".rsplit(",", 2))
print("a b c".split(None, 1))
print("".split(), "".split(","), "   ".split())
print("one::two::three".split("::"))
print("line1\nline2\r\nline3\n".splitlines())
print("line1\nline2\n".splitlines(True))
print("no newline".splitlines(), "".splitlines())
print("-".join(["a", "b", "c"]))
print("".join(["x", "y"]), ", ".join([]), "/".join("abc"))
print(" ".join(str(i) for i in range(5)))
print("\n".join(["first", "second"]))
try:
    ", ".join([1, 2])
except TypeError as e:
    print("TypeError:", e)
try:
    "a b".split("")
except ValueError as e:
    print("ValueError:", e)
csv = "name,age\nann,31\nbob,27"
for row in csv.split("\n"):
    cols = row.split(",")
    print(cols[0].ljust(6), "|", cols[1])
