# TabError: one block indented with 8 spaces on one line and a tab on the next.
# The notes mix tabs and spaces like this; CPython refuses to guess.
def work(n):
        total = 0
	for i in range(n):
	    total += i
        return total
print(work(10))
print("end")
print("never")
