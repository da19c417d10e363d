# Shadowing builtin names with variables, then deleting the shadow.
list = [3, 1, 2]
print(list, sorted(list))
try:
    list("abc")
except TypeError as e:
    print("TypeError:", e)
del list
print(list("abc"))
def max(a, b):
    return "custom max"
print(max(1, 2))
del max
print(max(1, 2))
str_ = str
def f(str):
    return str * 2
print(f("ab"), f(3), str_(5))
len = 7
print(len)
del len
print(len("four"))
