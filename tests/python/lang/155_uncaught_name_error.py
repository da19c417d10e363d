# Uncaught NameError from a typo in a nested call.
greeting = "Hello, "
print(greeting + "ann")
names = ["ann", "bob"]
print(", ".join(names))
def greet(name):
    return salutation + name
print("start")
for who in ["world"]:
    print(greet(who))
print("never")
