# Mutating set methods and their errors.
s = {5, 1, 3}
s.add(2)
s.add(3)
print(s, len(s))
s.discard(1)
s.discard(100)
print(s)
s.remove(5)
print(s)
try:
    s.remove(100)
except KeyError as e:
    print("KeyError:", e, repr(e))
s.update([7, 8], {9})
print(s)
t = s.copy()
t.clear()
print(s, t)
popped = []
u = {4, 2, 6}
while u:
    popped.append(u.pop())
print(sorted(popped), u)
try:
    set().pop()
except KeyError as e:
    print("KeyError:", e)
try:
    {[1, 2]}
except TypeError as e:
    print("TypeError:", e)
try:
    s.add({1})
except TypeError as e:
    print("TypeError:", e)
v = {(1, 2), (1, 2), (2, 1)}
print(len(v), (1, 2) in v)
print({1, 1.0, True}, {0, False, 0.0})
