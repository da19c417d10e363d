# ZeroDivisionError messages differ per operator and operand type.
ops = [
    ("1 / 0", lambda: 1 / 0),
    ("1 // 0", lambda: 1 // 0),
    ("1 % 0", lambda: 1 % 0),
    ("1.0 / 0", lambda: 1.0 / 0),
    ("1 / 0.0", lambda: 1 / 0.0),
    ("1.0 // 0", lambda: 1.0 // 0),
    ("1.0 % 0", lambda: 1.0 % 0),
    ("divmod(1, 0)", lambda: divmod(1, 0)),
    ("divmod(1.0, 0)", lambda: divmod(1.0, 0)),
    ("0 ** -1", lambda: 0 ** -1),
    ("2**100 // 0", lambda: 2 ** 100 // 0),
    ("2**100 % 0", lambda: 2 ** 100 % 0),
    ("2**100 / 0", lambda: 2 ** 100 / 0),
    ("True / False", lambda: True / False),
]
for text, f in ops:
    try:
        f()
    except ZeroDivisionError as e:
        print(f"{text:<16} -> {e}")
x = 0
try:
    x = 5
    x /= 0
except ZeroDivisionError as e:
    print("x /= 0 ->", e, "| x is still", x)
print(isinstance(ZeroDivisionError(), ArithmeticError))
