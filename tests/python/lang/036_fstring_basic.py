# f-strings: expressions, method calls, nested containers, braces.
name = "Ann"
age = 31
items = [1, 2, 3]
d = {"k": "v", "n": 5}
print(f"{name} is {age}")
print(f"{name.upper()} {len(name)} {age + 1} {age * 2 - 1}")
print(f"{items} {items[0]} {items[-1]} {sum(items)}")
print(f"{d['k']} {d['n'] * 2} {d}")
print(f"{'yes' if age > 30 else 'no'}")
print(f"{{braces}} {{{name}}}")
print(f"{None} {True} {3.0} {1e16} {[0.1]}")
print(f"{[x * x for x in items]}")
print(f"{name!r} {name!s} {items!r}")
print(f"{'中文'} {len('中文')}")
print(f"a" f"b" f"{1}" "c")
print(f"""multi
line {name}""")
x = 10
print(f"{x}{x}{x}", f"{x:}", f"{-x}", f"{x // 3}, {x % 3}, {x / 4}")
print(f"{(lambda v: v + 1)(5)}")
print(f"{', '.join(['a', 'b'])}")
print(f"{1 < 2 < 3} {not True} {x and 'x'} {0 or 'zero'}")
print(f"{3.0 * 1.1} {0.1 + 0.2}")
