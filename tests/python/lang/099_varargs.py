# *args collects extra positional arguments into a tuple.
def total(*nums):
    print(type(nums), nums)
    return sum(nums)
print(total(), total(1), total(1, 2, 3))
def head_tail(first, *rest):
    return first, rest
print(head_tail(1), head_tail(1, 2, 3))
print(head_tail(*"abc"), head_tail(*range(3), 99))
def join_all(sep, *parts):
    return sep.join(str(p) for p in parts)
print(join_all("-", 1, 2, 3), join_all(", "))
def maxi(*values, default=None):
    return max(values) if values else default
print(maxi(3, 9, 2), maxi(), maxi(default=0))
def forward(*args):
    return total(*args, 100)
print(forward(1, 2))
def show(a, b=2, *args):
    return (a, b, args)
print(show(1), show(1, 5), show(1, 5, 6, 7))
print(print.__name__, len.__name__)
