# TypeError messages for calls with the wrong arguments.
def f(a, b):
    return a + b
def g(x, y=1, *, z):
    return x
class K:
    def method(self, v):
        return v
five = 5
text = "abc"
nothing = None
calls = [
    lambda: f(1),
    lambda: f(),
    lambda: f(1, 2, 3),
    lambda: f(1, c=2),
    lambda: f(1, a=2),
    lambda: g(1),
    lambda: g(1, 2, 3),
    lambda: K().method(),
    lambda: K().method(1, 2),
    lambda: K.method(1),
    lambda: (lambda: 0)(1),
    lambda: len(),
    lambda: len(1, 2),
    lambda: abs("x"),
    lambda: five(),
    lambda: text(),
    lambda: nothing(),
    lambda: f(*5),
    lambda: f(**[1]),
]
for c in calls:
    try:
        c()
    except TypeError as e:
        print("TypeError:", e)
