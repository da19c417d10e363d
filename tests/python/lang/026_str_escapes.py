# Escape sequences, raw strings and triple-quoted strings.
print("a\tb\tc")
print("line1\nline2")
print("back\\slash", "quote\"s", 'apos\'s')
print("\u4e2d\u6587", "\x41\x42", "\101\102", "\N{GREEK SMALL LETTER ALPHA}")
print(r"raw\n\t\\", len(r"\n"), len("\n"))
print(r"C:\new\table")
print("C:\\new\\table")
text = """first
  second
third"""
print(text)
print(len(text), text.count("\n"))
t2 = '''it's "fine"'''
print(t2)
print("con" "cat" "enation", "a" 'b' """c""")
print("no \
break")
print(len("\u00e9"), len("e\u0301"), "e\u0301" == "\u00e9")
print("tab:[\t]".expandtabs(4))
print("%s|%r" % ("a\tb", "a\tb"))
