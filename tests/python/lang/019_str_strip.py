# strip, lstrip, rstrip with and without characters.
s = "   padded text \t\n"
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print(repr("xxhixx".strip("x")), repr("xxhixx".lstrip("x")), repr("xxhixx".rstrip("x")))
print(repr("www.example.com".strip("cmow.")))
print(repr("abcba".strip("ab")), repr("   ".strip()), repr("".strip()))
print(repr("\u3000全角空格\u3000".strip()))
print(repr("--==title==--".strip("-=")))
print(repr("0001200".lstrip("0")), repr("0001200".rstrip("0")))
print(repr("hello".strip("")), repr("hello".strip("helo")))
print(repr("a\r\n".rstrip("\n")), repr("a\r\n".rstrip()))
lines = ["  alpha  ", "\tbeta", "gamma\n"]
print([l.strip() for l in lines])
print(repr("prefix_name".removeprefix("prefix_")), repr("file.py".removesuffix(".py")))
print(repr("file.py".removesuffix(".txt")))
