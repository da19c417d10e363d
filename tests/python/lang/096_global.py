# global statements and module-level state.
counter = 0
def bump():
    global counter
    counter += 1
    return counter
bump()
bump()
print(counter, bump())
def read_only():
    return counter * 10
print(read_only())
def shadow():
    counter = -1
    return counter
print(shadow(), counter)
def create():
    global created
    created = "made in function"
create()
print(created)
items = []
def add(x):
    items.append(x)
add(1)
add(2)
print(items)
def broken():
    try:
        return counter_typo
    except NameError as e:
        return str(e)
print(broken())
def unbound_local():
    try:
        total = total + 1
    except NameError as e:
        return str(e)
total = 5
print(unbound_local())
def set_two():
    global a, b
    a, b = 1, 2
set_two()
print(a, b)
