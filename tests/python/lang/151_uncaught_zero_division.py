# Uncaught ZeroDivisionError: stdout so far, exit code 1, traceback last line.
scores = {"ann": [2, 4], "bob": []}
for name in scores:
    print(name, "has", len(scores[name]), "scores")
def average(xs):
    return sum(xs) / len(xs)
print("average of [2, 4]:", average([2, 4]))
print("average of []:")
print(average([]))
print("never printed")
