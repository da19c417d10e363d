# A SyntaxError stops the program before anything runs: stdout is empty, exit code 1.
# (python.md requires SyntaxErrors with line and column; the wording here is CPython's.)
print("this line never runs")
values = [1, 2, 3
total = 0
for v in values:
    total += v
print(total)
print("done")
print("end")
