# Hand-written sorting algorithms compared with sorted().
def bubble(xs):
    xs = list(xs)
    n = len(xs)
    for i in range(n):
        swapped = False
        for j in range(n - 1 - i):
            if xs[j] > xs[j + 1]:
                xs[j], xs[j + 1] = xs[j + 1], xs[j]
                swapped = True
        if not swapped:
            break
    return xs
def insertion(xs):
    xs = list(xs)
    for i in range(1, len(xs)):
        key = xs[i]
        j = i - 1
        while j >= 0 and xs[j] > key:
            xs[j + 1] = xs[j]
            j -= 1
        xs[j + 1] = key
    return xs
def merge_sort(xs):
    if len(xs) <= 1:
        return list(xs)
    mid = len(xs) // 2
    left, right = merge_sort(xs[:mid]), merge_sort(xs[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i]); i += 1
        else:
            out.append(right[j]); j += 1
    return out + left[i:] + right[j:]
def quick(xs):
    if len(xs) <= 1:
        return xs
    pivot = xs[0]
    return quick([x for x in xs[1:] if x < pivot]) + [pivot] + quick([x for x in xs[1:] if x >= pivot])
data = [38, 27, 43, 3, 9, 82, 10, 3, -5, 0]
for f in [bubble, insertion, merge_sort, quick]:
    r = f(data)
    print(f.__name__, r, r == sorted(data))
print(data)
print(merge_sort(list("sorting")), quick([2.5, -1.0, 2.5, 0.0]))
