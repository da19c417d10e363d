# reverse, clear, copy, len, in, min/max/sum on lists.
xs = [3, 1, 4, 1, 5]
print(xs.reverse(), xs)
ys = xs.copy()
xs.clear()
print(xs, ys, len(xs), len(ys))
print(4 in ys, 7 in ys, 7 not in ys)
print(min(ys), max(ys), sum(ys), sum(ys) / len(ys))
print(list(reversed(ys)), ys)
stack = []
for v in [1, 2, 3]:
    stack.append(v)
print(stack.pop(), stack.pop(), stack)
queue = ["a", "b", "c"]
print(queue.pop(0), queue)
print([1, 2, 3] + [4], [[]] * 2, [[], []] == [[]] * 2)
print(bool([]), bool([0]), bool([[]]), len([[], []]))
nums = [5, 3, 8]
nums[1] += 10
nums[-1] *= 2
print(nums)
print(str([1, "a", None, 2.0, True]), repr(["x"]))
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    [1].pop(5)
except IndexError as e:
    print("IndexError:", e)
