# partition and rpartition always return 3-tuples.
print("key=value=x".partition("="))
print("key=value=x".rpartition("="))
print("novalue".partition("="))
print("novalue".rpartition("="))
print("=start".partition("="), "end=".partition("="))
print("".partition("x"))
host, _, port = "localhost:8080".partition(":")
print(host, int(port) + 1)
name, sep, ext = "archive.tar.gz".rpartition(".")
print(name, sep, ext)
try:
    "abc".partition("")
except ValueError as e:
    print("ValueError:", e)
for line in ["a: 1", "b:2", "c", "d: x: y"]:
    k, sep, v = line.partition(":")
    print(repr(k.strip()), bool(sep), repr(v.strip()))
