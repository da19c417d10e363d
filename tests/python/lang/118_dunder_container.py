# __len__, __getitem__, __contains__ (beyond python.md's explicit list; CPython semantics).
class Deck:
    def __init__(self):
        self.cards = [r + s for s in "SH" for r in "A23"]
    def __len__(self):
        return len(self.cards)
    def __getitem__(self, i):
        return self.cards[i]
    def __contains__(self, card):
        return card in self.cards
d = Deck()
print(len(d), d[0], d[-1], d[1:3])
print("2H" in d, "KD" in d, "KD" not in d)
print(bool(d), [c for c in d])
class Empty:
    def __len__(self):
        return 0
print(bool(Empty()), "yes" if Empty() else "no")
try:
    d[10]
except IndexError as e:
    print("IndexError:", e)
try:
    len(5)
except TypeError as e:
    print("TypeError:", e)
