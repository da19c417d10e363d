# repr of nested containers mixes each element's repr.
data = [1, "two", 3.0, None, True, [4, (5, {"six": {7}})], (), (8,)]
print(data)
print(repr(data) == str(data))
print((1, [2, (3, [4])]))
print({"a": [1, {"b": (2, "c")}]})
print([[]], [()], [{}], [set()], ([],), ({},))
print(["a'b", 'c"d', "e\\f", "g\nh"])
print([1e16, 1e-5, -0.0, float("inf"), float("nan")])
print([2 ** 70, -1, 0])
print([range(3), range(1, 5, 2)])
class P:
    def __repr__(self):
        return "P()"
print([P(), (P(),), {"p": P()}])
print(str([P()]), str(P()))
print([[1, 2], [3, 4]], [[[]]])
print(("x",), (("x",),), ("x", ("y",)))
