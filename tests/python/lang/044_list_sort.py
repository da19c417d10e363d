# list.sort with key and reverse; sort returns None.
xs = [5, 2, 9, 1, 5, 6]
r = xs.sort()
print(r, xs)
xs.sort(reverse=True)
print(xs)
words = ["banana", "Pie", "apple", "cherry", "fig", "Date"]
words.sort()
print(words)
words.sort(key=len)
print(words)
words.sort(key=lambda w: w.lower())
print(words)
words.sort(key=lambda w: (len(w), w), reverse=True)
print(words)
pairs = [(1, "b"), (0, "z"), (1, "a"), (0, "y")]
pairs.sort()
print(pairs)
pairs.sort(key=lambda p: p[1])
print(pairs)
nums = [-3, 2, -1, 0, 4, -5]
nums.sort(key=abs)
print(nums)
mixed = [3.5, 1, 2.25, -1, True]
mixed.sort()
print(mixed)
try:
    [1, "a", 2].sort()
except TypeError as e:
    print("TypeError:", e)
try:
    [[1], (1,)].sort()
except TypeError as e:
    print("TypeError:", e)
empty = []
empty.sort()
print(empty)
