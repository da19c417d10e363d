# nonlocal rebinding across nested scopes.
def outer():
    x = "outer"
    def middle():
        x = "middle"
        def inner():
            nonlocal x
            x = "inner-set"
        inner()
        return x
    m = middle()
    return x, m
print(outer())
def counter_pair():
    n = 0
    def inc():
        nonlocal n
        n += 1
    def get():
        return n
    return inc, get
inc, get = counter_pair()
inc()
inc()
print(get())
def no_nonlocal():
    x = 1
    def inner():
        x = 2
        return x
    inner()
    return x
print(no_nonlocal())
def swap_demo():
    a, b = 1, 2
    def swap():
        nonlocal a, b
        a, b = b, a
    swap()
    return a, b
print(swap_demo())
def unbound():
    y = 1
    def inner():
        print(y)
        y = 2
    try:
        inner()
    except NameError as e:
        print(type(e).__name__, e)
unbound()
