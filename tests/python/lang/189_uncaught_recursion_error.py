# Uncaught RecursionError: the last stderr line is the message.
print("limit is about 1000 frames")
def countdown(n):
    return 0 if n == 0 else countdown(n - 1)
print(countdown(100))
def forever(n):
    return forever(n + 1) + 1
print("recursing")
forever(0)
print("never")
