# IndentationError: the block after an if statement is missing.
# Nothing runs; the last stderr line names the statement and its line.
print("never printed")
x = 3
if x > 2:
print("big")
else:
    print("small")
print("after")
print("end")
