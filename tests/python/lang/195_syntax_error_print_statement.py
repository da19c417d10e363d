# Python 2 print statement: CPython 3.11 suggests the fix in the message.
# Nothing runs; exit code 1.
name = "world"
greeting = "hello"
if name:
    print greeting, name
else:
    print("nobody")
print("end")
print("never")
