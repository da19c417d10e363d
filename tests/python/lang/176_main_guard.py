# __name__ is "__main__" in the program being run.
print(__name__)
def main():
    print("main() called")
    return 0
if __name__ == "__main__":
    code = main()
    print("exit code would be", code)
else:
    print("imported, not run")
print(__name__ == "__main__", type(__name__))
