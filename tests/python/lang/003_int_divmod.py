# divmod on ints and floats, including negative operands.
print(divmod(7, 2))
print(divmod(-7, 2))
print(divmod(7, -2))
print(divmod(-7, -2))
print(divmod(0, 5))
print(divmod(2 ** 70, 10 ** 9))
print(divmod(-2 ** 70, 10 ** 9))
print(divmod(7.5, 2))
print(divmod(-7.5, 2))
q, r = divmod(100, 7)
print(q, r, q * 7 + r)
seconds = 3725
m, s = divmod(seconds, 60)
h, m = divmod(m, 60)
print(f"{h}:{m:02d}:{s:02d}")
print(type(divmod(5, 2)), type(divmod(5.0, 2)))
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print("divmod(1, 0):", e)
try:
    divmod(1.0, 0)
except ZeroDivisionError as e:
    print("divmod(1.0, 0):", e)
