# Predicate methods on strings.
samples = ["abc", "ABC", "Abc", "123", "abc123", "", " ", "\t\n", "Hello World", "3.14", "-5", "中文", "½", "²"]
for s in samples:
    print(repr(s).ljust(14), s.isalpha(), s.isdigit(), s.isalnum(), s.isspace(), s.isupper(), s.islower(), s.istitle(), s.isdecimal(), s.isnumeric())
print("abc_1".isidentifier(), "1abc".isidentifier(), "变量".isidentifier(), "".isidentifier())
print("hello".isascii(), "héllo".isascii(), "".isascii())
print("Hello".startswith("H") and "Hello"[1:].islower())
print("  x".isspace(), "\u3000".isspace(), "Ⅻ".isnumeric(), "Ⅻ".isdigit())
print("ABC DEF".isupper(), "abc def".islower(), "Abc Def".istitle(), "ABC".istitle())
print("123".isdecimal(), "-123".lstrip("-").isdigit(), "1_000".isdigit())
