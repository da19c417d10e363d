# Floor division and modulo on floats.
print(7.5 // 2, -7.5 // 2, 7.5 // -2, -7.5 // -2)
print(7.5 % 2, -7.5 % 2, 7.5 % -2, -7.5 % -2)
print(5 % -3.0, -5 % 3.0, 5.0 % 3)
print(1.0 % 0.1, 1.0 // 0.1)
print(-0.0 % 5, 0.0 % -5)
print(10.0 // 3, 10.0 % 3, -10.0 // 3, -10.0 % 3)
print(2.5 % 1, -2.5 % 1, 3.75 % 0.5)
print(divmod(10.5, 3), divmod(-10.5, 3))
print(1e300 % 7.0, 1e20 // 3)
try:
    print(5.0 // 0)
except ZeroDivisionError as e:
    print("5.0 // 0:", e)
try:
    print(5.0 % 0)
except ZeroDivisionError as e:
    print("5.0 % 0:", e)
try:
    print(5 % 0.0)
except ZeroDivisionError as e:
    print("5 % 0.0:", e)
try:
    print(5 / 0.0)
except ZeroDivisionError as e:
    print("5 / 0.0:", e)
