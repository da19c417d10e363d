# Uncaught ValueError from int() on user-like input.
print(int("-3"), int("+4"))
print(float(" 2.5 "))
print(sum(int(x) for x in ["1", "2"]))
print(int("12") + int(" 7 "))
inputs = ["12", " 7 ", "abc", "9"]
total = 0
for text in inputs:
    total += int(text)
    print("running total", total)
