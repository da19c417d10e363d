# TypeError messages for common mistakes.
one = 1
text = "a"
nothing = None
items = [1]
tests = [
    ("1 + 'a'", lambda: one + text),
    ("'a' + 1", lambda: text + one),
    ("1 + None", lambda: one + nothing),
    ("[1] + (1,)", lambda: items + (1,)),
    ("'a' - 'b'", lambda: text - "b"),
    ("-'a'", lambda: -text),
    ("len(5)", lambda: len(5)),
    ("None[0]", lambda: nothing[0]),
    ("5[0]", lambda: one[0]),
    ("for x in 5", lambda: [x for x in one]),
    ("{[]: 1}", lambda: {items: 1}),
    ("'a' < 1", lambda: text < one),
    ("None < None", lambda: nothing < nothing),
    ("[1] < 1", lambda: items < one),
    ("'x' * 'y'", lambda: text * "y"),
    ("1 ** 'a'", lambda: one ** text),
    ("'%d' % 'x'", lambda: "%d" % text),
    ("int() of list", lambda: int(items)),
    ("sum of str", lambda: sum([text])),
    ("1 @ 1", lambda: one @ one),
    ("[1]['x']", lambda: items["x"]),
    ("'a'.join", lambda: text.join([1, 2])),
]
for label, f in tests:
    try:
        f()
        print(label, "-> no error")
    except TypeError as e:
        print(f"{label:<16} -> {e}")
