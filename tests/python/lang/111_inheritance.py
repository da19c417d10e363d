# Single inheritance: attribute lookup through the base class.
class Shape:
    sides = 0
    def __init__(self, name):
        self.name = name
    def describe(self):
        return f"{self.name} with {self.sides} sides, area {self.area():.2f}"
    def area(self):
        return 0
class Rect(Shape):
    sides = 4
    def __init__(self, w, h):
        Shape.__init__(self, "rect")
        self.w = w
        self.h = h
    def area(self):
        return self.w * self.h
class Square(Rect):
    def __init__(self, s):
        Rect.__init__(self, s, s)
        self.name = "square"
class Triangle(Shape):
    sides = 3
    def __init__(self, b, h):
        super().__init__("triangle")
        self.b, self.h = b, h
    def area(self):
        return self.b * self.h / 2
for s in [Shape("blob"), Rect(2, 3), Square(4), Triangle(3, 5)]:
    print(s.describe())
sq = Square(2)
print(isinstance(sq, Rect), isinstance(sq, Shape), isinstance(Rect(1, 1), Square))
print(type(sq).__name__, Square.sides, Triangle.sides)
print(issubclass(Square, Shape), issubclass(Shape, Square))
