# __iter__/__next__ iterator classes (beyond python.md's explicit list; CPython semantics).
class Countdown:
    def __init__(self, start):
        self.current = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1
print(list(Countdown(5)))
for n in Countdown(3):
    print("tick", n)
c = Countdown(2)
print(next(c), next(c), next(c, "done"))
print(sum(Countdown(100)), max(Countdown(4)))
it = iter([1, 2])
print(iter(it) is it)
try:
    next(Countdown(0))
except StopIteration as e:
    print("StopIteration", repr(e), e.args)
