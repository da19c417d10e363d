class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Point(self.x + other.x, self.y + other.y)

def main():
    p = Point(0, 0)
    step = Point(1, 2)
    for _ in range(500000):
        p = p.add(step)
    print(p.x, p.y)
main()
