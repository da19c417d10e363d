# Errors raised inside __init__ and from constructing classes wrongly.
class Temperature:
    def __init__(self, celsius):
        if celsius < -273.15:
            raise ValueError(f"{celsius} is below absolute zero")
        self.celsius = celsius
    def fahrenheit(self):
        return self.celsius * 9 / 5 + 32
for c in [100, -40, 0, -300]:
    try:
        t = Temperature(c)
        print(c, "->", t.fahrenheit())
    except ValueError as e:
        print("ValueError:", e)
class Bad:
    def __init__(self):
        return 5
try:
    Bad()
except TypeError as e:
    print("TypeError:", e)
try:
    Temperature()
except TypeError as e:
    print("TypeError:", e)
try:
    Temperature(1, 2)
except TypeError as e:
    print("TypeError:", e)
class NoInit:
    pass
try:
    NoInit(1)
except TypeError as e:
    print("TypeError:", e)
