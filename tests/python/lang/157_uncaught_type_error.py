# Uncaught TypeError from calling with the wrong number of arguments.
print("computing areas")
def perimeter(w, h=None):
    return 2 * (w + (w if h is None else h))
print(perimeter(2), perimeter(2, 3))
def area(w, h):
    return w * h
print(area(2, 3))
print(area(2))
print("never")
