# The f-string '=' specifier (3.8+).
x = 42
name = "Lockstep"
items = [1, 2]
pi = 3.14159
print(f"{x=}")
print(f"{x = }")
print(f"{name=}")
print(f"{name=!s}")
print(f"{pi=:.2f}")
print(f"{x * 2=}")
print(f"{items=}, {len(items)=}")
print(f"{x=:>6}|")
print(f"{x=!r:>6}|")
print(f"{name.upper()=}")
print(f"{x+1 = }")
print(f"{'中文'=}")
print(f"{None=} {True=}")
